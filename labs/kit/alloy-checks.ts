/**
 * Checks shared by the Alloy labs: run the learner's config in a lab Alloy (its errors point
 * at the learner's file) and prove that the Alloy answering on the lab port runs exactly the
 * file as it is now (its config hash); the components' health and the targets' scrapes from
 * Alloy's API; waits sized from the intervals that Alloy reports for the learner's components
 * (or Alloy's documented defaults); and "this run's series arrived in Mimir", judged by sample
 * timestamps newer than the lab Alloy's start.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { sleep } from '../../scripts/lib/sleep.ts';
import type { Component, ComponentDetail, ScrapeTarget } from './alloy-api.ts';
import { components, componentsOfKind, loadedConfig, targetsOf } from './alloy-api.ts';
import type { Check, CheckContext } from './define.ts';
import { check } from './define.ts';
import type { Labels } from './find-data.ts';
import { ensureLabAlloy } from './lab-services.ts';
import { didYouMean, listOf } from './suggest.ts';
import type { Term } from './timing.ts';
import { defaults, parseDuration } from './timing.ts';
import { alloyFmt, rewritePaths } from './validators.ts';
import type { Final, Verdict } from './verdict.ts';
import { fail, pass, wait } from './verdict.ts';

export interface LabAlloy {
  /** http://127.0.0.1:<port> */
  readonly base: string;
  /** Unix seconds when the process started: samples after it are this run's. */
  readonly since: number;
  /** SHA-256 of the config it runs (the learner's file as rendered for it), proven by its /metrics. */
  readonly configSha256: string;
}

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/** How long a just-started Alloy may take to publish its config hash (it does at load, before ready). */
const HASH_WAIT_MS = 5_000;

/**
 * Proves the Alloy on `base` runs the config in `configFile` (a reused process too): Alloy
 * publishes the SHA-256 of the file it loaded as alloy_config_hash{sha256}. A mismatch means
 * someone reloaded it with other contents; undefined when it is the right generation.
 */
async function wrongGeneration(base: string, configFile: string, shown: string): Promise<Final | undefined> {
  const want = sha256(readFileSync(configFile));
  const deadline = performance.now() + HASH_WAIT_MS;
  let last = await loadedConfig(base);
  while ((last?.sha256 !== want || !last.loaded) && performance.now() < deadline) {
    await sleep(250);
    last = await loadedConfig(base);
  }
  if (last?.sha256 === want && last.loaded) return undefined;
  return fail(
    last === undefined
      ? `the Alloy on ${base} does not answer ${base}/metrics`
      : `the Alloy on ${base} runs another config than ${shown} (config hash ${last.sha256?.slice(0, 12) ?? 'none'}, ${shown} has ${want.slice(0, 12)}${last.loaded ? '' : '; its last load failed'})`,
    { hint: 'it was reloaded with other contents: `npm run lab -- stop` it, then check again' },
  );
}

/** Runs `file` in a lab Alloy on `port`; on failure quotes Alloy's own error, located in the learner's file. */
async function runLabAlloy(
  ctx: CheckContext,
  port: number,
  file: string,
): Promise<
  | { readonly ok: true; readonly alloy: LabAlloy; readonly verdict: Final }
  | { readonly ok: false; readonly verdict: Final }
> {
  const started = await ensureLabAlloy(ctx.labId, 'alloy', port, ctx.read(file));
  if ('kind' in started) return { ok: false, verdict: started };
  const result = started.result;
  if (!result.ok) {
    // Alloy's own error and code frame, without the info lines of everything that went well.
    const errorLines = result.logTail
      .split('\n')
      .filter((line) => !/^ts=\S+ level=(info|debug)\b/.test(line))
      .join('\n');
    const output = rewritePaths(errorLines, [started.configFile], ctx.shown(file));
    return {
      ok: false,
      verdict: fail(`Alloy cannot run ${ctx.shown(file)}: ${result.reason}`, {
        output: output || '(it printed nothing)',
        hint: result.hint ?? 'the lines above name the file, line and column Alloy stopped at',
      }),
    };
  }
  const base = `http://127.0.0.1:${port}`;
  const wrong = await wrongGeneration(base, started.configFile, ctx.shown(file));
  if (wrong) return { ok: false, verdict: wrong };
  const alloy: LabAlloy = {
    base,
    since: Date.parse(result.record.startedAt) / 1000,
    configSha256: sha256(readFileSync(started.configFile)),
  };
  return {
    ok: true,
    alloy,
    verdict: pass(
      `${result.reused ? 'already running' : 'started'} with config sha256 ${alloy.configSha256.slice(0, 12)} · UI ${alloy.base}`,
    ),
  };
}

/** What the Alloy labs' later checks read: the lab Alloy, once it runs. */
export interface AlloyLabState {
  alloy?: LabAlloy;
}

/** The lab Alloy that alloyFileRuns started, for the checks after it. */
export function requireAlloy(state: AlloyLabState): LabAlloy {
  if (!state.alloy) throw new Error('the lab Alloy is not running');
  return state.alloy;
}

/**
 * The two checks every Alloy lab makes first: `alloy fmt` accepts the learner's file, and a lab
 * Alloy on `port` runs it (kept in `state.alloy` for the checks after).
 */
export function alloyFileRuns<S extends AlloyLabState>(file: string, port: number): Check<S>[] {
  return [
    check(`alloy fmt accepts ${file}`, (ctx) => alloyFmt({ path: ctx.path(file), shown: ctx.shown(file) })),
    check<S>(`an Alloy runs it on 127.0.0.1:${port}`, async (ctx, state) => {
      const run = await runLabAlloy(ctx, port, file);
      if (run.ok) state.alloy = run.alloy;
      return run.verdict;
    }),
  ];
}

/** Waits while the Alloy on the port is still the generation `alloy` proved; fails once it is not. */
async function stillThisGeneration(alloy: LabAlloy): Promise<Verdict | undefined> {
  const loaded = await loadedConfig(alloy.base);
  if (!loaded) return wait(`${alloy.base}/metrics does not answer`);
  if (loaded.sha256 === alloy.configSha256) return undefined;
  return fail(`the Alloy on ${alloy.base} was reloaded with another config while it was checked`, {
    hint: 'check again (and keep one `lab check` or `lab watch` per lab)',
  });
}

/** Every component of each wanted kind exists and is healthy (evaluation errors show up here). */
export async function componentsHealthy(alloy: LabAlloy, kinds: readonly string[]): Promise<Verdict> {
  const moved = await stillThisGeneration(alloy);
  if (moved) return moved;
  let list: Component[];
  try {
    list = await components(alloy.base);
  } catch (error) {
    return wait((error as Error).message);
  }
  const missing = kinds.filter((kind) => !list.some((c) => c.name === kind));
  if (missing.length > 0) {
    return fail(
      `no ${listOf(missing)} component in your config; it has ${listOf(list.map((c) => c.localID))}`,
      {
        hint: `add a ${missing[0] ?? ''} block (see the TODOs)`,
      },
    );
  }
  const unhealthy = list.filter((c) => c.health.state !== 'healthy');
  if (unhealthy.some((c) => c.health.state === 'unknown')) return wait('components are still starting');
  if (unhealthy.length > 0) {
    return fail(listOf(unhealthy.map((c) => `${c.localID} is ${c.health.state}: ${c.health.message}`)), {
      hint: `its page in the Alloy UI says more: ${alloy.base}`,
    });
  }
  return pass(list.map((c) => c.localID).join(', '));
}

/** The components the pipeline does not reach: a receiver nobody forwards to, a sender with no input. */
export function unwired(list: readonly Component[], from: string, to: string): string | undefined {
  const source = list.find((c) => c.name === from);
  const target = list.find((c) => c.name === to);
  if (!source || !target) return undefined;
  if (target.referencedBy.includes(source.localID)) return undefined;
  return `${source.localID} does not forward to ${target.localID} (forward_to = [${target.localID}.receiver])`;
}

/**
 * Alloy's documented defaults for what the learner may leave out (prometheus.scrape
 * DefaultArguments, prometheus.remote_write DefaultQueueOptions, v1.11).
 */
export const alloyDefaults = {
  scrapeIntervalMs: 60_000,
  scrapeTimeoutMs: 10_000,
  batchSendDeadlineMs: defaults.remoteWriteDeadlineMs,
} as const;

/** The intervals that govern how soon this Alloy's data can arrive, as wait terms. */
export interface PipelineTimes {
  /** The longest scrape_interval of its prometheus.scrape components. */
  readonly scrapeInterval: Term;
  /** The longest scrape_timeout. */
  readonly scrapeTimeout: Term;
  /** The longest batch_send_deadline of its remote_write endpoints. */
  readonly batchDeadline: Term;
}

/** The longest of `values` (one per component), named by where it comes from; `fallback` when none. */
function longestArgument(
  name: string,
  values: readonly { readonly from: string; readonly text: unknown }[],
  fallbackMs: number,
): Term {
  const terms = values.map(({ from, text }) => {
    const ms = parseDuration(typeof text === 'string' ? text : undefined);
    // The API leaves out a value equal to its default, so "absent" is "the default".
    return ms === undefined
      ? { what: `${name} of ${from} (Alloy's default)`, ms: fallbackMs }
      : { what: `${name} of ${from}`, ms };
  });
  const best = terms.reduce<Term | undefined>((a, t) => (a === undefined || t.ms > a.ms ? t : a), undefined);
  return best ?? { what: `${name} (Alloy's default)`, ms: fallbackMs };
}

/**
 * The scrape interval and timeout and the remote_write batch deadline this Alloy runs with,
 * read from its components' arguments: what the learner's file sets, or Alloy's defaults.
 */
export async function pipelineTimes(alloy: LabAlloy): Promise<PipelineTimes> {
  const scrapes = await componentsOfKind(alloy.base, 'prometheus.scrape');
  const writes = await componentsOfKind(alloy.base, 'prometheus.remote_write');
  const arg = (c: ComponentDetail, name: string) => ({ from: c.localID, text: c.arguments.attrs[name] });
  const deadlines = writes.flatMap((w) =>
    (w.arguments.blocks['endpoint'] ?? []).map((endpoint) => ({
      from: w.localID,
      text: endpoint.blocks['queue_config']?.[0]?.attrs['batch_send_deadline'],
    })),
  );
  return {
    scrapeInterval: longestArgument(
      'scrape_interval',
      scrapes.map((c) => arg(c, 'scrape_interval')),
      alloyDefaults.scrapeIntervalMs,
    ),
    scrapeTimeout: longestArgument(
      'scrape_timeout',
      scrapes.map((c) => arg(c, 'scrape_timeout')),
      alloyDefaults.scrapeTimeoutMs,
    ),
    batchDeadline: longestArgument('batch_send_deadline', deadlines, alloyDefaults.batchSendDeadlineMs),
  };
}

/** "no target has job "prometheus"; your Alloy scrapes job "prom" and "app" — did you name …?" */
function missingJobs(missing: readonly string[], targets: readonly ScrapeTarget[]): string {
  const present = [...new Set(targets.map((t) => t.job))];
  const quotedList = (jobs: readonly string[]): string => listOf(jobs.map((j) => `"${j}"`));
  const guess = missing.length === 1 ? didYouMean(missing[0] ?? '', present, 'the job') : '';
  return `no target has job ${quotedList(missing)}; your Alloy scrapes job ${quotedList(present)}${guess}`;
}

const targetName = (t: ScrapeTarget): string => `${t.url} (job "${t.job}", ${t.component})`;

/**
 * A probe for "the scrapes work": every target of every prometheus.scrape was scraped by this
 * Alloy and is up, and each of `jobs` has a target. A down target fails with the scraper's own
 * error; a missing job names the jobs there are.
 */
export function targetsScrapedProbe(
  alloy: LabAlloy,
  jobs: readonly string[],
  hints: { readonly missingJob: string; readonly down: string },
): () => Promise<Verdict> {
  return async () => {
    const moved = await stillThisGeneration(alloy);
    if (moved) return moved;
    const scrapes = await componentsOfKind(alloy.base, 'prometheus.scrape');
    const targets = scrapes.flatMap(targetsOf);
    // Targets reach a scrape component's debug info after the scrape manager's first sync.
    const pending = scrapes.filter((s) => targetsOf(s).length === 0);
    if (targets.length === 0)
      return wait('the scrape components have no targets yet', { hint: hints.missingJob });
    const missing = jobs.filter((job) => !targets.some((t) => t.job === job));
    if (missing.length > 0) {
      const message = missingJobs(missing, targets);
      return pending.length > 0
        ? wait(message, { hint: hints.missingJob })
        : fail(message, { hint: hints.missingJob });
    }
    const down = targets.filter((t) => t.lastScrape !== undefined && t.health === 'down');
    if (down.length > 0)
      return fail(`${listOf(down.map(targetName))} ${down.length === 1 ? 'is' : 'are'} down`, {
        output: down.map((t) => `${t.url}: ${t.lastError || '(no error recorded)'}`).join('\n'),
        hint: hints.down,
      });
    const waiting = targets.filter((t) => t.lastScrape === undefined || t.lastScrape < alloy.since);
    if (waiting.length > 0) return wait(`not scraped yet: ${listOf(waiting.map(targetName))}`);
    return pass(listOf(targets.map((t) => `${t.job} ${t.url}`)));
  };
}

/**
 * True when a series' samples start with this run: none before `sinceMs`, or a gap before the
 * first one after it that is longer than the series' own spacing. Another writer of the same
 * series (the stack's Alloy scrapes the app on the same phase, so with the same timestamps)
 * wrote it without a break.
 */
export function startsWithRun(timestampsMs: readonly number[], sinceMs: number): boolean {
  const sorted = [...timestampsMs].sort((a, b) => a - b);
  const before = sorted.filter((t) => t < sinceMs).at(-1);
  const after = sorted.filter((t) => t >= sinceMs);
  const first = after[0];
  if (first === undefined) return false;
  if (before === undefined) return true;
  // The series' own spacing: every gap between its samples but the one across the start.
  const gaps = sorted.slice(1).flatMap((t, i) => (t === first ? [] : [t - (sorted[i] ?? t)]));
  if (gaps.length === 0) return true;
  const median = [...gaps].sort((a, b) => a - b)[Math.floor(gaps.length / 2)] ?? 0;
  return first - before > 1.5 * median;
}

/**
 * This Alloy's scrape times, as its targets report them. Prometheus's scrape loop stamps every
 * sample of a scrape (up included) with the time it reports as last_scrape, so a series with
 * one of these timestamps, whose samples start with this run, was written by this Alloy in
 * whatever tenant it landed.
 */
export interface ScrapeClock {
  /** Records every target's last scrape; call it on each probe, so no scrape is missed. */
  readonly tick: () => Promise<void>;
  /** True when the series has a sample of one of this Alloy's scrapes of its job and starts with this run. */
  readonly sentBy: (series: Labels, timestampsMs: readonly number[]) => boolean;
}

export function scrapeClock(alloy: LabAlloy): ScrapeClock {
  const seen = new Map<string, Set<number>>();
  return {
    tick: async () => {
      for (const t of (await componentsOfKind(alloy.base, 'prometheus.scrape')).flatMap(targetsOf)) {
        if (t.lastScrapeMs === undefined) continue;
        const times = seen.get(t.job) ?? new Set<number>();
        times.add(t.lastScrapeMs);
        seen.set(t.job, times);
      }
    },
    sentBy: (series, timestampsMs) => {
      const ours = seen.get(series['job'] ?? '');
      return (
        ours !== undefined &&
        timestampsMs.some((ms) => ours.has(ms)) &&
        startsWithRun(timestampsMs, alloy.since * 1000)
      );
    },
  };
}

/**
 * The series of `selector` that got a sample in this run: `timestamp(selector) > since`.
 * `selector` must be a plain selector of one metric name: timestamp() of anything else is the
 * evaluation time, and it drops the name, so several names would collide.
 */
export const sinceStart = (selector: string, alloy: LabAlloy): string =>
  `timestamp(${selector}) > ${alloy.since.toFixed(3)}`;
