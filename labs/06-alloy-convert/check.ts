/**
 * Lab 06: config.alloy is what `alloy convert` made of prometheus.yml: it parses, it runs in a
 * lab Alloy (proven by its config hash), its components are healthy, it scrapes every job of
 * the lab's prometheus.yml with each target up, its remote_write delivers, and each of those
 * jobs has series in Mimir (tenant lab-06) newer than the lab Alloy's start. The jobs come from
 * the lab's own input (start/prometheus.yml), not the learner's copy, so deleting a job from
 * both files does not make it optional. Waits are sized from the running Alloy's intervals.
 */
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { AlloyLabState, CheckContext, PipelineTimes } from '../kit/index.ts';
import {
  alloyFileRuns,
  budget,
  check,
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
  pipelineTimes,
  query,
  requireAlloy,
  scrapeClock,
  shownPath,
  sinceStart,
  targetsScrapedProbe,
  tool,
  wait,
  whereItWent,
} from '../kit/index.ts';

const ID = '06-alloy-convert';
const FILE = 'config.alloy';
const SOURCE = 'prometheus.yml';
const entry = labEntry(ID);
const TENANT = labTenant(entry);
const PORT = labPort(entry, 'alloy');
/** The lab's own input: the jobs the goal requires, whatever the learner's copy says. */
const INPUT = fileURLToPath(new URL(`./start/${SOURCE}`, import.meta.url));

/** The job names of a Prometheus config, the ones the conversion must keep. */
function jobsOf(text: string): string[] {
  let doc: { scrape_configs?: { job_name?: unknown }[] } | null;
  try {
    doc = parse(text) as typeof doc;
  } catch {
    return [];
  }
  return (doc?.scrape_configs ?? []).flatMap((j) => (typeof j.job_name === 'string' ? [j.job_name] : []));
}

const JOBS = jobsOf(readFileSync(INPUT, 'utf8'));
const quoted = (jobs: readonly string[]): string => listOf(jobs.map((j) => `"${j}"`));

interface State extends AlloyLabState {
  times?: PipelineTimes;
}

async function timesOf(state: State): Promise<PipelineTimes> {
  state.times ??= await pipelineTimes(requireAlloy(state));
  return state.times;
}

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

export default defineLab({
  id: ID,
  init: (): State => ({}),
  checks: [
    check(`${FILE} is a conversion of ${SOURCE}`, (ctx) => {
      const lost = JOBS.filter((job) => !jobsOf(ctx.read(SOURCE)).includes(job));
      if (lost.length > 0)
        return fail(
          `${ctx.shown(SOURCE)} no longer has job ${quoted(lost)}: it is the lab's input (jobs ${quoted(JOBS)}), to convert as it is`,
          {
            hint: `copy it back from ${shownPath(INPUT)}, then convert again: ${convertCommand(ctx)}`,
          },
        );
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

    check<State>(`it scrapes every job of ${SOURCE} (${listOf(JOBS)})`, async (ctx, state) => {
      const times = await timesOf(state);
      return ctx.waitUntil({
        what: `the first scrape of job ${listOf(JOBS)}`,
        budget: budget([times.scrapeInterval, times.scrapeTimeout]),
        probe: targetsScrapedProbe(requireAlloy(state), JOBS, {
          missingJob: `the converter writes one prometheus.scrape per job, with job_name as in ${SOURCE}: convert again (${convertCommand(ctx)})`,
          down: `the targets are those of ${SOURCE} (app:8080, prometheus:9090), as the converter wrote them`,
        }),
      });
    }),

    check<State>('its remote_write delivers to Mimir', async (ctx, state) => {
      const times = await timesOf(state);
      return ctx.waitUntil({
        what: 'the first remote_write batch',
        budget: budget([times.scrapeInterval, times.batchDeadline]),
        probe: deliveryProbe({
          lab: ID,
          process: 'alloy',
          port: PORT,
          headerHint: `the converter keeps the header; put it back in the endpoint block: \`headers = { "X-Scope-OrgID" = "${TENANT}" }\``,
          noQueueHint: 'the converted remote_write section became prometheus.remote_write.default: keep it',
        }),
      });
    }),

    check<State>(`every job of ${SOURCE} has series in tenant ${TENANT}`, async (ctx, state) => {
      const alloy = requireAlloy(state);
      const times = await timesOf(state);
      const fresh = (selector: string): string => sinceStart(selector, alloy);
      // The stack's Prometheus sends jobs app and prometheus to its own tenant: only series
      // stamped with this Alloy's scrape times count as having gone elsewhere.
      const clock = scrapeClock(alloy);
      return ctx.waitUntil({
        what: `up of ${listOf(JOBS)} in tenant ${TENANT}`,
        // Each target's first scrape comes at its own offset within the interval, so one job
        // can arrive up to an interval after the batch the previous check saw.
        budget: budget([times.scrapeInterval, { ...times.batchDeadline, times: 2 }]),
        probe: async () => {
          await clock.tick();
          const found = await query(mimir(TENANT), `count by (job) (${fresh('up')})`);
          const arrived = found.map((s) => s.metric['job'] ?? '');
          const missing = JOBS.filter((j) => !arrived.includes(j));
          if (missing.length === 0) return pass(`jobs ${listOf(JOBS)}`);
          for (const job of missing) {
            const elsewhere = await whereItWent({
              tenant: TENANT,
              metric: 'up',
              labels: { job },
              sentBy: clock.sentBy,
              tenantHint: `the tenant is the X-Scope-OrgID header that the converter copied from ${SOURCE}: \`headers = { "X-Scope-OrgID" = "${TENANT}" }\``,
            });
            if (elsewhere) return elsewhere;
          }
          return wait(`no series of this run yet for job ${quoted(missing)}`);
        },
      });
    }),
  ],
});
