/**
 * The checks every scrape-job lab makes of its drop-in after promtool: the stack's Prometheus
 * loads it, the job exists, and its targets are up.
 *
 * Every check after the reload judges the targets the file makes now, not the previous file's:
 * a reload that keeps the job name keeps the old targets (old labels, old health) until
 * discovery hands the pool its targets again. So the targets must be the addresses the file
 * lists, carry what the current relabel_configs make of their discovered labels (Prometheus
 * applies them itself), and have been scraped after the reload; samples count only from those
 * scrapes (`sinceMs`).
 */
import { parse } from 'yaml';
import type { Check, CheckContext } from './define.ts';
import { check } from './define.ts';
import { applyDropIn, reloadPrometheus } from './drop-in.ts';
import type { Target } from './prometheus-api.ts';
import {
  currentTargets,
  lastReload,
  lastScrapeMs,
  poolSyncs,
  scrapePools,
  staticAddresses,
} from './prometheus-api.ts';
import { stackPrometheus } from './promql.ts';
import { didYouMean, listOf } from './suggest.ts';
import {
  budget,
  prometheusTiming,
  scrapeTerm,
  stackPrometheusConfig,
  termText,
  timeoutTerm,
} from './timing.ts';
import type { Final, Verdict } from './verdict.ts';
import { fail, pass, wait } from './verdict.ts';
import { promtoolCheckConfig } from './validators.ts';

/** What the checks of one run learn about the job, for the checks after them. */
export interface DropInJobState {
  /** How often Prometheus had synced the job's pool before this check reloaded it. */
  syncsBefore?: number;
  /** Whether this check has reloaded Prometheus a second time (see nudgeAfterMs). */
  nudged?: boolean;
  /** The job's targets as the current file makes them, once scraped after the reload. */
  targets?: readonly Target[];
  /** The earliest last scrape of those targets: samples from then on are this file's. */
  sinceMs?: number;
}

/** The lab's drop-in: its id, the learner's file, the job it must hold. */
export interface DropInJob {
  readonly labId: string;
  readonly file: string;
  readonly job: string;
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
export const dropInTiming = (ctx: CheckContext, file: string) =>
  prometheusTiming(ctx.read(file), stackPrometheusConfig());

/** Prometheus's discovery manager and then its scrape manager each pass targets on at a 5 s tick. */
const discoveryTerm = (ctx: CheckContext) => ({
  what: 'target discovery tick',
  ms: ctx.intervals.discoveryMs,
  times: 2,
});

/** Longer than discovery can take: a pool still without any target by then is stuck. */
const nudgeAfterMs = (ctx: CheckContext): number => 2 * ctx.intervals.discoveryMs + 2_000;

/** Copies the file into the drop-in folder and reloads, having read the pool's syncs first. */
async function loadDropInJob(
  ctx: CheckContext,
  state: DropInJobState,
  { labId, file, job }: DropInJob,
): Promise<Final> {
  // Read before the reload: a sync counted after it is the proof that the pool was rebuilt.
  state.syncsBefore = (await poolSyncs(stackPrometheus.base)).get(job) ?? 0;
  return applyDropIn(labId, ctx.read(file), ctx.shown(file));
}

/** Waits until Prometheus has a pool for every job of the file, then judges the job's name. */
function dropInJobExists(ctx: CheckContext, { file, job }: DropInJob, hint: string): Promise<Final> {
  const yours = jobNames(ctx.read(file));
  // Prometheus creates a job's scrape pool when discovery first hands it targets: wait until
  // every job of the file is there, then judge the names.
  return ctx.waitUntil({
    what: `Prometheus to pick up the job(s) in ${file}`,
    budget: budget([discoveryTerm(ctx)]),
    probe: async () => {
      const pools = await scrapePools(stackPrometheus.base);
      if (pools.includes(job)) return pass();
      const message = `job \`${job}\` not found in Prometheus targets; found: ${listOf(pools)}${didYouMean(job, pools, 'the job')}`;
      return yours.every((name) => pools.includes(name)) ? fail(message, { hint }) : wait(message, { hint });
    },
  });
}

/**
 * The first three checks of a scrape-job lab: promtool accepts the file, the stack's Prometheus
 * loads it, the job exists (`missingHint` says how to add it).
 */
export function dropInOpeningChecks<S extends DropInJobState>(
  dropIn: DropInJob,
  missingHint: string,
): Check<S>[] {
  return [
    check(`promtool accepts ${dropIn.file}`, (ctx) =>
      promtoolCheckConfig(
        { path: ctx.path(dropIn.file), shown: ctx.shown(dropIn.file) },
        'the line numbers above are lines of your file',
      ),
    ),
    check<S>('the stack’s Prometheus loads it', (ctx, state) => loadDropInJob(ctx, state, dropIn)),
    check(`job ${dropIn.job} exists`, (ctx) => dropInJobExists(ctx, dropIn, missingHint)),
  ];
}

/** What to tell the learner when the job's targets are not what the lab needs. */
export interface TargetHints {
  /** Relabelling dropped every target. */
  readonly dropped: string;
  /** The file lists no target yet. */
  readonly none: string;
  /** A target's scrape failed; `target` is the one, for a message of its own. */
  readonly down: (target: Target) => { readonly message?: string; readonly hint: string };
}

/**
 * Waits until the job's targets are the file's current ones and each was scraped after the
 * reload, then fails on the first that is down. Records them and `sinceMs` in `state`.
 */
export function dropInTargetsUp(
  ctx: CheckContext,
  state: DropInJobState,
  { file, job }: DropInJob,
  hints: TargetHints,
): Promise<Final> {
  const timing = dropInTiming(ctx, file);
  const interval = scrapeTerm(timing, job);
  const addresses = staticAddresses(ctx.read(file), job);
  return ctx.waitUntil({
    what: `a scrape of job ${job}'s target after the reload (${termText(interval)})`,
    budget: budget([
      discoveryTerm(ctx),
      interval,
      timeoutTerm(timing, job),
      { what: 'one more reload, should discovery hand the job no target', ms: nudgeAfterMs(ctx) },
    ]),
    probe: async (): Promise<Verdict> => {
      const reload = await lastReload(stackPrometheus.base);
      const now = await currentTargets(stackPrometheus.base, job, {
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
            `your relabel_configs drop job ${job}'s target (${listOf(now.dropped.map((l) => l['__address__'] ?? '?'))}), so nothing is scraped`,
            { hint: hints.dropped },
          );
        return wait(`job ${job} has no target yet`, { hint: hints.none });
      }
      const fresh = now.active.filter((t) => lastScrapeMs(t) > reload.atMs);
      if (fresh.length < now.active.length) return wait('not scraped since the reload yet');
      const down = fresh.find((t) => t.health !== 'up');
      if (down) {
        const said = hints.down(down);
        return fail(
          said.message ?? `the target ${down.scrapeUrl} is down: ${down.lastError || down.health}`,
          {
            hint: said.hint,
          },
        );
      }
      state.targets = fresh;
      state.sinceMs = Math.min(...fresh.map(lastScrapeMs));
      return pass(fresh.map((t) => t.scrapeUrl).join(', '));
    },
  });
}
