/**
 * Lab 01: the learner's scrape file is valid, the stack's Prometheus loads it, job gin-app
 * scrapes the app, and relabelling gave its target team="shop" and instance="shop-api".
 */
import { parse } from 'yaml';
import {
  applyDropIn,
  budget,
  check,
  defineLab,
  didYouMean,
  fail,
  formatLabels,
  listOf,
  parseDuration,
  pass,
  promtoolCheckConfig,
  query,
  removeDropIn,
  scrapePools,
  stackPrometheus,
  targets,
  wait,
} from '../kit/index.ts';

const ID = '01-scrape-the-app';
const FILE = 'scrape.yml';
const JOB = 'gin-app';
const WANTED: Readonly<Record<string, string>> = { team: 'shop', instance: 'shop-api' };

interface ScrapeFile {
  scrape_configs?: { job_name?: string; scrape_interval?: string }[] | null;
}

/** The job names in the learner's file (already validated by promtool). */
function jobNames(text: string): string[] {
  const doc = parse(text) as ScrapeFile | null;
  return (doc?.scrape_configs ?? []).flatMap((j) => (j.job_name ? [j.job_name] : []));
}

/** The job's own scrape_interval, if the learner set one. */
function jobInterval(text: string): number | undefined {
  const doc = parse(text) as ScrapeFile | null;
  return parseDuration(doc?.scrape_configs?.find((j) => j.job_name === JOB)?.scrape_interval);
}

export default defineLab({
  id: ID,
  init: () => ({}),
  checks: [
    check(`promtool accepts ${FILE}`, (ctx) =>
      promtoolCheckConfig(
        { path: ctx.path(FILE), shown: ctx.shown(FILE) },
        'the line numbers above are lines of your file',
      ),
    ),

    check('the stack’s Prometheus loads it', (ctx) => applyDropIn(ID, ctx.read(FILE), ctx.shown(FILE))),

    check(`job ${JOB} exists`, (ctx) => {
      const yours = jobNames(ctx.read(FILE));
      // Prometheus creates a job's scrape pool when discovery first hands it targets, up to
      // 5 s after the reload: wait until every job of the file is there, then judge the names.
      return ctx.waitUntil({
        what: `Prometheus to pick up the job(s) in ${FILE}`,
        budget: budget([{ what: 'target discovery', ms: ctx.intervals.discoveryMs }]),
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

    check(`job ${JOB}'s target is up`, (ctx) =>
      ctx.waitUntil({
        what: `the first scrape of job ${JOB}`,
        budget: budget([
          { what: 'target discovery', ms: ctx.intervals.discoveryMs },
          { what: 'scrape interval', ms: jobInterval(ctx.read(FILE)) ?? ctx.intervals.scrapeMs, times: 2 },
        ]),
        probe: async () => {
          const mine = (await targets(stackPrometheus.base)).active.filter((t) => t.scrapePool === JOB);
          if (mine.length === 0)
            return wait(`job ${JOB} has no target yet`, {
              hint: 'static_configs needs `targets: [app:8080]`',
            });
          const down = mine.find((t) => t.health === 'down');
          if (down) {
            return fail(`the target ${down.scrapeUrl} is down: ${down.lastError}`, {
              hint: 'the app listens on app:8080 and serves its metrics on /metrics (the default metrics_path)',
            });
          }
          if (mine.every((t) => t.health === 'up')) return pass(mine.map((t) => t.scrapeUrl).join(', '));
          return wait('not scraped yet');
        },
      }),
    ),

    check(
      `its target carries ${Object.entries(WANTED)
        .map(([k, v]) => `${k}="${v}"`)
        .join(' and ')}`,
      async () => {
        const mine = (await targets(stackPrometheus.base)).active.filter((t) => t.scrapePool === JOB);
        const problems: string[] = [];
        for (const target of mine) {
          for (const [label, value] of Object.entries(WANTED)) {
            const got = target.labels[label];
            if (got === value) continue;
            problems.push(
              got === undefined
                ? `label ${label} is missing (want ${label}="${value}")`
                : `${label}="${got}" (want "${value}")`,
            );
          }
          if (problems.length > 0) {
            return fail(
              `the target ${target.scrapeUrl} has ${formatLabels(target.labels)}: ${problems.join('; ')}`,
              {
                hint: 'add relabel_configs to the job, one rule per label: `- target_label: team` with `replacement: shop`, and the same for instance',
              },
            );
          }
        }
        return pass();
      },
    ),

    check(`up{job="${JOB}", team="shop", instance="shop-api"} is 1 in Prometheus`, (ctx) =>
      ctx.waitUntil({
        what: 'the series to be queryable',
        budget: budget([
          { what: 'scrape interval', ms: jobInterval(ctx.read(FILE)) ?? ctx.intervals.scrapeMs, times: 2 },
        ]),
        probe: async () => {
          const samples = await query(stackPrometheus, `up{job="${JOB}", team="shop", instance="shop-api"}`);
          if (samples.some((s) => s.value === 1)) return pass(`${samples.length} series`);
          return wait('up is not 1 yet');
        },
      }),
    ),
  ],
  teardown: () => removeDropIn(ID),
});
