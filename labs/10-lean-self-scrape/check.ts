/**
 * Lab 10: the learner's job `meta` scrapes the stack's Prometheus itself with a sample_limit
 * of at most 200, and one metric_relabel_configs rule keeps exactly the remote-write metrics
 * (prometheus_remote_storage_*) and prometheus_tsdb_head_series.
 *
 * What "every remote-write metric" means is read from the stack's own job `prometheus`, which
 * keeps everything the same Prometheus exposes: a regex that keeps some of them is named with
 * the ones it loses. The checks after the reload judge the targets the current file makes
 * (kit/drop-in-job.ts), and only samples scraped since.
 */
import type { DropInJobState } from '../kit/index.ts';
import {
  asWritten,
  budget,
  check,
  defineLab,
  dropInOpeningChecks,
  dropInTargetsUp,
  dropInTiming,
  fail,
  latestSamples,
  listOf,
  pass,
  removeDropIn,
  sameAddress,
  scrapeJob,
  scrapeTerm,
  stackPrometheus,
  staticAddresses,
  wait,
} from '../kit/index.ts';

const ID = '10-lean-self-scrape';
const FILE = 'scrape.yml';
const JOB = 'meta';
const TARGET = 'prometheus:9090';
const MAX_LIMIT = 200;
const HEAD_SERIES = 'prometheus_tsdb_head_series';
const REMOTE_WRITE = /^prometheus_remote_storage_.+$/;
/** The series every scrape writes for its target, whatever metric_relabel_configs keep. */
const SCRAPE_SERIES = new Set([
  'up',
  'scrape_duration_seconds',
  'scrape_samples_scraped',
  'scrape_samples_post_metric_relabeling',
  'scrape_series_added',
]);
const DROP_IN = { labId: ID, file: FILE, job: JOB };

type State = DropInJobState;

const KEEP_HINT = `one rule under metric_relabel_configs: \`source_labels: [__name__]\`, \`regex: prometheus_remote_storage_.+|${HEAD_SERIES}\`, \`action: keep\``;

/** The metric names among series, the scrape's own series left out. */
const metricNames = (series: readonly { metric: Readonly<Record<string, string>> }[]): string[] =>
  [...new Set(series.map((s) => s.metric['__name__'] ?? ''))]
    .filter((n) => n && !SCRAPE_SERIES.has(n))
    .sort();

const isWanted = (name: string): boolean => name === HEAD_SERIES || REMOTE_WRITE.test(name);

/** "a, b, c and 4 more": a long list of names, cut. */
const someOf = (names: readonly string[], shown = 3): string =>
  names.length > shown
    ? `${names.slice(0, shown).join(', ')} and ${names.length - shown} more`
    : listOf(names);

/** What a keep rule without `.+` or without source_labels does, said when the file has one. */
function anchoredHint(text: string): string {
  const rules = scrapeJob(text, JOB)?.['metric_relabel_configs'];
  const list = Array.isArray(rules) ? (rules as Record<string, unknown>[]) : [];
  if (list.some((r) => r['action'] === 'keep' && r['source_labels'] === undefined))
    return 'a rule without source_labels matches its regex against an empty string, so a keep drops every sample: add `source_labels: [__name__]`';
  return `relabelling regexes are anchored at both ends: \`prometheus_remote_storage_\` matches only that exact name; \`prometheus_remote_storage_.+\` matches every name that starts with it. ${KEEP_HINT}`;
}

export default defineLab({
  id: ID,
  init: (): State => ({}),
  checks: [
    ...dropInOpeningChecks<State>(
      DROP_IN,
      `keep the list item with \`job_name: ${JOB}\` under scrape_configs`,
    ),

    check(`job ${JOB} sets a sample_limit of at most ${MAX_LIMIT}`, (ctx) => {
      const limit = scrapeJob(ctx.read(FILE), JOB)?.['sample_limit'];
      const hint = `add \`sample_limit: ${MAX_LIMIT}\` to the job, beside static_configs: a scrape with more samples than that, after metric_relabel_configs, fails as a whole`;
      if (limit === undefined || limit === 0)
        return fail(
          `job ${JOB} has no sample_limit, so a target that explodes in cardinality floods Prometheus`,
          {
            hint,
          },
        );
      if (typeof limit !== 'number' || limit > MAX_LIMIT)
        return fail(
          `job ${JOB}'s sample_limit is ${JSON.stringify(limit)}; the lab asks for at most ${MAX_LIMIT}`,
          {
            hint,
          },
        );
      return pass(`sample_limit: ${limit}`);
    }),

    check<State>(`job ${JOB} scrapes Prometheus at ${TARGET} successfully`, async (ctx, state) => {
      const up = await dropInTargetsUp(ctx, state, DROP_IN, {
        dropped:
          'a keep rule on __name__ in relabel_configs drops the target: a target has no metric name yet, samples do. Put the rule under metric_relabel_configs',
        none: `static_configs needs \`targets: ['${TARGET}']\``,
        down: (target) =>
          /sample limit exceeded/i.test(target.lastError)
            ? {
                message: `the scrape of ${target.scrapeUrl} fails: ${target.lastError}. It brings more samples than sample_limit allows after your metric_relabel_configs, so up is 0 and nothing of it is stored`,
                hint: `keep only the lab's metrics, so the scrape fits the limit: ${KEEP_HINT}`,
              }
            : { hint: `Prometheus serves its own metrics on ${TARGET}/metrics` },
      });
      if (up.kind !== 'pass') return up;
      const address = (t: { discoveredLabels: Readonly<Record<string, string>> }): string =>
        t.discoveredLabels['__address__'] ?? '';
      const elsewhere = (state.targets ?? []).find((t) => !sameAddress(address(t), TARGET));
      if (elsewhere)
        return fail(
          `job ${JOB} scrapes ${asWritten(address(elsewhere), staticAddresses(ctx.read(FILE), JOB) ?? [])}, not Prometheus`,
          {
            hint: `the job watches Prometheus itself: \`targets: ['${TARGET}']\``,
          },
        );
      return up;
    }),

    check<State>(`it keeps only prometheus_remote_storage_* and ${HEAD_SERIES}`, (ctx, state) =>
      ctx.waitUntil({
        what: `the samples of job ${JOB}'s last scrape`,
        budget: budget([scrapeTerm(dropInTiming(ctx, FILE), JOB)]),
        probe: async () => {
          const series = await latestSamples(stackPrometheus, `{job="${JOB}"}`, state.sinceMs ?? 0);
          if (series.length === 0) return wait(`no samples of job ${JOB} since its last scrape yet`);
          const extra = metricNames(series).filter((n) => !isWanted(n));
          if (extra.length === 0) return pass();
          return fail(
            `job ${JOB} keeps ${extra.length} metrics that are not a remote-write metric or ${HEAD_SERIES}: ${someOf(extra)}`,
            { hint: KEEP_HINT },
          );
        },
      }),
    ),

    check<State>(`it keeps every remote-write metric and ${HEAD_SERIES}`, (ctx, state) =>
      ctx.waitUntil({
        what: `the samples of job ${JOB}'s and job prometheus's last scrapes`,
        budget: budget([scrapeTerm(dropInTiming(ctx, FILE), JOB)]),
        probe: async () => {
          const since = state.sinceMs ?? 0;
          const [yours, all] = await Promise.all([
            latestSamples(stackPrometheus, `{job="${JOB}"}`, since),
            latestSamples(
              stackPrometheus,
              `{job="prometheus", __name__=~"prometheus_remote_storage_.+|${HEAD_SERIES}"}`,
              since,
            ),
          ]);
          const wanted = metricNames(all);
          if (!wanted.includes(HEAD_SERIES))
            return wait(`no sample of job prometheus since job ${JOB}'s scrape yet, to compare with`);
          const kept = new Set(metricNames(yours));
          const missing = wanted.filter((n) => !kept.has(n));
          if (missing.length === 0) return pass(`${kept.size} metrics`);
          return fail(
            `job ${JOB} drops ${missing.length} of the ${wanted.length} metrics it should keep: ${someOf(missing)}`,
            { hint: anchoredHint(ctx.read(FILE)) },
          );
        },
      }),
    ),
  ],
  teardown: () => removeDropIn(ID),
});
