/**
 * Lab 01: the learner's scrape file is valid, the stack's Prometheus loads it, job gin-app
 * scrapes the app, and relabelling gave its target, and so every series it scrapes,
 * team="shop" and instance="shop-api".
 *
 * Every check after the reload judges the targets the file makes now, not the previous file's:
 * a reload that keeps the job name keeps the old targets (old labels, old health) until
 * discovery hands the pool its targets again. So the targets must be the addresses the file
 * lists, carry what the current relabel_configs make of their discovered labels (Prometheus
 * applies them itself), and have been scraped after the reload; series count only with samples
 * from those scrapes.
 */
import { parse } from 'yaml';
import type { CheckContext, Target } from '../kit/index.ts';
import {
  applyDropIn,
  budget,
  check,
  currentTargets,
  defineLab,
  didYouMean,
  fail,
  formatLabels,
  termText,
  lastReload,
  lastScrapeMs,
  latestSamples,
  listOf,
  pass,
  prometheusTiming,
  promtoolCheckConfig,
  poolSyncs,
  reloadPrometheus,
  removeDropIn,
  scrapePools,
  scrapeTerm,
  stackPrometheus,
  stackPrometheusConfig,
  staticAddresses,
  timeoutTerm,
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

interface State {
  /** How often Prometheus had synced the job's pool before this check reloaded it. */
  syncsBefore?: number;
  /** Whether this check has reloaded Prometheus a second time (see NUDGE_AFTER_MS). */
  nudged?: boolean;
  /** The job's targets as the current file makes them, once scraped after the reload. */
  targets?: readonly Target[];
  /** The earliest last scrape of those targets: samples from then on are this file's. */
  sinceMs?: number;
}

interface ScrapeFile {
  scrape_configs?: { job_name?: string }[] | null;
}

/** The job names in the learner's file (already validated by promtool). */
function jobNames(text: string): string[] {
  const doc = parse(text) as ScrapeFile | null;
  return (doc?.scrape_configs ?? []).flatMap((j) => (j.job_name ? [j.job_name] : []));
}

/** The file's timing; a drop-in's jobs inherit the stack's global scrape_interval. */
const timingOf = (ctx: CheckContext) => prometheusTiming(ctx.read(FILE), stackPrometheusConfig());

/** Prometheus's discovery manager and then its scrape manager each pass targets on at a 5 s tick. */
const discoveryTerm = (ctx: CheckContext) => ({
  what: 'target discovery tick',
  ms: ctx.intervals.discoveryMs,
  times: 2,
});

/** Longer than discovery can take: a pool still without any target by then is stuck. */
const nudgeAfterMs = (ctx: CheckContext): number => 2 * ctx.intervals.discoveryMs + 2_000;

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
    check(`promtool accepts ${FILE}`, (ctx) =>
      promtoolCheckConfig(
        { path: ctx.path(FILE), shown: ctx.shown(FILE) },
        'the line numbers above are lines of your file',
      ),
    ),

    check<State>('the stack’s Prometheus loads it', async (ctx, state) => {
      // Read before the reload: a sync counted after it is the proof that the pool was rebuilt.
      state.syncsBefore = (await poolSyncs(stackPrometheus.base)).get(JOB) ?? 0;
      return applyDropIn(ID, ctx.read(FILE), ctx.shown(FILE));
    }),

    check(`job ${JOB} exists`, (ctx) => {
      const yours = jobNames(ctx.read(FILE));
      // Prometheus creates a job's scrape pool when discovery first hands it targets: wait until
      // every job of the file is there, then judge the names.
      return ctx.waitUntil({
        what: `Prometheus to pick up the job(s) in ${FILE}`,
        budget: budget([discoveryTerm(ctx)]),
        probe: async () => {
          const pools = await scrapePools(stackPrometheus.base);
          if (pools.includes(JOB)) return pass();
          const hint = `add a list item under scrape_configs with \`job_name: ${JOB}\` and \`static_configs: [{ targets: ['app:8080'] }]\``;
          const message = `job \`${JOB}\` not found in Prometheus targets; found: ${listOf(pools)}${didYouMean(JOB, pools, 'the job')}`;
          return yours.every((job) => pools.includes(job))
            ? fail(message, { hint })
            : wait(message, { hint });
        },
      });
    }),

    check<State>(`job ${JOB}'s target is up`, (ctx, state) => {
      const timing = timingOf(ctx);
      const interval = scrapeTerm(timing, JOB);
      const addresses = staticAddresses(ctx.read(FILE), JOB);
      return ctx.waitUntil({
        what: `a scrape of job ${JOB}'s target after the reload (${termText(interval)})`,
        budget: budget([
          discoveryTerm(ctx),
          interval,
          timeoutTerm(timing, JOB),
          { what: 'one more reload, should discovery hand the job no target', ms: nudgeAfterMs(ctx) },
        ]),
        probe: async () => {
          const reload = await lastReload(stackPrometheus.base);
          const now = await currentTargets(stackPrometheus.base, JOB, {
            addresses,
            syncsBefore: state.syncsBefore,
          });
          if (now.kind === 'stale') {
            if (now.empty && !state.nudged && Date.now() - reload.atMs > nudgeAfterMs(ctx)) {
              // Seen once in many reloads: the discovery manager handed the pool an empty
              // target set, and nothing but another reload makes it look again.
              state.nudged = true;
              const error = await reloadPrometheus();
              return wait(`${now.reason}; reloaded Prometheus once more${error ? ` (${error})` : ''}`);
            }
            return wait(now.reason);
          }
          if (now.active.length === 0) {
            if (now.dropped.length > 0)
              return fail(
                `your relabel_configs drop job ${JOB}'s target (${listOf(now.dropped.map((l) => l['__address__'] ?? '?'))}), so nothing is scraped`,
                {
                  hint: 'a rule with `action: drop` (or `keep` whose regex does not match) removes the target; the two rules the lab needs only set labels',
                },
              );
            return wait(`job ${JOB} has no target yet`, {
              hint: 'static_configs needs `targets: [app:8080]`',
            });
          }
          const fresh = now.active.filter((t) => lastScrapeMs(t) > reload.atMs);
          if (fresh.length < now.active.length) return wait('not scraped since the reload yet');
          const down = fresh.find((t) => t.health !== 'up');
          if (down)
            return fail(`the target ${down.scrapeUrl} is down: ${down.lastError || down.health}`, {
              hint: 'the app listens on app:8080 and serves its metrics on /metrics (the default metrics_path)',
            });
          state.targets = fresh;
          state.sinceMs = Math.min(...fresh.map(lastScrapeMs));
          return pass(fresh.map((t) => t.scrapeUrl).join(', '));
        },
      });
    }),

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
        budget: budget([scrapeTerm(timingOf(ctx), JOB)]),
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
        budget: budget([scrapeTerm(timingOf(ctx), JOB)]),
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
