/**
 * Lab 02: the learner's Go program builds and runs, /metrics answers in OpenMetrics, promtool
 * finds nothing to lint, the counter and the histogram (with its unit) are there with the
 * right TYPE and UNIT, and both move by exactly the checkouts the checker sends.
 */
import type { Family, GoLabState } from '../kit/index.ts';
import {
  OPENMETRICS_ACCEPT,
  check,
  defineLab,
  didYouMean,
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

interface State extends GoLabState {
  exposition?: string;
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
      const bare = families.get(`${COUNTER}_total`) ?? (family?.type === 'unknown' ? family : undefined);
      if (bare?.type === 'unknown' || (family && family.type !== 'counter')) {
        return fail(
          `${COUNTER} is exposed with TYPE ${family?.type ?? bare?.type ?? 'unknown'}, not counter`,
          {
            hint: `OpenMetrics counters end in _total: name it ${COUNTER}_total (client_golang exposes a counter without the suffix as "unknown")`,
          },
        );
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
      const sum = moved(`${HISTOGRAM}_sum`);
      if (problems.length === 0 && !(sum > 0 && sum < CHECKOUTS)) {
        problems.push(
          `${HISTOGRAM}_sum went up by ${sum} for ${CHECKOUTS} checkouts of 5 to 25 ms each: observe seconds (time.Since(start).Seconds()), not milliseconds`,
        );
      }
      if (problems.length > 0) return fail(problems.join('\n'));
      return pass(`+${counter} checkouts, +${observations} observations, +${sum.toFixed(3)}s`);
    }),
  ],
});
