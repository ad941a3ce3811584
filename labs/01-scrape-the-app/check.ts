/**
 * Lab 01: the learner's scrape file is valid, the stack's Prometheus loads it, job gin-app
 * scrapes the app, and relabelling gave its target, and so every series it scrapes,
 * team="shop" and instance="shop-api".
 *
 * The checks after the reload judge the targets the current file makes (kit/drop-in-job.ts).
 */
import type { DropInJobState, Target } from '../kit/index.ts';
import {
  budget,
  check,
  defineLab,
  dropInOpeningChecks,
  dropInTargetsUp,
  dropInTiming,
  fail,
  formatLabels,
  latestSamples,
  listOf,
  pass,
  removeDropIn,
  scrapeTerm,
  stackPrometheus,
  wait,
} from '../kit/index.ts';

const ID = '01-scrape-the-app';
const FILE = 'scrape.yml';
const JOB = 'gin-app';
const WANTED: Readonly<Record<string, string>> = { team: 'shop', instance: 'shop-api' };
const WANTED_TEXT = Object.entries(WANTED)
  .map(([k, v]) => `${k}="${v}"`)
  .join(' and ');
const UP = `up{job="${JOB}", team="shop", instance="shop-api"}`;

const DROP_IN = { labId: ID, file: FILE, job: JOB };

type State = DropInJobState;

/** Why relabelling rules belong in relabel_configs, said when the file also has metric_relabel_configs. */
const relabelHint = (text: string): string =>
  [
    'add relabel_configs to the job, one rule per label: `- target_label: team` with `replacement: shop`, and the same for instance',
    text.includes('metric_relabel_configs')
      ? 'relabel_configs run on the target before the scrape; metric_relabel_configs run on each scraped sample, so their labels never reach the target or `up`'
      : '',
  ]
    .filter(Boolean)
    .join('; ');

/** What is wrong with one target's labels, or nothing. */
function labelProblems(target: Target): string[] {
  const problems: string[] = [];
  if (target.labels['job'] !== JOB)
    problems.push(`job="${target.labels['job'] ?? ''}" (want "${JOB}": a rule rewrites the job label)`);
  for (const [label, value] of Object.entries(WANTED)) {
    const got = target.labels[label];
    if (got === value) continue;
    problems.push(
      got === undefined
        ? `label ${label} is missing (want ${label}="${value}")`
        : `${label}="${got}" (want "${value}")`,
    );
  }
  return problems;
}

/** `no team label, instance="app:8080"`: how a series' wanted labels came out. */
const describeWanted = (metric: Readonly<Record<string, string>>): string =>
  Object.keys(WANTED)
    .map((k) => (metric[k] === undefined ? `no ${k} label` : `${k}="${metric[k]}"`))
    .join(', ');

export default defineLab({
  id: ID,
  init: (): State => ({}),
  checks: [
    ...dropInOpeningChecks<State>(
      DROP_IN,
      `add a list item under scrape_configs with \`job_name: ${JOB}\` and \`static_configs: [{ targets: ['app:8080'] }]\``,
    ),

    check<State>(`job ${JOB}'s target is up`, (ctx, state) =>
      dropInTargetsUp(ctx, state, DROP_IN, {
        dropped:
          'a rule with `action: drop` (or `keep` whose regex does not match) removes the target; the two rules the lab needs only set labels',
        none: 'static_configs needs `targets: [app:8080]`',
        down: () => ({
          hint: 'the app listens on app:8080 and serves its metrics on /metrics (the default metrics_path)',
        }),
      }),
    ),

    check<State>(`its target carries ${WANTED_TEXT}`, (ctx, state) => {
      for (const target of state.targets ?? []) {
        const problems = labelProblems(target);
        if (problems.length > 0)
          return fail(
            `the target ${target.scrapeUrl} has ${formatLabels(target.labels)}: ${problems.join('; ')}`,
            {
              hint: relabelHint(ctx.read(FILE)),
            },
          );
      }
      return pass();
    }),

    check<State>(`every series it scrapes carries ${WANTED_TEXT}`, (ctx, state) =>
      ctx.waitUntil({
        what: `the samples of job ${JOB}'s last scrape`,
        budget: budget([scrapeTerm(dropInTiming(ctx, FILE), JOB)]),
        probe: async () => {
          // Only samples from the scrapes judged above: older ones may be the previous file's.
          const series = await latestSamples(stackPrometheus, `{job="${JOB}"}`, state.sinceMs ?? 0);
          if (series.length === 0) return wait(`no samples of job ${JOB} since its last scrape yet`);
          const wrong = series.filter((s) => Object.entries(WANTED).some(([k, v]) => s.metric[k] !== v));
          if (wrong.length === 0) return pass(`${series.length} series`);
          const names = [...new Set(wrong.map((s) => s.metric['__name__'] ?? '?'))];
          return fail(
            `${wrong.length} of the ${series.length} series of job ${JOB} do not carry ${WANTED_TEXT}: ${listOf(names.slice(0, 3))}${names.length > 3 ? ` and ${names.length - 3} more metrics` : ''}, with ${describeWanted(wrong[0]?.metric ?? {})}`,
            {
              hint: 'a metric_relabel_configs rule changes each scraped sample after the target got its labels: leave team and instance alone there',
            },
          );
        },
      }),
    ),

    check<State>(`${UP} is 1 in Prometheus`, (ctx, state) =>
      ctx.waitUntil({
        what: 'the up sample of that scrape',
        budget: budget([scrapeTerm(dropInTiming(ctx, FILE), JOB)]),
        probe: async () => {
          // Only up from the scrapes judged above: older samples may be the previous file's.
          const samples = await latestSamples(stackPrometheus, UP, state.sinceMs ?? 0);
          if (samples.some((s) => s.value === 1)) return pass(`${samples.length} series`);
          const zero = samples.find((s) => s.value === 0);
          if (zero) {
            const target = state.targets?.[0];
            return fail(
              `${formatLabels(zero.metric)} is 0: the last scrape failed${target?.lastError ? `: ${target.lastError}` : ''}`,
              {
                hint: 'up is 1 only when the scrape succeeds: the target must answer on app:8080/metrics',
              },
            );
          }
          return wait('up of a scrape after the reload is not there yet');
        },
      }),
    ),
  ],
  teardown: () => removeDropIn(ID),
});
