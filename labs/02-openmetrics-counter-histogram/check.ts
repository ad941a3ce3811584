/**
 * Lab 02: the learner's Go program builds and runs (restarted whenever its sources change, so
 * the checks read the program as the files are now), /metrics answers in OpenMetrics, promtool
 * finds nothing to lint, the counter and the histogram (with its unit and buckets in seconds)
 * are there with the right TYPE and UNIT, both move by exactly the checkouts the checker sends,
 * and the histogram's _sum grows by what those checkouts took, in seconds: at least the
 * handler's minimum work, at most their round trips as the checker timed them.
 */
import type { Family, GoLabState, TrafficResult } from '../kit/index.ts';
import {
  OPENMETRICS_ACCEPT,
  bucketBounds,
  check,
  defineLab,
  didYouMean,
  durationSumVerdict,
  fail,
  goProgramRuns,
  isOpenMetrics,
  labEntry,
  labPort,
  listOf,
  parseExposition,
  pass,
  promtoolCheckMetrics,
  request,
  sampleValue,
  sendTraffic,
} from '../kit/index.ts';

const ID = '02-openmetrics-counter-histogram';
const PORT = labPort(labEntry(ID), 'checkout');
const BASE = `http://127.0.0.1:${PORT}`;
const COUNTER = 'shop_checkouts';
const HISTOGRAM = 'shop_checkout_duration_seconds';
const CHECKOUTS = 10;
/** The handler's pretend work sleeps 5 to 25 ms: no checkout takes less. */
const MIN_WORK_MS = 5;
/** The buckets the README asks for: from 5 ms (or less) to 1 s (or more). */
const SMALLEST_BUCKET_S = 0.005;
const LARGEST_BUCKET_S = 1;
const SOLUTION_BUCKETS = '0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1';

interface State extends GoLabState {
  /** The OpenMetrics exposition before the checker's checkouts. */
  exposition?: string;
  /** The checkouts the checker sent, timed from the outside. */
  traffic?: TrafficResult;
  /** How much the histogram's _sum grew over them. */
  sumMoved?: number;
}

/** The classic Prometheus text format: what `promtool check metrics` reads (it does not parse OpenMetrics). */
const CLASSIC_ACCEPT = 'text/plain;version=0.0.4';

async function scrape(
  accept = OPENMETRICS_ACCEPT,
): Promise<{ contentType: string; text: string } | { error: string }> {
  const result = await request(`${BASE}/metrics`, { headers: { Accept: accept } });
  if (!result.ok) return { error: result.error };
  return { contentType: result.headers.get('content-type') ?? '', text: result.text };
}

const familyNames = (families: Map<string, Family>): string[] =>
  [...families.keys()].filter((n) => n.startsWith('shop'));

export default defineLab({
  id: ID,
  init: (): State => ({}),
  checks: [
    ...goProgramRuns<State>({
      labId: ID,
      name: 'checkout',
      port: PORT,
      runs: `it serves /metrics on 127.0.0.1:${PORT}`,
    }),

    check<State>('/metrics answers in OpenMetrics when asked', async (_ctx, state) => {
      // One checkout first: a metric with labels (a CounterVec) has no series, not even its
      // TYPE line, until it is first used. Its result is judged with the checkouts below.
      await sendTraffic(`${BASE}/checkout`, 1);
      const got = await scrape();
      if ('error' in got) return fail(`GET ${BASE}/metrics failed: ${got.error}`);
      if (!isOpenMetrics(got.contentType)) {
        return fail(
          `asked for OpenMetrics, got Content-Type "${got.contentType}": the handler does not offer OpenMetrics`,
          {
            hint: 'set `EnableOpenMetrics: true` in the promhttp.HandlerOpts passed to promhttp.HandlerFor',
          },
        );
      }
      state.exposition = got.text;
      return pass(got.contentType.split(';').slice(0, 2).join(';'));
    }),

    check<State>('promtool check metrics finds nothing', async () => {
      const classic = await scrape(CLASSIC_ACCEPT);
      if ('error' in classic) return fail(`GET ${BASE}/metrics failed: ${classic.error}`);
      return promtoolCheckMetrics(classic.text, `${BASE}/metrics (Accept: ${CLASSIC_ACCEPT})`);
    }),

    check<State>(`counter ${COUNTER}_total: # TYPE ${COUNTER} counter`, (_ctx, state) => {
      const families = parseExposition(state.exposition ?? '');
      const family = families.get(COUNTER);
      if (family?.type === 'counter') return pass();
      // Anything else under either name: a counter without _total shows as "unknown", a gauge
      // or an untyped metric keeps its full name as its family.
      const exposed = family ?? families.get(`${COUNTER}_total`);
      if (exposed) {
        return fail(`${exposed.name} is exposed with TYPE ${exposed.type}, not counter`, {
          hint:
            exposed.type === 'unknown'
              ? `OpenMetrics counters end in _total: name it ${COUNTER}_total (client_golang exposes a counter without the suffix as "unknown")`
              : `create it with prometheus.NewCounter (a counter only goes up; Inc() once per checkout)`,
        });
      }
      const found = familyNames(families);
      return fail(
        `no counter ${COUNTER}_total in /metrics; shop metrics found: ${listOf(found)}${didYouMean(COUNTER, found, 'it')}`,
        {
          hint: 'create it with prometheus.NewCounter and register it with reg.MustRegister',
        },
      );
    }),

    check<State>(`histogram ${HISTOGRAM}: TYPE histogram, UNIT seconds`, (_ctx, state) => {
      const families = parseExposition(state.exposition ?? '');
      const family = families.get(HISTOGRAM);
      if (!family) {
        const found = familyNames(families);
        const unitless = found.find((n) => n.startsWith('shop_checkout_duration'));
        return fail(
          `no histogram ${HISTOGRAM} in /metrics; shop metrics found: ${listOf(found)}${didYouMean(HISTOGRAM, found, 'it')}`,
          {
            hint: unitless
              ? `a metric with a unit ends in that unit: name it ${HISTOGRAM}`
              : 'create it with prometheus.NewHistogram and register it with reg.MustRegister',
          },
        );
      }
      if (family.type !== 'histogram')
        return fail(`${HISTOGRAM} has TYPE ${family.type}, not histogram`, {
          hint: 'use prometheus.NewHistogram',
        });
      if (family.unit !== 'seconds') {
        return fail(
          `${HISTOGRAM} has ${family.unit ? `UNIT ${family.unit}` : 'no UNIT line'}; want "# UNIT ${HISTOGRAM} seconds"`,
          {
            hint: 'set `Unit: "seconds"` in prometheus.HistogramOpts',
          },
        );
      }
      return pass();
    }),

    check<State>(`its buckets run from 5 ms to 1 s, in seconds`, (_ctx, state) => {
      const bounds = bucketBounds(parseExposition(state.exposition ?? ''), HISTOGRAM);
      if (bounds.length === 0)
        return fail(`${HISTOGRAM} has no buckets in /metrics`, {
          hint: `set Buckets in prometheus.HistogramOpts: []float64{${SOLUTION_BUCKETS}}`,
        });
      const [lowest = 0, highest = 0] = [bounds[0], bounds.at(-1)];
      const shown = `le ${listOf(bounds.map(String))}`;
      // Bounds up to 1000 and none below 5 ms: the README's buckets, written in milliseconds.
      if (lowest > SMALLEST_BUCKET_S && highest >= LARGEST_BUCKET_S * 1000)
        return fail(
          `${HISTOGRAM}'s buckets are ${shown}: that is milliseconds, and the histogram is in seconds`,
          {
            hint: `bucket bounds are in the histogram's unit: []float64{${SOLUTION_BUCKETS}} (5 ms is 0.005)`,
          },
        );
      // Relative slack: ExponentialBucketsRange(0.005, 1, 8) ends in 0.9999999999999992.
      if (lowest > SMALLEST_BUCKET_S * (1 + 1e-9) || highest < LARGEST_BUCKET_S * (1 - 1e-9))
        return fail(
          `${HISTOGRAM}'s buckets are ${shown}: they should reach from 0.005 (5 ms) or less to 1 (1 s) or more`,
          {
            hint: `[]float64{${SOLUTION_BUCKETS}}, or prometheus.ExponentialBucketsRange(0.005, 1, 8)`,
          },
        );
      return pass(shown);
    }),

    check<State>(`both count the ${CHECKOUTS} checkouts the checker sends`, async (_ctx, state) => {
      const before = parseExposition(state.exposition ?? '');
      const traffic = await sendTraffic(`${BASE}/checkout`, CHECKOUTS);
      if (traffic.ok !== CHECKOUTS)
        return fail(
          `POST ${BASE}/checkout failed ${traffic.sent - traffic.ok} of ${traffic.sent} times: ${traffic.firstError ?? ''}`,
        );
      const got = await scrape();
      if ('error' in got) return fail(`GET ${BASE}/metrics failed: ${got.error}`);
      const after = parseExposition(got.text);
      const moved = (name: string): number =>
        (sampleValue(after, name) ?? 0) - (sampleValue(before, name) ?? 0);
      state.traffic = traffic;
      state.sumMoved = moved(`${HISTOGRAM}_sum`);
      const counter = moved(`${COUNTER}_total`);
      const observations = moved(`${HISTOGRAM}_count`);
      const problems = [
        ...(counter === CHECKOUTS
          ? []
          : [
              `${COUNTER}_total went up by ${counter}, not ${CHECKOUTS}: call Inc() once per checkout in the /checkout handler`,
            ]),
        ...(observations === CHECKOUTS
          ? []
          : [
              `${HISTOGRAM}_count went up by ${observations}, not ${CHECKOUTS}: call Observe(time.Since(start).Seconds()) once per checkout`,
            ]),
      ];
      if (problems.length > 0) return fail(problems.join('\n'));
      return pass(`+${counter} checkouts, +${observations} observations`);
    }),

    check<State>(`its _sum grows by the checkouts' time in seconds`, (_ctx, state) =>
      durationSumVerdict({
        sumSeconds: state.sumMoved ?? 0,
        traffic: state.traffic,
        minWorkMs: MIN_WORK_MS,
        metric: `${HISTOGRAM}_sum`,
        hint: 'take start := time.Now() when the handler begins and call Observe(time.Since(start).Seconds()) after the work',
      }),
    ),
  ],
});
