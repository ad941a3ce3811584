/**
 * Lab 05: the learner's Alloy config parses, runs in a lab Alloy (proven by its config hash),
 * its three components are healthy and wired scrape → relabel → remote_write, it scrapes the
 * app as job lab-05-app, and Mimir (tenant lab-05) gets this run's series, every one with
 * env="workshop", none of go_gc_duration_seconds and all the rest of what the app serves.
 * "This run" is every sample newer than the lab Alloy's start, so data from an earlier attempt
 * never counts; every wait is sized from the intervals the running Alloy reports for the
 * learner's components (or Alloy's defaults).
 */
import type { AlloyLabState, Labels, PipelineTimes } from '../kit/index.ts';
import {
  alloyFileRuns,
  budget,
  check,
  components,
  componentsHealthy,
  defineLab,
  deliveryProbe,
  fail,
  labEntry,
  labPort,
  labTenant,
  listOf,
  mimir,
  pass,
  pipelineTimes,
  query,
  rawSeries,
  requireAlloy,
  selectorOf,
  seriesSince,
  servedNames,
  sinceStart,
  targetsScrapedProbe,
  unwired,
  wait,
  whereItWent,
} from '../kit/index.ts';

const ID = '05-alloy-pipeline';
const FILE = 'config.alloy';
const entry = labEntry(ID);
const TENANT = labTenant(entry);
const PORT = labPort(entry, 'alloy');
const JOB = 'lab-05-app';
const ENV = 'workshop';
const DROPPED = 'go_gc_duration_seconds';
const KINDS = ['prometheus.scrape', 'prometheus.relabel', 'prometheus.remote_write'];
const isDropped = (name: string): boolean => name.startsWith(DROPPED);
/** How far back the raw samples of up are read: longer than any check run. */
const SCRAPES_WINDOW_S = 300;
/** Beyond the batch deadline, for the last batch of a scrape to be queryable. */
const SETTLE_MS = 1_000;

interface State extends AlloyLabState {
  times?: PipelineTimes;
  served?: Served;
  /** The series of one whole scrape of this run, once it has landed, and what the app served before it. */
  scrape?: { readonly series: readonly Labels[]; readonly served: readonly string[] };
}

/** The running Alloy's intervals, read once per check run. */
async function timesOf(state: State): Promise<PipelineTimes> {
  state.times ??= await pipelineTimes(requireAlloy(state));
  return state.times;
}

/** At most `n` names, then "and N more". */
function some(names: readonly string[], n = 4): string {
  if (names.length <= n) return listOf(names);
  return `${names.slice(0, n).join(', ')} and ${names.length - n} more`;
}

/** What the app served before the scrapes that are judged, and when it was read. */
interface Served {
  readonly atMs: number;
  readonly names: readonly string[];
}

/**
 * Waits for one whole scrape of this run in Mimir: the first scrape that started after the
 * app's names were read (so every name it served is in it), once one batch deadline and a
 * second have passed since (the rest of its samples travel in other batches). Then keeps the
 * series of this run for the checks after.
 */
function wholeScrapeProbe(state: State, deadlineMs: number) {
  const alloy = requireAlloy(state);
  return async () => {
    const served = state.served;
    if (!served) return fail("the app's metrics were not read before the scrape");
    const raw = await rawSeries(mimir(TENANT), selectorOf('up', { job: JOB }), SCRAPES_WINDOW_S);
    const scrapes = raw.flatMap((s) => s.points.map((p) => p.atMs)).filter((ms) => ms > served.atMs);
    if (scrapes.length === 0)
      return wait(`no scrape newer than ${new Date(served.atMs).toISOString()} in Mimir yet`);
    if (Date.now() - Math.min(...scrapes) < deadlineMs + SETTLE_MS)
      return wait('the rest of the scrape is still in remote_write batches');
    state.scrape = {
      series: await seriesSince(mimir(TENANT), `{job="${JOB}"}`, alloy.since),
      served: served.names,
    };
    return pass();
  };
}

export default defineLab({
  id: ID,
  init: (): State => ({}),
  checks: [
    ...alloyFileRuns<State>(FILE, PORT),

    check<State>('scrape → relabel → remote_write, each healthy', (ctx, state) =>
      ctx.waitUntil({
        what: 'the components to report their health',
        budget: budget([{ what: 'component start', ms: 0 }]),
        probe: async () => {
          const health = await componentsHealthy(requireAlloy(state), KINDS);
          if (health.kind !== 'pass') return health;
          const list = await components(requireAlloy(state).base);
          const gaps = [
            unwired(list, 'prometheus.scrape', 'prometheus.relabel'),
            unwired(list, 'prometheus.relabel', 'prometheus.remote_write'),
          ].filter((g) => g !== undefined);
          if (gaps.length > 0)
            return fail(gaps.join('\n'), {
              hint: 'components connect through forward_to: the scrape forwards to the relabel, the relabel to the remote_write',
            });
          return health;
        },
      }),
    ),

    check<State>(`the app is scraped as job ${JOB}`, async (ctx, state) => {
      const times = await timesOf(state);
      // Read before the scrapes that are judged: each of them gets at least these names.
      state.served = { atMs: Date.now(), names: await servedNames('app') };
      return ctx.waitUntil({
        what: `the first scrape of job ${JOB}`,
        budget: budget([times.scrapeInterval, times.scrapeTimeout]),
        probe: targetsScrapedProbe(requireAlloy(state), [JOB], {
          missingJob: `keep \`job_name = "${JOB}"\` in prometheus.scrape: the job label is how the checker (and you, in Mimir) find the series`,
          down: 'the target is `{ "__address__" = "app:8080" }`: the app serves its metrics on port 8080',
        }),
      });
    }),

    check<State>('remote_write delivers to Mimir', async (ctx, state) => {
      const times = await timesOf(state);
      return ctx.waitUntil({
        what: 'the first remote_write batch',
        budget: budget([times.scrapeInterval, times.batchDeadline]),
        probe: deliveryProbe({
          lab: ID,
          process: 'alloy',
          port: PORT,
          headerHint: `set the tenant header in the endpoint block: \`headers = { "X-Scope-OrgID" = "${TENANT}" }\``,
          noQueueHint: 'keep the prometheus.remote_write component and forward to its receiver',
        }),
      });
    }),

    check<State>(`this run's series arrive in tenant ${TENANT}`, async (ctx, state) => {
      const alloy = requireAlloy(state);
      const times = await timesOf(state);
      const fresh = (selector: string): string => sinceStart(selector, alloy);
      return ctx.waitUntil({
        what: `up{job="${JOB}"} in tenant ${TENANT}`,
        budget: budget([{ ...times.batchDeadline, times: 2 }]),
        probe: async () => {
          const found = await query(mimir(TENANT), fresh(selectorOf('up', { job: JOB })));
          if (found.length > 0) return pass(`up{job="${JOB}"} of this run is in tenant ${TENANT}`);
          const elsewhere = await whereItWent({
            tenant: TENANT,
            metric: 'up',
            labels: { job: JOB },
            fresh,
            relax: ['job'],
            labelHints: {
              job: `keep \`job_name = "${JOB}"\` and no relabel rule that writes the job label`,
            },
            tenantHint: `the tenant is the X-Scope-OrgID header of the endpoint block: \`headers = { "X-Scope-OrgID" = "${TENANT}" }\``,
          });
          return (
            elsewhere ?? wait(`no up{job="${JOB}"} newer than the lab Alloy's start in tenant ${TENANT} yet`)
          );
        },
      });
    }),

    check<State>(`every series carries env="${ENV}"`, async (ctx, state) => {
      const times = await timesOf(state);
      const waited = await ctx.waitUntil({
        what: 'one whole scrape in Mimir',
        budget: budget([
          times.scrapeInterval,
          { ...times.batchDeadline, times: 2 },
          { what: 'settling', ms: 1_000 },
        ]),
        probe: wholeScrapeProbe(state, times.batchDeadline.ms),
      });
      if (waited.kind === 'fail' || !state.scrape) return waited;
      const series = state.scrape.series;
      const without = series.filter((s) => s['env'] !== ENV);
      if (without.length === 0) return pass(`${series.length} series of this run, each with env="${ENV}"`);
      const values = [...new Set(without.map((s) => s['env']))];
      const how = values.map((v) => (v === undefined ? 'without an env label' : `with env="${v}"`));
      return fail(
        `${without.length} of ${series.length} series of this run arrive ${listOf(how)}: ${some([...new Set(without.map((s) => s['__name__'] ?? '?'))])}`,
        {
          hint: `one rule in prometheus.relabel with \`target_label = "env"\` and \`replacement = "${ENV}"\`, and no source_labels or regex that limit it: then it matches every sample`,
        },
      );
    }),

    check<State>(`${DROPPED} is dropped, the rest arrives`, (_ctx, state) => {
      const scrape = state.scrape;
      if (!scrape) return fail('no whole scrape of this run to judge');
      const arrived = new Set(scrape.series.map((s) => s['__name__'] ?? ''));
      const still = [...arrived].filter(isDropped).sort();
      if (still.length > 0)
        return fail(`these series still arrive: ${listOf(still)}`, {
          hint: 'a rule with source_labels = ["__name__"], action = "drop" and a regex matching all of them; regexes are anchored, so end it with .*',
        });
      const lost = scrape.served.filter((name) => !isDropped(name) && !arrived.has(name));
      if (lost.length > 0)
        return fail(`the app serves these but they do not arrive: ${some(lost)}`, {
          hint: `the drop rule must match ${DROPPED}, ${DROPPED}_sum and ${DROPPED}_count only: \`regex = "${DROPPED}.*"\``,
        });
      return pass(`${arrived.size} metric names arrive, none of ${DROPPED}*`);
    }),
  ],
});
