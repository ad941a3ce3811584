/**
 * Helpers for test suites that need the live stack: bring it up natively when it isn't
 * healthy (and remember whether we did), query Prometheus and Mimir (through the lab kit's
 * PromQL client), and wait for
 * conditions with timeouts that say what was awaited.
 */
import type { ServiceName } from '../../stack/services.ts';
import { isNative, serviceNames } from '../../stack/services.ts';
import {
  consoleReporter,
  ensureBuilt,
  loadVersions,
  probeService,
  silentReporter,
  stackDown,
  stackPaths,
  stackUp,
  type Tool,
  toolPath,
} from '../../scripts/stack/index.ts';
import { sleep } from '../../scripts/lib/sleep.ts';
import { mimir, query, stackPrometheus, type Sample } from '../../labs/kit/promql.ts';

/** Services a native stack runs (Grafana, Loki and k6 are Docker-only). */
export const nativeStack: readonly ServiceName[] = serviceNames.filter(isNative);

let startedHere = false;

/** True when every native service answers its ready path. */
export async function stackHealthy(): Promise<boolean> {
  const results = await Promise.all(nativeStack.map((s) => probeService(s)));
  return results.every((r) => r.ok);
}

/**
 * Makes sure the stack is up. If it already is (any mode), leaves it alone; otherwise
 * starts it natively (building what is missing) and remembers that this process did.
 */
export async function ensureStackUp(): Promise<{ startedHere: boolean }> {
  if (await stackHealthy()) return { startedHere };
  await stackUp({
    mode: 'native',
    reporter: process.env['STACK_QUIET'] ? silentReporter : consoleReporter,
  });
  startedHere = true;
  return { startedHere };
}

/** Stops the stack only if ensureStackUp started it (set STACK_KEEP=1 to keep it running). */
export async function stopIfStarted(): Promise<void> {
  if (!startedHere || process.env['STACK_KEEP']) return;
  await stackDown({ reporter: silentReporter });
  startedHere = false;
}

export interface WaitForOptions {
  readonly timeoutMs: number;
  /** What is awaited, for the timeout message ("up{job=\"app\"} == 1 in Prometheus"). */
  readonly what: string;
  readonly intervalMs?: number;
}

/**
 * Calls fn until it returns something other than undefined/false, and returns that.
 * Errors thrown by fn count as "not yet"; the last one is quoted if time runs out.
 */
export async function waitFor<T>(
  fn: () => Promise<T | undefined | false>,
  options: WaitForOptions,
): Promise<T> {
  const start = performance.now();
  let last = 'no attempt finished';
  while (performance.now() - start < options.timeoutMs) {
    try {
      const value = await fn();
      if (value !== undefined && value !== false) return value;
      last = `got ${JSON.stringify(value)}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await sleep(options.intervalMs ?? 500);
  }
  throw new Error(
    `timed out after ${Math.round(options.timeoutMs / 1000)}s waiting for ${options.what} (last attempt: ${last})`,
  );
}

export type { Sample } from '../../labs/kit/promql.ts';
export { QueryError } from '../../labs/kit/promql.ts';

/** Instant query against the stack's Prometheus. */
export const queryPrometheus = (expr: string): Promise<Sample[]> => query(stackPrometheus, expr);

/** Instant query against Mimir as `tenant` (X-Scope-OrgID); undefined tenant sends no header. */
export const queryMimir = (expr: string, tenant: string | undefined): Promise<Sample[]> =>
  query(tenant === undefined ? { name: 'Mimir (no tenant)', base: mimir('').base } : mimir(tenant), expr);

/** Builds (or reuses) the native binaries and returns where the command-line tools are. */
export async function ensureTools(): Promise<Record<Tool, string>> {
  const paths = stackPaths();
  const versions = loadVersions(paths.versionsFile);
  await ensureBuilt(paths, versions, ['prometheus', 'mimir', 'alloy'], {
    reporter: consoleReporter,
  });
  return {
    promtool: toolPath(paths, versions, 'promtool'),
    alloy: toolPath(paths, versions, 'alloy'),
    mimir: toolPath(paths, versions, 'mimir'),
  };
}
