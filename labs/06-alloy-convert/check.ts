/**
 * Lab 06: config.alloy is what `alloy convert` made of prometheus.yml: it parses, it runs in a
 * lab Alloy, its components are healthy, its remote_write delivers, and every job of
 * prometheus.yml has series in Mimir (tenant lab-06) newer than the lab Alloy's start.
 */
import { dirname } from 'node:path';
import { parse } from 'yaml';
import type { AlloyLabState, CheckContext } from '../kit/index.ts';
import {
  budget,
  check,
  alloyFileRuns,
  componentsHealthy,
  defineLab,
  deliveryProbe,
  dockerCommandLine,
  fail,
  labEntry,
  labPort,
  labTenant,
  listOf,
  mimir,
  pass,
  query,
  requireAlloy,
  scrapeTargets,
  sinceStart,
  shownPath,
  tool,
  wait,
} from '../kit/index.ts';

const ID = '06-alloy-convert';
const FILE = 'config.alloy';
const SOURCE = 'prometheus.yml';
const entry = labEntry(ID);
const TENANT = labTenant(entry);
const PORT = labPort(entry, 'alloy');
/** scrape_interval and batch_send_deadline in prometheus.yml. */
const SCRAPE_MS = 5_000;
const DEADLINE_MS = 1_000;

type State = AlloyLabState;

/** The `alloy convert` that makes config.alloy, natively or in the Alloy image (Docker mode). */
function convertCommand(ctx: CheckContext): string {
  const alloy = tool('alloy');
  const args = (file: (name: string) => string): string[] => [
    'convert',
    '--source-format=prometheus',
    '--bypass-errors',
    `--output=${file(FILE)}`,
    file(SOURCE),
  ];
  if (alloy.mode === 'native') return `${shownPath(alloy.path)} ${args((f) => ctx.shown(f)).join(' ')}`;
  return dockerCommandLine(
    alloy,
    args((f) => ctx.path(f)),
    [{ dir: dirname(ctx.path(FILE)), writable: true }],
  );
}

/** The job names of prometheus.yml, the ones the conversion must keep. */
function jobsOf(text: string): string[] {
  const doc = parse(text) as { scrape_configs?: { job_name?: string }[] } | null;
  return (doc?.scrape_configs ?? []).flatMap((j) => (j.job_name ? [j.job_name] : []));
}

export default defineLab({
  id: ID,
  init: (): State => ({}),
  checks: [
    check(`${FILE} is a conversion of ${SOURCE}`, (ctx) => {
      if (/^\s*prometheus\.scrape\s+"/m.test(ctx.read(FILE))) return pass();
      return fail(`${ctx.shown(FILE)} has no prometheus.scrape component yet: it is not converted`, {
        hint: convertCommand(ctx),
      });
    }),

    ...alloyFileRuns<State>(FILE, PORT),

    check<State>('its components are healthy', (ctx, state) =>
      ctx.waitUntil({
        what: 'the components to report their health',
        budget: budget([]),
        probe: () => componentsHealthy(requireAlloy(state), ['prometheus.scrape', 'prometheus.remote_write']),
      }),
    ),

    check('its remote_write delivers to Mimir', (ctx) =>
      ctx.waitUntil({
        what: 'the first remote_write batch',
        budget: budget([
          { what: 'scrape interval', ms: SCRAPE_MS, times: 2 },
          { what: 'batch_send_deadline', ms: DEADLINE_MS },
        ]),
        probe: deliveryProbe({
          lab: ID,
          process: 'alloy',
          port: PORT,
          headerHint: `the converter keeps the header; put it back in the endpoint block: \`headers = { "X-Scope-OrgID" = "${TENANT}" }\``,
          noQueueHint: 'the converted remote_write section became prometheus.remote_write.default: keep it',
        }),
      }),
    ),

    check<State>(`every job of ${SOURCE} has series in tenant ${TENANT}`, (ctx, state) => {
      const jobs = jobsOf(ctx.read(SOURCE));
      return ctx.waitUntil({
        what: `up of ${listOf(jobs)} in tenant ${TENANT}`,
        // Each target's first scrape comes at its own offset within the interval, so one job
        // can arrive up to an interval after the batch the previous check saw.
        budget: budget([
          { what: 'scrape interval', ms: SCRAPE_MS },
          { what: 'batch_send_deadline', ms: DEADLINE_MS, times: 2 },
        ]),
        probe: async () => {
          const alloy = requireAlloy(state);
          const fresh = await query(mimir(TENANT), `count by (job) (${sinceStart('up', alloy)})`);
          const arrived = fresh.map((s) => s.metric['job'] ?? '');
          const missing = jobs.filter((j) => !arrived.includes(j));
          if (missing.length === 0) return pass(`jobs ${listOf(jobs)}`);
          const extra = arrived.filter((j) => !jobs.includes(j));
          if (extra.length === 0) return wait(`no series yet for job ${listOf(missing)}`);
          const message = `no series for job ${listOf(missing.map((j) => `"${j}"`))}; your Alloy sends job ${listOf(extra.map((j) => `"${j}"`))} instead`;
          const hint = `job_name in prometheus.scrape must stay as the converter wrote it (the job names of ${SOURCE})`;
          // Only name the jobs that cannot still come: a target not scraped yet, or scraped
          // but its batch not in Mimir yet, is on the way.
          const onTheWay = (await scrapeTargets(alloy.base)).filter(
            (t) => t.lastScrape === undefined || !arrived.includes(t.job),
          );
          return onTheWay.length === 0 ? fail(message, { hint }) : wait(message, { hint });
        },
      });
    }),
  ],
});
