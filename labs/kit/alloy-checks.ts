/**
 * Checks shared by the Alloy labs: run the learner's config in a lab Alloy (its errors point
 * at the learner's file), the components' health from Alloy's API, and "this run's series
 * arrived in Mimir" judged by sample timestamps newer than the lab Alloy's start.
 */
import type { Component } from './alloy-api.ts';
import { components } from './alloy-api.ts';
import type { Check, CheckContext } from './define.ts';
import { check } from './define.ts';
import { ensureLabAlloy } from './lab-services.ts';
import { listOf } from './suggest.ts';
import { alloyFmt, rewritePaths } from './validators.ts';
import type { Final, Verdict } from './verdict.ts';
import { fail, pass, wait } from './verdict.ts';

export interface LabAlloy {
  /** http://127.0.0.1:<port> */
  readonly base: string;
  /** Unix seconds when the process started: samples after it are this run's. */
  readonly since: number;
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
  const alloy = { base: `http://127.0.0.1:${port}`, since: Date.parse(result.record.startedAt) / 1000 };
  return {
    ok: true,
    alloy,
    verdict: pass(`${result.reused ? 'already running' : 'started'} · UI ${alloy.base}`),
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

/** Every component of each wanted kind exists and is healthy (evaluation errors show up here). */
export async function componentsHealthy(alloy: LabAlloy, kinds: readonly string[]): Promise<Verdict> {
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
 * The series of `selector` that got a sample in this run: `timestamp(selector) > since`.
 * `selector` must be a plain selector of one metric name: timestamp() of anything else is the
 * evaluation time, and it drops the name, so several names would collide.
 */
export const sinceStart = (selector: string, alloy: LabAlloy): string =>
  `timestamp(${selector}) > ${alloy.since.toFixed(3)}`;
