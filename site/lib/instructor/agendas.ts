/**
 * The workshop's agendas: which lessons a 3-hour and a full-day workshop teach, in what order,
 * with the breaks, and what the instructor demonstrates live in each lesson. The minutes are
 * the lessons' own `duration` front matter, so an agenda's clock is as honest as the lessons
 * are; `schedule` refuses an agenda that names a missing lesson or does not fit its length.
 */
import type { Locale } from '../locales.ts';

type Words = Readonly<Record<Locale, string>>;

export type AgendaItem =
  { readonly lesson: string } | { readonly pause: 'break' | 'lunch' | 'wrap-up'; readonly minutes: number };

export interface Agenda {
  readonly title: Words;
  /** Wall-clock start, "09:00". */
  readonly starts: string;
  /** The time the agenda must fit in, in minutes. */
  readonly lengthMinutes: number;
  readonly items: readonly AgendaItem[];
}

export const agendas = {
  'three-hours': {
    title: {
      en: '3-hour workshop: Prometheus to Mimir, then Alloy',
      ja: '3 時間のワークショップ：Prometheus から Mimir、そして Alloy',
    },
    starts: '13:00',
    lengthMinutes: 180,
    items: [
      { lesson: 'start-here/welcome' },
      { lesson: 'prometheus/scrape-config' },
      { pause: 'break', minutes: 10 },
      { lesson: 'mimir/remote-write-and-tenants' },
      { lesson: 'alloy/pipelines' },
      { pause: 'wrap-up', minutes: 10 },
    ],
  },
  'full-day': {
    title: {
      en: 'Full-day workshop: the whole metrics path',
      ja: '1 日のワークショップ：メトリクスの道のりすべて',
    },
    starts: '09:00',
    lengthMinutes: 480,
    items: [
      { lesson: 'start-here/welcome' },
      { lesson: 'prometheus/metric-types' },
      { lesson: 'prometheus/scrape-config' },
      { lesson: 'prometheus/promql-basics' },
      { lesson: 'openmetrics/counters-and-histograms' },
      { pause: 'break', minutes: 15 },
      { lesson: 'opentelemetry/metrics-over-otlp' },
      { lesson: 'mimir/remote-write-and-tenants' },
      { pause: 'lunch', minutes: 60 },
      { lesson: 'mimir/recording-rules-and-alerts' },
      { lesson: 'alloy/pipelines' },
      { pause: 'break', minutes: 15 },
      { lesson: 'grafana/dashboards-as-code' },
      { pause: 'wrap-up', minutes: 10 },
    ],
  },
} as const satisfies Record<string, Agenda>;

export type AgendaName = keyof typeof agendas;

/** What the instructor shows on the projector in each lesson, before the learners try it. */
export const demos: Readonly<Record<string, Words>> = {
  'start-here/welcome': {
    en: 'Run `npm run stack -- status` (four services ready) and open Prometheus’ targets page, where every target should be up.',
    ja: '`npm run stack -- status` を実行し（4 つのサービスが ready）、Prometheus のターゲット画面を開きます。すべてのターゲットが up のはずです。',
  },
  'prometheus/metric-types': {
    en: 'Draw the p95 latency twice, from the summed histogram and as an average of per-route p95s, and let the room explain why the two lines differ.',
    ja: 'p95 レイテンシーを、合計したヒストグラムからと、ルートごとの p95 の平均からの 2 通りで描き、2 本の線が違う理由を受講者に説明してもらいます。',
  },
  'prometheus/scrape-config': {
    en: 'Add a job in a drop-in, run `npm run stack -- reload prometheus`, and show the new target and its relabelled labels in the UI.',
    ja: 'ドロップインにジョブを足して `npm run stack -- reload prometheus` を実行し、新しいターゲットとリラベル後のラベルを UI で見せます。',
  },
  'prometheus/promql-basics': {
    en: 'Open the latency query in Prometheus’ Query page with the tree view, select each node from the selector up to `histogram_quantile`, and read the series count beside it aloud.',
    ja: 'レイテンシーのクエリを Prometheus の Query ページでツリー表示にして開き、セレクターから `histogram_quantile` までノードを順に選んで、横に出るシリーズ数を読み上げます。',
  },
  'openmetrics/counters-and-histograms': {
    en: 'curl the app’s /metrics twice, with and without the OpenMetrics Accept header, and compare the TYPE lines and the # EOF.',
    ja: 'アプリの /metrics を OpenMetrics の Accept ヘッダーありとなしで curl し、TYPE 行と # EOF を比べます。',
  },
  'opentelemetry/metrics-over-otlp': {
    en: 'Query the same request counter in tenants prometheus and otel side by side, and point at the renamed labels and target_info.',
    ja: '同じリクエストカウンターをテナント prometheus と otel で並べて問い合わせ、変わったラベル名と target_info を示します。',
  },
  'mimir/remote-write-and-tenants': {
    en: 'Send one query with and without X-Scope-OrgID: the 401 “no org id” is the lesson’s first surprise for most learners.',
    ja: 'X-Scope-OrgID ありとなしで同じクエリーを送ります。401「no org id」は多くの受講者にとって最初の驚きです。',
  },
  'mimir/recording-rules-and-alerts': {
    en: 'Upload a rule group and follow it through the ruler’s API: loaded, the recording rule’s series in Mimir, the alert inactive with its `for`.',
    ja: 'ルールグループをアップロードし、ルーラーの API でたどります。読み込まれ、レコーディングルールの系列が Mimir に入り、アラートは `for` を持って inactive のままです。',
  },
  'alloy/pipelines': {
    en: 'Open Alloy’s UI graph of the stack’s pipeline and follow one component’s exports to the next.',
    ja: 'Alloy の UI でスタックのパイプラインのグラフを開き、コンポーネントのエクスポートが次へつながる様子をたどります。',
  },
  'grafana/dashboards-as-code': {
    en: 'Change one panel in the dashboard’s TypeScript, regenerate it, and show the diff of the JSON Grafana loads.',
    ja: 'ダッシュボードの TypeScript でパネルを 1 つ変えて生成し直し、Grafana が読む JSON の差分を見せます。',
  },
};

export interface ScheduledItem {
  readonly item: AgendaItem;
  /** "09:45". */
  readonly at: string;
  readonly minutes: number;
}

export interface Schedule {
  readonly rows: readonly ScheduledItem[];
  readonly totalMinutes: number;
  /** "12:00". */
  readonly ends: string;
}

const clock = (start: string, minutes: number): string => {
  const [h = 0, m = 0] = start.split(':').map(Number);
  const total = h * 60 + m + minutes;
  return `${String(Math.floor(total / 60) % 24).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
};

/**
 * The agenda with a start time per item, from the lessons' durations (lesson path → minutes).
 * Throws naming the problem when a lesson has no duration or the agenda overruns its length.
 */
export function schedule(name: string, agenda: Agenda, durations: ReadonlyMap<string, number>): Schedule {
  const rows: ScheduledItem[] = [];
  let elapsed = 0;
  for (const item of agenda.items) {
    const minutes = 'lesson' in item ? durations.get(item.lesson) : item.minutes;
    if (minutes === undefined)
      throw new Error(
        `agenda ${name}: lesson "${'lesson' in item ? item.lesson : ''}" has no page with a duration`,
      );
    rows.push({ item, at: clock(agenda.starts, elapsed), minutes });
    elapsed += minutes;
  }
  if (elapsed > agenda.lengthMinutes)
    throw new Error(
      `agenda ${name}: ${String(elapsed)} minutes of lessons and breaks do not fit in ${String(agenda.lengthMinutes)}`,
    );
  return { rows, totalMinutes: elapsed, ends: clock(agenda.starts, elapsed) };
}
