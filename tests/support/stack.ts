/**
 * Helpers for test suites that need the live stack: bring it up natively when it isn't
 * healthy (and remember whether we did), query Prometheus and Mimir, and wait for
 * conditions with timeouts that say what was awaited.
 */
import type { ServiceName } from '../../stack/services.ts';
import { isNative, serviceNames } from '../../stack/services.ts';
import {
  consoleReporter,
  ensureBuilt,
  loadVersions,
  probeService,
  serviceUrl,
  silentReporter,
  stackDown,
  stackPaths,
  stackUp,
  type Tool,
  toolPath,
} from '../../scripts/stack/index.ts';
import { sleep } from '../../scripts/lib/sleep.ts';

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

/** One series of an instant-query result. */
export interface Sample {
  readonly metric: Readonly<Record<string, string>>;
  readonly value: number;
}

interface PromResponse {
  status: 'success' | 'error';
  error?: string;
  data?: { resultType: string; result: { metric: Record<string, string>; value?: [number, string] }[] };
}

async function instantQuery(base: string, expr: string, headers: Record<string, string>): Promise<Sample[]> {
  const url = `${base}/api/v1/query?${new URLSearchParams({ query: expr }).toString()}`;
  const response = await fetch(url, { headers, signal: AbortSignal.timeout(10_000) });
  const body = (await response
    .json()
    .catch(() => ({ status: 'error', error: `HTTP ${response.status}, not JSON` }))) as PromResponse;
  if (!response.ok || body.status !== 'success' || !body.data) {
    throw new QueryError(`${expr} → HTTP ${response.status}: ${body.error ?? 'no data'}`, response.status);
  }
  return body.data.result.map((r) => ({ metric: r.metric, value: Number(r.value?.[1] ?? NaN) }));
}

/** A query the server refused; `status` is the HTTP status (401 without a tenant). */
export class QueryError extends Error {
  override name = 'QueryError';
  readonly status: number;
  constructor(message: string, status: number) {
    super(message);
    this.status = status;
  }
}

/** Instant query against Prometheus (127.0.0.1:9090). */
export function queryPrometheus(expr: string): Promise<Sample[]> {
  return instantQuery(serviceUrl('prometheus'), expr, {});
}

/** Instant query against Mimir as `tenant` (X-Scope-OrgID); undefined tenant sends no header. */
export function queryMimir(expr: string, tenant: string | undefined): Promise<Sample[]> {
  return instantQuery(
    `${serviceUrl('mimir')}/prometheus`,
    expr,
    tenant === undefined ? {} : { 'X-Scope-OrgID': tenant },
  );
}

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
