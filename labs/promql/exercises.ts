/**
 * The PromQL exercises, in course order: each a question about the fixed dataset
 * (labs/promql/dataset/generate.ts tells its story), a reference query, hints, the wrong answers
 * learners give with what the grader must say to them, and correct answers spelled otherwise.
 * `npm run lab -- check promql-NN` and the "Check" button of the exercise's page grade a query
 * with labs/kit/promql-grader.ts; `npm run lab -- dev-check promql` proves every reference and
 * alternative passes and every mistake fails with its message.
 */
import type { Exercise } from '../kit/exercise-schema.ts';
import { parseExercises } from '../kit/exercise-schema.ts';

/** The exercise Prometheus: a lab port of its own, 127.0.0.1 only. */
export const exercisePrometheusPort = 19190;

const raw = [
  {
    id: 'promql-01',
    lesson: 'promql/selectors-and-rates',
    title: { en: 'Failed requests', ja: '失敗したリクエスト' },
    question: {
      en: 'Select the request counters of job `shop` for every response with a 5xx status code: one series per instance, route, method and status, with its raw counter value.',
      ja: 'ジョブ `shop` のリクエストカウンターのうち、ステータスコードが 5xx の応答のものをすべて選択してください。インスタンス、ルート、メソッド、ステータスごとに 1 系列で、値はカウンターの生の値です。',
    },
    reference: 'http_requests_total{job="shop", status=~"5.."}',
    hints: {
      en: [
        'A selector is the metric name with label matchers in braces: `name{label="value"}`.',
        '`=` compares the whole value; `=~` matches a regular expression (anchored at both ends), so `5..` is any three-character code starting with 5.',
      ],
      ja: [
        'セレクターはメトリクス名と、波括弧の中のラベルマッチャーで書きます（`name{label="value"}`）。',
        '`=` は値全体を比べます。`=~` は正規表現（両端で固定）に一致させるので、`5..` は 5 で始まる 3 文字のコードすべてです。',
      ],
    },
    mistakes: [
      {
        query: 'http_requests_total{job="shop", status="5.."}',
        says: 'compares the whole value literally',
        why: '= with a pattern',
      },
      { query: 'http_requests_total{job="shop"}', says: 'Not in the answer', why: 'no status matcher' },
      {
        query: 'http_request_total{status=~"5.."}',
        says: 'did you mean `http_requests_total`',
        why: 'typo in the name',
      },
    ],
    alternatives: [
      'http_requests_total{status="500", job="shop"}',
      '{__name__="http_requests_total", status=~"5.*"}',
      'http_requests_total{job=~"shop", status!~"[234].."}',
    ],
  },
  {
    id: 'promql-02',
    lesson: 'promql/selectors-and-rates',
    title: { en: 'Everything but the home page', ja: 'トップページ以外' },
    question: {
      en: 'Select the counters of successful (status 200) requests of job `shop` on every route except `/`.',
      ja: 'ジョブ `shop` の成功した（ステータス 200 の）リクエストのカウンターを、ルート `/` 以外のすべてのルートについて選択してください。',
    },
    reference: 'http_requests_total{job="shop", status="200", route!="/"}',
    hints: {
      en: [
        '`!=` keeps the series whose label differs from the value.',
        'Two conditions on two labels are two matchers in the same braces.',
      ],
      ja: [
        '`!=` は、ラベルの値が指定した値と違う系列を残します。',
        '2 つのラベルへの 2 つの条件は、同じ波括弧の中の 2 つのマッチャーです。',
      ],
    },
    mistakes: [
      { query: 'http_requests_total{route!="/"}', says: 'Not in the answer', why: 'no status matcher' },
      {
        query: 'http_requests_total{status="200", route!~"/.*"}',
        says: 'matches no series',
        why: 'a pattern that excludes every route',
      },
    ],
    alternatives: [
      'http_requests_total{status="200", route=~"/.+"}',
      'http_requests_total{job="shop", status="200", route=~"/products|/checkout"}',
    ],
  },
  {
    id: 'promql-03',
    lesson: 'promql/selectors-and-rates',
    title: { en: 'Targets that are down', ja: 'ダウンしているターゲット' },
    question: {
      en: 'Which targets failed their last scrape? Return their `up` series (value 0); at a time when every target is up, the answer is empty.',
      ja: '直近のスクレイプに失敗したターゲットはどれですか。その `up` 系列（値は 0）を返してください。すべてのターゲットが動いている時刻では、答えは空になります。',
    },
    reference: 'up == 0',
    at: '10:45',
    alsoAt: '11:13',
    hints: {
      en: [
        'Prometheus writes `up` for every target at every scrape: 1 when it succeeded, 0 when it failed.',
        'A comparison such as `== 0` is a filter: it keeps the series for which it holds.',
      ],
      ja: [
        'Prometheus はスクレイプのたびに、すべてのターゲットについて `up` を書きます。成功なら 1、失敗なら 0 です。',
        '`== 0` のような比較はフィルターです。条件を満たす系列だけを残します。',
      ],
    },
    mistakes: [
      { query: 'up', says: 'Not in the answer', why: 'no filter' },
      {
        query: 'up{instance="shop-2"}',
        says: 'The answer is empty here',
        why: 'the down target, written in at 10:45',
      },
    ],
    alternatives: ['up < 1', 'up{job=~".+"} == 0'],
  },
  {
    id: 'promql-04',
    lesson: 'promql/selectors-and-rates',
    title: { en: 'The raw samples of five minutes', ja: '5 分間の生のサンプル' },
    question: {
      en: 'Return the raw samples of the last 5 minutes of the counter of successful `POST /checkout` requests on `shop-1`: a range vector, not one value.',
      ja: '`shop-1` の、成功した `POST /checkout` リクエストのカウンターについて、直近 5 分間の生のサンプルを返してください。1 つの値ではなく、範囲ベクトルです。',
    },
    reference: 'http_requests_total{instance="shop-1", route="/checkout", status="200"}[5m]',
    hints: {
      en: [
        'A duration in square brackets after a selector, `[5m]`, makes a range vector: every sample of the window.',
        'The dataset has one sample a minute, so five minutes hold five samples per series.',
      ],
      ja: [
        'セレクターの後の角括弧に入れた期間（`[5m]`）は、範囲ベクトルを作ります。ウィンドウ内のすべてのサンプルです。',
        'データセットは 1 分に 1 サンプルなので、5 分間には系列ごとに 5 つのサンプルがあります。',
      ],
    },
    mistakes: [
      {
        query: 'http_requests_total{instance="shop-1", route="/checkout", status="200"}',
        says: 'the answer is a range vector',
        why: 'an instant vector',
      },
    ],
    alternatives: [
      'http_requests_total{route="/checkout", status="200", instance="shop-1"}[300s]',
      'http_requests_total{instance="shop-1", route="/checkout", status="200", method="POST"}[5m]',
    ],
  },
  {
    id: 'promql-05',
    lesson: 'promql/selectors-and-rates',
    title: { en: 'Requests per second, per instance', ja: 'インスタンスごとの毎秒のリクエスト数' },
    question: {
      en: 'How many requests per second does each instance of job `shop` serve, averaged over the last 5 minutes? One series per instance.',
      ja: 'ジョブ `shop` の各インスタンスは、直近 5 分間の平均で毎秒いくつのリクエストを処理していますか。インスタンスごとに 1 系列です。',
    },
    reference: 'sum by (instance) (rate(http_requests_total{job="shop"}[5m]))',
    hints: {
      en: [
        '`rate(counter[5m])` is the per-second average increase over 5 minutes, corrected for counter resets.',
        'Take the rate of each series first, then add them up per instance with `sum by (instance) (…)`.',
      ],
      ja: [
        '`rate(counter[5m])` は、5 分間の毎秒の平均増加量です。カウンターのリセットも補正します。',
        'まず系列ごとに rate を取り、それから `sum by (instance) (…)` でインスタンスごとに足し合わせます。',
      ],
    },
    mistakes: [
      {
        query: 'sum by (instance) (increase(http_requests_total{job="shop"}[5m]))',
        says: 'increase() gives the total over the window',
        why: 'increase, not rate',
      },
      { query: 'rate(http_requests_total{job="shop"}[5m])', says: 'Your series keep', why: 'no aggregation' },
      {
        query: 'sum(rate(http_requests_total{job="shop"}[5m]))',
        says: 'The answer keeps `instance`',
        why: 'aggregated too far',
      },
      {
        query: 'sum by (instance) (rate(http_requests_total{job="shop"}[1m]))',
        says: 'holds at most one sample',
        why: 'a window of one scrape interval',
      },
    ],
    alternatives: [
      'sum without (method, route, status) (rate(http_requests_total[5m]))',
      'sum by (instance) (increase(http_requests_total{job="shop"}[5m])) / 300',
      'sum by (instance, job) (rate(http_requests_total[300s]))',
    ],
  },
  {
    id: 'promql-06',
    lesson: 'promql/selectors-and-rates',
    title: { en: 'An hour of requests, across a restart', ja: '再起動をまたぐ 1 時間のリクエスト' },
    question: {
      en: 'How many requests did `shop-2` serve in the hour before 11:30, all routes and statuses together? It restarted at 10:45, so its counters went back to 0.',
      ja: '11:30 までの 1 時間に、`shop-2` はすべてのルートとステータスを合わせていくつのリクエストを処理しましたか。10:45 に再起動したので、カウンターは 0 に戻っています。',
    },
    reference: 'sum(increase(http_requests_total{instance="shop-2"}[1h]))',
    at: '11:30',
    alsoAt: '11:13',
    tolerance: 1e-9,
    hints: {
      en: [
        '`increase(counter[1h])` is how much a counter grew in an hour, and it sees a reset: a drop to 0 is a restart, not negative traffic.',
        'Subtracting the value of an hour ago does not see the reset: the difference is wrong by everything counted before it.',
      ],
      ja: [
        '`increase(counter[1h])` はカウンターが 1 時間にどれだけ増えたかで、リセットも考慮します。0 への低下は再起動であって、負のトラフィックではありません。',
        '1 時間前の値を引く方法はリセットに気づきません。その差は、リセット前に数えた分だけずれます。',
      ],
    },
    mistakes: [
      {
        query: 'sum(delta(http_requests_total{instance="shop-2"}[1h]))',
        says: 'do not see a counter reset',
        why: 'delta on a counter',
      },
      {
        query:
          'sum(http_requests_total{instance="shop-2"}) - sum(http_requests_total{instance="shop-2"} offset 1h)',
        says: 'does not see a counter reset',
        why: 'subtraction across a reset',
      },
    ],
    alternatives: [
      'sum(rate(http_requests_total{instance="shop-2"}[1h])) * 3600',
      'sum by () (increase(http_requests_total{job="shop", instance="shop-2"}[60m]))',
    ],
  },
  {
    id: 'promql-07',
    lesson: 'promql/selectors-and-rates',
    title: { en: 'The latest rate, not the average', ja: '平均ではなく直近の rate' },
    question: {
      en: 'For the counter of successful `GET /` requests on `shop-1`, return the per-second rate between its last two samples, not the average over a window.',
      ja: '`shop-1` の成功した `GET /` リクエストのカウンターについて、ウィンドウ全体の平均ではなく、最後の 2 つのサンプルの間の毎秒の変化率を返してください。',
    },
    reference: 'irate(http_requests_total{instance="shop-1", route="/", status="200"}[5m])',
    hints: {
      en: [
        '`irate()` looks only at the last two samples in its window; the window just has to hold two.',
        '`rate()` averages over the whole window, which smooths spikes away.',
      ],
      ja: [
        '`irate()` はウィンドウ内の最後の 2 つのサンプルだけを見ます。ウィンドウには 2 つのサンプルが入れば十分です。',
        '`rate()` はウィンドウ全体で平均するので、スパイクがならされます。',
      ],
    },
    mistakes: [
      {
        query: 'rate(http_requests_total{instance="shop-1", route="/", status="200"}[5m])',
        says: 'irate() gives',
        why: 'rate, not irate',
      },
    ],
    alternatives: [
      'irate(http_requests_total{instance="shop-1", route="/", status="200", method="GET"}[3m])',
      '(http_requests_total{instance="shop-1", route="/", status="200"} - http_requests_total{instance="shop-1", route="/", status="200"} offset 1m) / 60',
    ],
  },
  {
    id: 'promql-08',
    lesson: 'promql/aggregation-and-joins',
    title: { en: 'Error ratio per route', ja: 'ルートごとのエラー率' },
    question: {
      en: 'For each route, what share of the requests of the last 5 minutes failed with a 5xx status? One series per route, a number between 0 and 1.',
      ja: 'ルートごとに、直近 5 分間のリクエストのうち 5xx のステータスで失敗したものの割合はいくつですか。ルートごとに 1 系列で、0 から 1 の数値です。',
    },
    reference:
      'sum by (route) (rate(http_requests_total{job="shop", status=~"5.."}[5m])) / sum by (route) (rate(http_requests_total{job="shop"}[5m]))',
    hints: {
      en: [
        'A ratio of rates: the rate of the failed requests divided by the rate of all requests.',
        'Aggregate both sides to the same labels, `by (route)`, so each side has one series per route to divide.',
      ],
      ja: [
        'rate の比です。失敗したリクエストの rate を、すべてのリクエストの rate で割ります。',
        '両辺を同じラベル（`by (route)`）まで集約すると、割り算の両側にルートごとに 1 系列ずつそろいます。',
      ],
    },
    mistakes: [
      {
        query:
          'sum(rate(http_requests_total{status=~"5.."}[5m])) / sum by (route) (rate(http_requests_total[5m]))',
        says: 'no pairs with the same labels',
        why: 'the two sides aggregated differently',
      },
      {
        query: 'rate(http_requests_total{status=~"5.."}[5m]) / rate(http_requests_total[5m])',
        says: 'Your series keep',
        why: 'no aggregation',
      },
    ],
    alternatives: [
      'sum without (instance, method, status, job) (rate(http_requests_total{status=~"5.."}[5m])) / sum without (instance, method, status, job) (rate(http_requests_total[5m]))',
      'sum by (route) (increase(http_requests_total{status="500"}[5m])) / sum by (route) (increase(http_requests_total[5m]))',
    ],
  },
  {
    id: 'promql-09',
    lesson: 'promql/aggregation-and-joins',
    title: { en: 'The two busiest instances', ja: 'もっとも忙しい 2 つのインスタンス' },
    question: {
      en: 'Which two instances serve the most requests per second (over 5 minutes)? Return their total rate, one series per instance.',
      ja: '毎秒のリクエスト数（5 分間）がもっとも多い 2 つのインスタンスはどれですか。インスタンスごとに 1 系列で、合計の rate を返してください。',
    },
    reference: 'topk(2, sum by (instance) (rate(http_requests_total[5m])))',
    hints: {
      en: [
        '`topk(k, v)` keeps the k series of v with the largest values.',
        'Sum per instance first, or topk picks the largest single series.',
      ],
      ja: [
        '`topk(k, v)` は、v のうち値が大きい k 個の系列を残します。',
        '先にインスタンスごとに合計しないと、topk は個々の系列から最大のものを選びます。',
      ],
    },
    mistakes: [
      {
        query: 'topk(2, rate(http_requests_total[5m]))',
        says: 'Your series keep',
        why: 'topk of single series',
      },
      {
        query: 'bottomk(2, sum by (instance) (rate(http_requests_total[5m])))',
        says: 'Not in the answer',
        why: 'the quietest two',
      },
    ],
    alternatives: [
      'topk(2, sum without (method, route, status, job) (rate(http_requests_total{job="shop"}[5m])))',
      'topk(2, sum by (instance) (increase(http_requests_total[5m])) / 300)',
    ],
  },
  {
    id: 'promql-10',
    lesson: 'promql/aggregation-and-joins',
    title: { en: 'Targets by their up value', ja: 'up の値ごとのターゲット数' },
    question: {
      en: 'Count the targets by the value of `up`: one series per value, with the value itself in a label named `state`.',
      ja: '`up` の値ごとにターゲットを数えてください。値ごとに 1 系列で、値そのものは `state` という名前のラベルに入れます。',
    },
    reference: 'count_values("state", up)',
    at: '10:45',
    alsoAt: '11:13',
    hints: {
      en: [
        '`count_values("label", v)` counts the series of v that share a value, and writes the value into the label you name.',
      ],
      ja: [
        '`count_values("label", v)` は、v のうち同じ値を持つ系列を数え、その値を指定した名前のラベルに書き込みます。',
      ],
    },
    mistakes: [
      { query: 'count(up)', says: 'The answer keeps `state`', why: 'no value label' },
      { query: 'count by (job) (up)', says: "The answer's series have the labels", why: 'counted per job' },
    ],
    alternatives: [
      'count by (state) (label_replace(up, "state", "1", "", "") == 1 or label_replace(up, "state", "0", "", "") == 0)',
      'count_values("state", up{job=~".+"})',
    ],
  },
  {
    id: 'promql-11',
    lesson: 'promql/aggregation-and-joins',
    title: { en: 'Instances per version', ja: 'バージョンごとのインスタンス数' },
    question: {
      en: "How many instances of the shop run each version? `target_info` carries each target's `service_version`; one series per version.",
      ja: 'ショップの各バージョンは、いくつのインスタンスで動いていますか。`target_info` は各ターゲットの `service_version` を持っています。バージョンごとに 1 系列です。',
    },
    reference: 'count by (service_version) (target_info)',
    hints: {
      en: [
        '`target_info` is an info metric: its value is always 1, its labels are the facts.',
        '`count by (label) (…)` counts the series per value of the label.',
      ],
      ja: [
        '`target_info` は情報メトリクスです。値は常に 1 で、ラベルが情報そのものです。',
        '`count by (label) (…)` は、ラベルの値ごとに系列を数えます。',
      ],
    },
    mistakes: [
      { query: 'count(target_info)', says: 'The answer keeps `service_version`', why: 'no grouping' },
      { query: 'target_info', says: 'Your series keep', why: 'no aggregation' },
    ],
    alternatives: [
      'sum by (service_version) (target_info)',
      'count without (instance, job, deployment_environment) (target_info)',
    ],
  },
  {
    id: 'promql-12',
    lesson: 'promql/aggregation-and-joins',
    title: { en: 'Request rate by version', ja: 'バージョンごとのリクエストの rate' },
    question: {
      en: 'How many requests per second (over 5 minutes) does each version of the shop serve? The version is only on `target_info`: join it onto the request rates by `instance` and `job`.',
      ja: 'ショップの各バージョンは、毎秒いくつのリクエスト（5 分間）を処理していますか。バージョンは `target_info` にしかないので、`instance` と `job` でリクエストの rate に結合してください。',
    },
    reference:
      'sum by (service_version) (sum by (instance, job) (rate(http_requests_total[5m])) * on (instance, job) group_left (service_version) target_info)',
    hints: {
      en: [
        '`a * on (instance, job) group_left (service_version) target_info` multiplies by 1 and copies `service_version` from `target_info` onto each series of a.',
        "Without `group_left (service_version)` the result keeps only the left side's labels.",
      ],
      ja: [
        '`a * on (instance, job) group_left (service_version) target_info` は 1 を掛け、`target_info` の `service_version` を a の各系列にコピーします。',
        '`group_left (service_version)` がないと、結果には左辺のラベルしか残りません。',
      ],
    },
    mistakes: [
      {
        query:
          'sum by (service_version) (sum by (instance, job) (rate(http_requests_total[5m])) * on (instance, job) target_info)',
        says: 'The answer keeps `service_version`',
        why: 'no group_left label',
      },
      {
        query: 'sum by (service_version) (rate(http_requests_total[5m]))',
        says: 'The answer keeps `service_version`',
        why: 'the label is not on the requests',
      },
    ],
    alternatives: [
      'sum by (service_version) (rate(http_requests_total[5m]) * on (instance, job) group_left (service_version) target_info)',
      'sum by (service_version) (target_info * on (instance, job) group_right (service_version) sum by (instance, job) (rate(http_requests_total[5m])))',
    ],
  },
  {
    id: 'promql-13',
    lesson: 'promql/aggregation-and-joins',
    title: { en: 'Memory in MiB', ja: 'MiB 単位のメモリ' },
    question: {
      en: 'Return the resident memory of each shop instance in mebibytes (MiB, 2^20 bytes).',
      ja: 'ショップの各インスタンスの常駐メモリを、メビバイト（MiB、2^20 バイト）で返してください。',
    },
    reference: 'process_resident_memory_bytes{job="shop"} / 1024 / 1024',
    hints: {
      en: ['Arithmetic with a number applies to every series: `v / 1024` divides each value.'],
      ja: ['数値との演算は、すべての系列に適用されます。`v / 1024` は各値を割ります。'],
    },
    mistakes: [
      {
        query: 'process_resident_memory_bytes{job="shop"} / 1000 / 1000',
        says: '1024 × 1024 against 1000 × 1000',
        why: 'megabytes, not mebibytes',
      },
    ],
    alternatives: [
      'process_resident_memory_bytes{job="shop"} / 2^20',
      'process_resident_memory_bytes{job="shop"} / (1024 * 1024)',
    ],
  },
  {
    id: 'promql-14',
    lesson: 'promql/aggregation-and-joins',
    title: { en: 'How full is /data?', ja: '/data はどれだけ埋まっているか' },
    question: {
      en: 'What fraction of the `/data` filesystem of `node-1` is used? A number between 0 and 1, from `node_filesystem_avail_bytes` and `node_filesystem_size_bytes`.',
      ja: '`node-1` の `/data` ファイルシステムは、どれだけの割合が使われていますか。`node_filesystem_avail_bytes` と `node_filesystem_size_bytes` から求める 0 から 1 の数値です。',
    },
    reference:
      '1 - node_filesystem_avail_bytes{mountpoint="/data"} / node_filesystem_size_bytes{mountpoint="/data"}',
    hints: {
      en: [
        'Two metrics with the same labels divide series by series: avail / size is the free fraction.',
        'Used is 1 minus free.',
      ],
      ja: [
        '同じラベルを持つ 2 つのメトリクスは、系列どうしで割り算されます。avail / size は空きの割合です。',
        '使用率は 1 から空きの割合を引いたものです。',
      ],
    },
    mistakes: [
      {
        query: 'node_filesystem_avail_bytes / node_filesystem_size_bytes',
        says: 'Not in the answer',
        why: 'every filesystem, and the free share',
      },
      {
        query:
          'node_filesystem_avail_bytes{mountpoint="/data"} / node_filesystem_size_bytes{mountpoint="/data"}',
        says: 'The values differ',
        why: 'the free share',
      },
    ],
    alternatives: [
      '(node_filesystem_size_bytes{mountpoint="/data"} - node_filesystem_avail_bytes{mountpoint="/data"}) / node_filesystem_size_bytes{mountpoint="/data"}',
      '(1 - node_filesystem_avail_bytes / node_filesystem_size_bytes) and on (mountpoint) node_filesystem_size_bytes{mountpoint="/data"}',
    ],
  },
  {
    id: 'promql-15',
    lesson: 'promql/aggregation-and-joins',
    title: { en: 'Instances failing checkouts', ja: 'チェックアウトが失敗しているインスタンス' },
    question: {
      en: 'Which instances fail more than 10 % of their `/checkout` requests (over 5 minutes)? Return their error ratio, one series per instance, and nothing for the others.',
      ja: '`/checkout` へのリクエストの 10 % より多くが失敗している（5 分間）インスタンスはどれですか。そのエラー率をインスタンスごとに 1 系列で返し、ほかのインスタンスは返さないでください。',
    },
    reference:
      'sum by (instance) (rate(http_requests_total{route="/checkout", status="500"}[5m])) / sum by (instance) (rate(http_requests_total{route="/checkout"}[5m])) > 0.1',
    hints: {
      en: [
        'Compute the ratio per instance first, as for the error ratio per route.',
        'A comparison with a number, `> 0.1`, keeps only the series above it.',
      ],
      ja: [
        'まず、ルートごとのエラー率と同じようにインスタンスごとの比を求めます。',
        '数値との比較（`> 0.1`）は、それより大きい系列だけを残します。',
      ],
    },
    mistakes: [
      {
        query:
          'sum by (instance) (rate(http_requests_total{route="/checkout", status="500"}[5m])) / sum by (instance) (rate(http_requests_total{route="/checkout"}[5m]))',
        says: 'Not in the answer',
        why: 'no filter',
      },
      {
        query:
          'sum by (instance) (rate(http_requests_total{route="/checkout", status="500"}[5m])) / sum by (instance) (rate(http_requests_total{route="/checkout"}[5m])) > bool 0.1',
        says: 'Not in the answer',
        why: 'bool keeps every series',
      },
    ],
    alternatives: [
      'sum by (instance) (increase(http_requests_total{route="/checkout", status=~"5.."}[5m])) / sum by (instance) (increase(http_requests_total{route="/checkout"}[5m])) > 0.1',
      'sum by (instance) (rate(http_requests_total{route="/checkout", status="500"}[5m])) / on (instance) sum by (instance) (rate(http_requests_total{route="/checkout"}[5m])) > 0.10',
    ],
  },
  {
    id: 'promql-16',
    lesson: 'promql/time',
    title: { en: 'Compared with an hour ago', ja: '1 時間前との比較' },
    question: {
      en: "By how much has each instance's request rate (per second, over 5 minutes) changed since one hour earlier? Now minus then, one series per instance.",
      ja: '各インスタンスのリクエストの rate（毎秒、5 分間）は、1 時間前からどれだけ変わりましたか。現在から 1 時間前を引いた値を、インスタンスごとに 1 系列で返してください。',
    },
    reference:
      'sum by (instance) (rate(http_requests_total[5m])) - sum by (instance) (rate(http_requests_total[5m] offset 1h))',
    hints: {
      en: ['`offset 1h` after a selector (inside the function) reads its data one hour earlier.'],
      ja: ['セレクターの後（関数の内側）に書いた `offset 1h` は、1 時間前のデータを読みます。'],
    },
    mistakes: [
      {
        query: 'sum by (instance) (rate(http_requests_total[1h]))',
        says: 'The values differ',
        why: 'the average of an hour',
      },
      {
        query: 'sum by (instance) (rate(http_requests_total[5m] offset 1h))',
        says: 'The values differ',
        why: 'only the hour-ago rate',
      },
    ],
    alternatives: [
      'sum by (instance) (rate(http_requests_total[5m])) - sum by (instance) (rate(http_requests_total[5m] offset 60m))',
      'sum by (instance) (rate(http_requests_total[5m])) - on (instance) sum by (instance) (rate(http_requests_total[5m] offset 3600s))',
    ],
  },
  {
    id: 'promql-17',
    lesson: 'promql/time',
    title: { en: 'Against a fixed moment', ja: '決まった時刻との比較' },
    question: {
      en: "By how much does each instance's request rate (per second, over 5 minutes) differ from what it was at 10:50 UTC (1767264600)? Now minus 10:50, whatever time the query runs at.",
      ja: '各インスタンスのリクエストの rate（毎秒、5 分間）は、10:50 UTC（1767264600）の値とどれだけ違いますか。クエリをいつ実行しても、現在から 10:50 の値を引いた値です。',
    },
    reference:
      'sum by (instance) (rate(http_requests_total[5m])) - sum by (instance) (rate(http_requests_total[5m] @ 1767264600))',
    hints: {
      en: [
        '`@ <unix time>` after a selector pins it to that moment, wherever the query is evaluated.',
        '`offset` moves relative to the evaluation time: right at one time, wrong at every other.',
      ],
      ja: [
        'セレクターの後の `@ <UNIX 時刻>` は、クエリをどこで評価しても、その時刻に固定します。',
        '`offset` は評価時刻からの相対的なずれです。ある時刻では正しくても、ほかの時刻では違います。',
      ],
    },
    mistakes: [
      {
        query:
          'sum by (instance) (rate(http_requests_total[5m])) - sum by (instance) (rate(http_requests_total[5m] offset 70m))',
        says: 'At 11:13 UTC',
        why: 'offset is relative',
      },
    ],
    alternatives: [
      'sum by (instance) (rate(http_requests_total[5m])) - on (instance) sum by (instance) (rate(http_requests_total[5m] @ 1767264600.000))',
      '- sum by (instance) (rate(http_requests_total[5m] @ 1767264600)) + sum by (instance) (rate(http_requests_total[5m]))',
    ],
  },
  {
    id: 'promql-18',
    lesson: 'promql/time',
    title: { en: 'Has the backup stopped?', ja: 'バックアップは止まったか' },
    question: {
      en: 'Return 1 for the `backup` task of job `batch` when `batch_runs_total` has had no sample at all for 15 minutes, and nothing while it still runs.',
      ja: 'ジョブ `batch` の `backup` タスクについて、`batch_runs_total` にサンプルが 15 分間まったくないときに 1 を返し、まだ動いているあいだは何も返さないでください。',
    },
    reference: 'absent_over_time(batch_runs_total{job="batch", task="backup"}[15m])',
    at: '12:00',
    alsoAt: '11:28',
    hints: {
      en: [
        '`absent_over_time(v[15m])` returns 1 when v has no sample in the whole window; `absent(v)` looks only at the usual 5-minute lookback.',
      ],
      ja: [
        '`absent_over_time(v[15m])` は、ウィンドウ全体で v にサンプルがないときに 1 を返します。`absent(v)` は通常の 5 分のルックバックしか見ません。',
      ],
    },
    mistakes: [
      {
        query: 'absent(batch_runs_total{job="batch", task="backup"})',
        says: 'At 11:28 UTC',
        why: 'absent() looks back 5 minutes only',
      },
    ],
    alternatives: [
      'absent_over_time(batch_runs_total{task="backup", job="batch"}[900s])',
      'absent_over_time(batch_runs_total{job="batch", task="backup"}[15m]) == 1',
    ],
  },
  {
    id: 'promql-19',
    lesson: 'promql/time',
    title: { en: 'Down at any time in the last half hour', ja: '直近 30 分のどこかでダウンした' },
    question: {
      en: 'Which targets failed a scrape at any time in the last 30 minutes? Return the lowest `up` value of the window for them (0), and nothing for the others.',
      ja: '直近 30 分のどこかでスクレイプに失敗したターゲットはどれですか。それらについてウィンドウ内の `up` の最小値（0）を返し、ほかのターゲットは返さないでください。',
    },
    reference: 'min_over_time(up[30m]) == 0',
    at: '11:00',
    alsoAt: '11:30',
    hints: {
      en: ["`min_over_time(v[30m])` is each series' lowest sample in the window."],
      ja: ['`min_over_time(v[30m])` は、各系列のウィンドウ内でもっとも小さいサンプルです。'],
    },
    mistakes: [
      { query: 'up == 0', says: 'a filter', why: 'only the last scrape' },
      { query: 'min_over_time(up[30m])', says: 'Not in the answer', why: 'no filter' },
    ],
    alternatives: ['min_over_time(up[1800s]) == 0', 'min_over_time(up[30m]) < 0.5'],
  },
  {
    id: 'promql-20',
    lesson: 'promql/time',
    title: { en: 'The busiest five minutes of the hour', ja: '1 時間でもっとも忙しかった 5 分間' },
    question: {
      en: "What was each instance's highest request rate (per second, over 5 minutes, evaluated every minute) during the last hour?",
      ja: '直近 1 時間に、各インスタンスのリクエストの rate（毎秒、5 分間、1 分ごとに評価）の最大値はいくつでしたか。',
    },
    reference: 'max_over_time(sum by (instance) (rate(http_requests_total[5m]))[1h:1m])',
    hints: {
      en: [
        'A subquery `expr[1h:1m]` evaluates expr every minute for an hour and gives those values as a range vector.',
        'Sum before taking the maximum: the maximum of a sum is not the sum of the maxima.',
      ],
      ja: [
        'サブクエリ `expr[1h:1m]` は、expr を 1 時間にわたって 1 分ごとに評価し、その値を範囲ベクトルとして返します。',
        '最大値を取る前に合計してください。合計の最大値は、最大値の合計とは違います。',
      ],
    },
    mistakes: [
      {
        query: 'max_over_time(rate(http_requests_total[5m])[1h:1m])',
        says: 'Your series keep',
        why: 'per series, not per instance',
      },
      {
        query: 'sum by (instance) (max_over_time(rate(http_requests_total[5m])[1h:1m]))',
        says: 'The values differ',
        why: 'the sum of the maxima',
      },
    ],
    alternatives: [
      'max_over_time(sum without (method, route, status, job) (rate(http_requests_total[5m]))[60m:1m])',
      'max_over_time(sum by (instance) (rate(http_requests_total{job="shop"}[5m]))[1h:60s])',
    ],
  },
  {
    id: 'promql-21',
    lesson: 'promql/time',
    title: { en: "The email queue's peak", ja: 'メールキューのピーク' },
    question: {
      en: 'What was the largest number of jobs waiting in the `emails` queue during the last hour?',
      ja: '直近 1 時間に、`emails` キューで待っていたジョブの数の最大値はいくつでしたか。',
    },
    reference: 'max_over_time(queue_jobs_waiting{queue="emails"}[1h])',
    hints: {
      en: [
        "`max_over_time(v[1h])` is each series' largest sample in the hour; `max(v)` is the largest series now.",
      ],
      ja: [
        '`max_over_time(v[1h])` は各系列の 1 時間の最大のサンプルです。`max(v)` は、現在もっとも大きい系列です。',
      ],
    },
    mistakes: [
      { query: 'max(queue_jobs_waiting{queue="emails"})', says: 'The values differ', why: 'the maximum now' },
    ],
    alternatives: [
      'max_over_time(queue_jobs_waiting{queue="emails", job="worker"}[60m])',
      'max_over_time(queue_jobs_waiting{queue="emails"}[1h:1m])',
    ],
  },
  {
    id: 'promql-22',
    lesson: 'promql/histograms-and-functions',
    title: { en: 'The 90th percentile per route', ja: 'ルートごとの 90 パーセンタイル' },
    question: {
      en: 'Estimate the 90th percentile of the request duration of each route over the last 5 minutes, all instances together, from the classic histogram `http_request_duration_seconds`.',
      ja: 'クラシックヒストグラム `http_request_duration_seconds` から、すべてのインスタンスを合わせた各ルートのリクエスト処理時間の 90 パーセンタイルを、直近 5 分間について推定してください。',
    },
    reference: 'histogram_quantile(0.9, sum by (route, le) (rate(http_request_duration_seconds_bucket[5m])))',
    hints: {
      en: [
        'The buckets are the `_bucket` series, one per upper bound in `le`; take their rate first.',
        '`histogram_quantile()` needs `le`: keep it in the `by (…)` with the labels you want.',
      ],
      ja: [
        'バケットは `_bucket` 系列で、上限（`le`）ごとに 1 つあります。まずその rate を取ります。',
        '`histogram_quantile()` には `le` が必要です。必要なラベルと一緒に `by (…)` に残してください。',
      ],
    },
    mistakes: [
      {
        query: 'histogram_quantile(0.9, sum by (route) (rate(http_request_duration_seconds_bucket[5m])))',
        says: '`le`',
        why: 'le aggregated away',
      },
      {
        query: 'histogram_quantile(0.9, rate(http_request_duration_seconds_bucket[5m]))',
        says: 'Your series keep `instance`',
        why: 'per instance',
      },
    ],
    alternatives: [
      'histogram_quantile(0.9, sum without (instance, job) (rate(http_request_duration_seconds_bucket[5m])))',
      'histogram_quantile(0.90, sum by (le, route) (increase(http_request_duration_seconds_bucket[5m])))',
    ],
  },
  {
    id: 'promql-23',
    lesson: 'promql/histograms-and-functions',
    title: { en: 'Average duration per route', ja: 'ルートごとの平均処理時間' },
    question: {
      en: 'What was the average request duration of each route over the last 5 minutes, all instances together?',
      ja: 'すべてのインスタンスを合わせた各ルートの、直近 5 分間のリクエストの平均処理時間はいくつでしたか。',
    },
    reference:
      'sum by (route) (rate(http_request_duration_seconds_sum[5m])) / sum by (route) (rate(http_request_duration_seconds_count[5m]))',
    hints: {
      en: [
        "A histogram's `_sum` adds up every observation and `_count` counts them: their rates divide into the average.",
      ],
      ja: [
        'ヒストグラムの `_sum` はすべての観測値の合計、`_count` はその数です。それぞれの rate を割ると平均になります。',
      ],
    },
    mistakes: [
      {
        query: 'avg by (route) (rate(http_request_duration_seconds_sum[5m]))',
        says: 'The values differ',
        why: 'the average of sums',
      },
    ],
    alternatives: [
      'sum by (route) (increase(http_request_duration_seconds_sum[5m])) / sum by (route) (increase(http_request_duration_seconds_count[5m]))',
      'sum by (route) (rate(http_request_duration_seconds_sum[5m])) / on (route) sum by (route) (rate(http_request_duration_seconds_count[5m]))',
    ],
  },
  {
    id: 'promql-24',
    lesson: 'promql/histograms-and-functions',
    title: { en: 'Checkouts under half a second', ja: '0.5 秒未満のチェックアウト' },
    question: {
      en: 'What share of the `/checkout` requests of the last 5 minutes took 0.5 s or less, all instances together?',
      ja: '直近 5 分間の `/checkout` へのリクエストのうち、0.5 秒以下で終わったものの割合は、すべてのインスタンスを合わせていくつですか。',
    },
    reference:
      'sum(rate(http_request_duration_seconds_bucket{route="/checkout", le="0.5"}[5m])) / sum(rate(http_request_duration_seconds_count{route="/checkout"}[5m]))',
    hints: {
      en: [
        'The bucket `le="0.5"` counts the observations of 0.5 s or less; `_count` counts them all.',
        'Prometheus 3 stores `le` as a float: look at the values it holds before you name one.',
      ],
      ja: [
        'バケット `le="0.5"` は 0.5 秒以下の観測を数え、`_count` はすべてを数えます。',
        'Prometheus 3 は `le` を浮動小数点数の形で保存します。指定する前に、実際の値を確かめてください。',
      ],
    },
    mistakes: [
      {
        query:
          'sum(rate(http_request_duration_seconds_bucket{route="/checkout", le="0.50"}[5m])) / sum(rate(http_request_duration_seconds_count{route="/checkout"}[5m]))',
        says: 'takes the values',
        why: 'a le value that is not stored',
      },
      {
        query: 'sum(rate(http_request_duration_seconds_bucket{route="/checkout", le="0.5"}[5m]))',
        says: 'The values differ',
        why: 'a rate, not a share',
      },
    ],
    alternatives: [
      'sum(rate(http_request_duration_seconds_bucket{route="/checkout", le="0.5"}[5m])) / sum(rate(http_request_duration_seconds_bucket{route="/checkout", le="+Inf"}[5m]))',
      'sum(increase(http_request_duration_seconds_bucket{route="/checkout", le="0.5"}[5m])) / sum(increase(http_request_duration_seconds_count{route="/checkout"}[5m]))',
    ],
  },
  {
    id: 'promql-25',
    lesson: 'promql/histograms-and-functions',
    title: { en: 'Apdex of the checkout', ja: 'チェックアウトの Apdex' },
    question: {
      en: 'Compute the Apdex score of `/checkout` over 5 minutes, all instances together: requests of 0.25 s or less are satisfied, up to 1 s tolerating, the rest frustrated. Apdex = (satisfied + tolerating / 2) / all.',
      ja: '`/checkout` の 5 分間の Apdex スコアを、すべてのインスタンスを合わせて求めてください。0.25 秒以下のリクエストは満足、1 秒までは許容、それより遅いものは不満です。Apdex = (満足 + 許容 / 2) / 全体。',
    },
    reference:
      '(sum(rate(http_request_duration_seconds_bucket{route="/checkout", le="0.25"}[5m])) + sum(rate(http_request_duration_seconds_bucket{route="/checkout", le="1.0"}[5m]))) / 2 / sum(rate(http_request_duration_seconds_count{route="/checkout"}[5m]))',
    hints: {
      en: [
        'Buckets are cumulative: `le="1.0"` already counts the satisfied requests, so satisfied + tolerating / 2 = (le 0.25 + le 1.0) / 2.',
      ],
      ja: [
        'バケットは累積です。`le="1.0"` には満足のリクエストも入っているので、満足 + 許容 / 2 = (le 0.25 + le 1.0) / 2 です。',
      ],
    },
    mistakes: [
      {
        query:
          '(sum(rate(http_request_duration_seconds_bucket{route="/checkout", le="0.25"}[5m])) + sum(rate(http_request_duration_seconds_bucket{route="/checkout", le="1"}[5m]))) / 2 / sum(rate(http_request_duration_seconds_count{route="/checkout"}[5m]))',
        says: 'takes the values',
        why: 'le="1" is stored as "1.0"',
      },
      {
        query:
          '(sum(rate(http_request_duration_seconds_bucket{route="/checkout", le="0.25"}[5m])) + sum(rate(http_request_duration_seconds_bucket{route="/checkout", le="1.0"}[5m])) / 2) / sum(rate(http_request_duration_seconds_count{route="/checkout"}[5m]))',
        says: 'The values differ',
        why: 'counts the satisfied ones one and a half times',
      },
    ],
    alternatives: [
      'sum(rate(http_request_duration_seconds_bucket{route="/checkout", le=~"0.25|1.0"}[5m])) / 2 / sum(rate(http_request_duration_seconds_count{route="/checkout"}[5m]))',
      '(sum(increase(http_request_duration_seconds_bucket{route="/checkout", le="0.25"}[5m])) + sum(increase(http_request_duration_seconds_bucket{route="/checkout", le="1.0"}[5m]))) / 2 / sum(increase(http_request_duration_seconds_count{route="/checkout"}[5m]))',
    ],
  },
  {
    id: 'promql-26',
    lesson: 'promql/histograms-and-functions',
    title: { en: 'Free space in four hours', ja: '4 時間後の空き容量' },
    question: {
      en: 'From the trend of the last hour, how many bytes will be free on `/data` in 4 hours?',
      ja: '直近 1 時間の傾向から、4 時間後に `/data` の空きは何バイトになりますか。',
    },
    reference: 'predict_linear(node_filesystem_avail_bytes{mountpoint="/data"}[1h], 4 * 3600)',
    hints: {
      en: [
        "`predict_linear(v[1h], t)` fits a line to the hour's samples and returns its value t seconds from now.",
      ],
      ja: ['`predict_linear(v[1h], t)` は 1 時間分のサンプルに直線を当てはめ、t 秒後のその値を返します。'],
    },
    mistakes: [
      {
        query: 'deriv(node_filesystem_avail_bytes{mountpoint="/data"}[1h])',
        says: 'The values differ',
        why: 'the slope, not the prediction',
      },
      {
        query: 'predict_linear(node_filesystem_avail_bytes{mountpoint="/data"}[1h], 4)',
        says: 'The values differ',
        why: 'four seconds',
      },
    ],
    alternatives: [
      'predict_linear(node_filesystem_avail_bytes{job="node", mountpoint="/data"}[60m], 14400)',
      'predict_linear(node_filesystem_avail_bytes{mountpoint="/data"}[1h], 4 * 60 * 60)',
    ],
  },
  {
    id: 'promql-27',
    lesson: 'promql/histograms-and-functions',
    title: { en: 'The instance number as a label', ja: 'インスタンス番号をラベルに' },
    question: {
      en: "Return each instance's request rate (per second, over 5 minutes) with a new label `n` holding the instance's number: `1` for `shop-1`.",
      ja: '各インスタンスのリクエストの rate（毎秒、5 分間）を、インスタンスの番号（`shop-1` なら `1`）を持つ新しいラベル `n` を付けて返してください。',
    },
    reference:
      'label_replace(sum by (instance) (rate(http_requests_total[5m])), "n", "$1", "instance", "shop-(\\\\d+)")',
    hints: {
      en: [
        '`label_replace(v, "dst", "$1", "src", "regex")` writes the regex\'s first group, matched against the whole `src` value, into `dst`.',
        'The regex is anchored: it must match the whole value, `shop-1`, not only its number.',
      ],
      ja: [
        '`label_replace(v, "dst", "$1", "src", "regex")` は、`src` の値全体に一致させた正規表現の最初のグループを `dst` に書き込みます。',
        '正規表現は両端で固定されます。番号だけでなく、値全体（`shop-1`）に一致する必要があります。',
      ],
    },
    mistakes: [
      {
        query:
          'label_replace(sum by (instance) (rate(http_requests_total[5m])), "n", "$1", "instance", "(\\\\d+)")',
        says: 'The answer keeps `n`',
        why: 'an unanchored pattern',
      },
    ],
    alternatives: [
      'label_replace(sum by (instance) (rate(http_requests_total[5m])), "n", "$1", "instance", "shop-(.+)")',
      'label_replace(sum by (instance) (rate(http_requests_total[5m])), "n", "${1}", "instance", ".*-([0-9]+)")',
    ],
  },
  {
    id: 'promql-28',
    lesson: 'promql/histograms-and-functions',
    title: { en: 'The incident as a graph', ja: 'グラフで見るインシデント' },
    question: {
      en: "For a graph from 10:30 to 12:00 UTC with a point every 5 minutes: the share of `shop-3`'s `/checkout` requests that failed, over 5-minute windows.",
      ja: '10:30 から 12:00 UTC まで 5 分ごとに点を打つグラフのために、`shop-3` の `/checkout` へのリクエストのうち失敗したものの割合を、5 分間のウィンドウで求めてください。',
    },
    reference:
      'sum(rate(http_requests_total{instance="shop-3", route="/checkout", status="500"}[5m])) / sum(rate(http_requests_total{instance="shop-3", route="/checkout"}[5m]))',
    range: { from: '10:30', to: '12:00', stepSeconds: 300 },
    hints: {
      en: ['A graph evaluates the same query at every step: write it as for one instant.'],
      ja: ['グラフは同じクエリを各ステップで評価します。1 つの時刻のときと同じように書いてください。'],
    },
    mistakes: [
      {
        query: 'sum(rate(http_requests_total{instance="shop-3", route="/checkout", status="500"}[5m]))',
        says: 'The values differ',
        why: 'a rate, not a share',
      },
    ],
    alternatives: [
      'sum(increase(http_requests_total{instance="shop-3", route="/checkout", status=~"5.."}[5m])) / sum(increase(http_requests_total{instance="shop-3", route="/checkout"}[5m]))',
      'sum(rate(http_requests_total{instance="shop-3", route="/checkout", status="500"}[300s])) / on () sum(rate(http_requests_total{instance="shop-3", route="/checkout"}[300s]))',
    ],
  },
  {
    id: 'promql-29',
    lesson: 'promql/time',
    title: { en: 'Nothing in the lookback', ja: 'ルックバックの中に何もない' },
    question: {
      en: 'Return 1 when `batch_runs_total` of the `backup` task of job `batch` has no sample within the usual 5-minute lookback, and nothing while it has one.',
      ja: 'ジョブ `batch` の `backup` タスクの `batch_runs_total` に、通常の 5 分のルックバックの中のサンプルがないときに 1 を返し、サンプルがあるあいだは何も返さないでください。',
    },
    reference: 'absent(batch_runs_total{job="batch", task="backup"})',
    at: '11:30',
    alsoAt: '11:22',
    hints: {
      en: [
        '`absent(v)` returns one series of value 1 when v is empty, with the labels of its equality matchers; when v has series, it returns nothing.',
        'Aggregating nothing gives nothing: `count(v) == 0` never fires for a series that has stopped.',
      ],
      ja: [
        '`absent(v)` は、v が空のときに値 1 の系列を 1 つ返し、その系列には等号マッチャーのラベルが付きます。v に系列があるときは何も返しません。',
        '何もないものを集約しても何も返りません。止まった系列に対して `count(v) == 0` が成り立つことはありません。',
      ],
    },
    mistakes: [
      {
        query: 'count(batch_runs_total{job="batch", task="backup"}) == 0',
        says: 'An aggregation or a comparison of nothing returns nothing',
        why: 'count of nothing is nothing',
      },
      {
        query: 'absent_over_time(batch_runs_total{job="batch", task="backup"}[1h])',
        says: 'returns 1 only when the whole window has no sample',
        why: 'an hour still holds samples',
      },
    ],
    alternatives: [
      'absent(batch_runs_total{task="backup", job="batch"})',
      'absent_over_time(batch_runs_total{job="batch", task="backup"}[5m])',
    ],
  },
  {
    id: 'promql-30',
    lesson: 'promql/aggregation-and-joins',
    title: { en: 'Matching while ignoring a label', ja: 'ラベルを無視したマッチング' },
    question: {
      en: "For each instance and route, divide the rate of 500 responses by the rate of all responses (5 minutes). Keep the left side's labels: `instance`, `route` and `status`.",
      ja: 'インスタンスとルートごとに、500 の応答の rate をすべての応答の rate で割ってください（5 分間）。左辺のラベル `instance`、`route`、`status` を残します。',
    },
    reference:
      'sum by (instance, route, status) (rate(http_requests_total{status="500"}[5m])) / ignoring (status) sum by (instance, route) (rate(http_requests_total[5m]))',
    hints: {
      en: [
        'A binary operator pairs series whose labels are all equal: the left side has `status`, the right side does not, so nothing pairs.',
        '`ignoring (status)` leaves `status` out of the comparison (`on (instance, route)` names the labels that must match instead).',
      ],
      ja: [
        '二項演算子は、ラベルがすべて等しい系列どうしを組にします。左辺には `status` があり右辺にはないので、何も組になりません。',
        '`ignoring (status)` は `status` を比較から外します（代わりに `on (instance, route)` で一致させるラベルを指定することもできます）。',
      ],
    },
    mistakes: [
      {
        query:
          'sum by (instance, route, status) (rate(http_requests_total{status="500"}[5m])) / sum by (instance, route) (rate(http_requests_total[5m]))',
        says: 'no pairs with the same labels',
        why: 'no matching clause',
      },
    ],
    alternatives: [
      'sum by (instance, route, status) (rate(http_requests_total{status="500"}[5m])) / on (instance, route) sum by (instance, route) (rate(http_requests_total[5m]))',
      'sum without (job, method) (rate(http_requests_total{status="500"}[5m])) / ignoring (status) sum without (job, method, status) (rate(http_requests_total[5m]))',
    ],
  },
  {
    id: 'promql-31',
    lesson: 'promql/aggregation-and-joins',
    title: { en: 'The quietest route', ja: 'もっとも静かなルート' },
    question: {
      en: 'Which route serves the fewest requests per second (over 5 minutes), all instances together? Return its rate, one series.',
      ja: 'すべてのインスタンスを合わせて、毎秒のリクエスト数（5 分間）がもっとも少ないルートはどれですか。その rate を 1 系列で返してください。',
    },
    reference: 'bottomk(1, sum by (route) (rate(http_requests_total[5m])))',
    hints: {
      en: ['`bottomk(k, v)` keeps the k series of v with the smallest values, as topk keeps the largest.'],
      ja: [
        '`bottomk(k, v)` は、topk が最大のものを残すのと同じように、v のうち値が小さい k 個の系列を残します。',
      ],
    },
    mistakes: [
      {
        query: 'topk(1, sum by (route) (rate(http_requests_total[5m])))',
        says: 'Not in the answer',
        why: 'the busiest route',
      },
      {
        query: 'min(sum by (route) (rate(http_requests_total[5m])))',
        says: 'The answer keeps `route`',
        why: 'min drops the labels',
      },
    ],
    alternatives: [
      'bottomk(1, sum without (instance, method, status, job) (rate(http_requests_total[5m])))',
      'sum by (route) (rate(http_requests_total[5m])) == scalar(min(sum by (route) (rate(http_requests_total[5m]))))',
    ],
  },
  {
    id: 'promql-32',
    lesson: 'promql/histograms-and-functions',
    title: {
      en: 'The 90th percentile from the native histogram',
      ja: 'ネイティブヒストグラムからの 90 パーセンタイル',
    },
    question: {
      en: 'Estimate the 90th percentile of the request duration of each route over the last 5 minutes, all instances together, from the native histogram `http_request_duration_seconds` (the series without a suffix).',
      ja: 'ネイティブヒストグラム `http_request_duration_seconds`（接尾辞のない系列）から、すべてのインスタンスを合わせた各ルートのリクエスト処理時間の 90 パーセンタイルを、直近 5 分間について推定してください。',
    },
    reference: 'histogram_quantile(0.9, sum by (route) (rate(http_request_duration_seconds[5m])))',
    hints: {
      en: [
        'A native histogram is one series whose samples hold every bucket: rate() and sum work on it directly, and there is no `le` to keep.',
        'The classic `_bucket` series give another estimate: their buckets are coarser than the native ones.',
      ],
      ja: [
        'ネイティブヒストグラムは、すべてのバケットをサンプルに持つ 1 つの系列です。rate() や sum をそのまま使え、残すべき `le` はありません。',
        'クラシックな `_bucket` 系列からは別の推定値になります。そのバケットはネイティブのものより粗いからです。',
      ],
    },
    mistakes: [
      {
        query: 'histogram_quantile(0.9, sum by (route, le) (rate(http_request_duration_seconds_bucket[5m])))',
        says: 'asks for the native histogram',
        why: 'the classic buckets',
      },
      {
        query: 'histogram_quantile(0.9, rate(http_request_duration_seconds[5m]))',
        says: 'Your series keep `instance`',
        why: 'per instance',
      },
    ],
    alternatives: [
      'histogram_quantile(0.9, sum without (instance, job) (rate(http_request_duration_seconds[5m])))',
      'histogram_quantile(0.90, sum by (route) (increase(http_request_duration_seconds[5m])))',
    ],
  },
  {
    id: 'promql-33',
    lesson: 'promql/histograms-and-functions',
    title: { en: 'A fraction of the native histogram', ja: 'ネイティブヒストグラムの割合' },
    question: {
      en: 'From the native histogram, what share of the `/checkout` requests of the last 5 minutes took between 0.25 s and 1 s, all instances together?',
      ja: 'ネイティブヒストグラムから、直近 5 分間の `/checkout` へのリクエストのうち、0.25 秒から 1 秒のあいだに終わったものの割合を、すべてのインスタンスを合わせて求めてください。',
    },
    reference: 'histogram_fraction(0.25, 1, sum(rate(http_request_duration_seconds{route="/checkout"}[5m])))',
    tolerance: 1e-9,
    hints: {
      en: [
        '`histogram_fraction(lower, upper, h)` estimates the share of the observations of a native histogram between lower and upper.',
      ],
      ja: [
        '`histogram_fraction(lower, upper, h)` は、ネイティブヒストグラムの観測のうち lower から upper のあいだにあるものの割合を推定します。',
      ],
    },
    mistakes: [
      {
        query: 'histogram_fraction(0, 1, sum(rate(http_request_duration_seconds{route="/checkout"}[5m])))',
        says: 'The values differ',
        why: 'from 0, not 0.25',
      },
      {
        query: 'histogram_fraction(0.25, 1, rate(http_request_duration_seconds{route="/checkout"}[5m]))',
        says: 'Your series keep',
        why: 'per instance',
      },
    ],
    alternatives: [
      'histogram_fraction(0, 1, sum(rate(http_request_duration_seconds{route="/checkout"}[5m]))) - histogram_fraction(0, 0.25, sum(rate(http_request_duration_seconds{route="/checkout"}[5m])))',
      'histogram_fraction(0.25, 1.0, sum(increase(http_request_duration_seconds{route="/checkout"}[5m])))',
    ],
  },
  {
    id: 'promql-34',
    lesson: 'promql/histograms-and-functions',
    title: { en: 'The average, from either kind', ja: 'どちらの形でも求まる平均' },
    question: {
      en: "From the native histogram, what was the average request duration of each route over the last 5 minutes, all instances together? (Its count and sum are the classic histogram's, so either way gives the same answer.)",
      ja: 'ネイティブヒストグラムから、すべてのインスタンスを合わせた各ルートの、直近 5 分間のリクエストの平均処理時間を求めてください（個数と合計はクラシックヒストグラムと同じなので、どちらから求めても答えは同じです）。',
    },
    reference: 'histogram_avg(sum by (route) (rate(http_request_duration_seconds[5m])))',
    tolerance: 1e-9,
    hints: {
      en: [
        '`histogram_avg(h)` is `histogram_sum(h) / histogram_count(h)`: the sum of the observations over their count.',
      ],
      ja: [
        '`histogram_avg(h)` は `histogram_sum(h) / histogram_count(h)`、つまり観測値の合計を個数で割ったものです。',
      ],
    },
    mistakes: [
      {
        query: 'histogram_quantile(0.5, sum by (route) (rate(http_request_duration_seconds[5m])))',
        says: 'The values differ',
        why: 'the median, not the average',
      },
    ],
    alternatives: [
      'histogram_sum(sum by (route) (rate(http_request_duration_seconds[5m]))) / histogram_count(sum by (route) (rate(http_request_duration_seconds[5m])))',
      'sum by (route) (rate(http_request_duration_seconds_sum[5m])) / sum by (route) (rate(http_request_duration_seconds_count[5m]))',
    ],
  },
] satisfies unknown[];

export const exercises: readonly Exercise[] = parseExercises(raw);
