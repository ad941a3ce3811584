/** Readiness probes: the same HTTP checks for both modes, from the host. */
import type { ServiceName } from '../../stack/services.ts';
import { LOOPBACK, services } from '../../stack/services.ts';
import { sleep } from '../lib/sleep.ts';

export const serviceUrl = (service: ServiceName): string => `http://${LOOPBACK}:${services[service].port}`;
export const readyUrl = (service: ServiceName): string =>
  `${serviceUrl(service)}${services[service].readyPath}`;

export interface Probe {
  readonly ok: boolean;
  /** HTTP status, or the connection error. */
  readonly detail: string;
}

export async function probe(url: string, timeoutMs = 2000): Promise<Probe> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel();
    return { ok: response.ok, detail: `HTTP ${response.status}` };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return { ok: false, detail: cause ?? (error as Error).message };
  }
}

export const probeService = (service: ServiceName): Promise<Probe> => probe(readyUrl(service));

export interface WaitOptions {
  readonly timeoutMs: number;
  readonly intervalMs?: number;
  /** Checked each round: a reason to stop waiting early (e.g. the process exited). */
  readonly abort?: () => string | undefined;
}

export type WaitResult =
  | { readonly ready: true; readonly ms: number }
  | { readonly ready: false; readonly ms: number; readonly reason: string };

/** Polls the service's ready path until it answers 2xx, the timeout passes or `abort` says stop. */
export async function waitReady(service: ServiceName, options: WaitOptions): Promise<WaitResult> {
  const start = performance.now();
  let last: Probe = { ok: false, detail: 'not probed yet' };
  while (performance.now() - start < options.timeoutMs) {
    const aborted = options.abort?.();
    if (aborted) return { ready: false, ms: performance.now() - start, reason: aborted };
    last = await probeService(service);
    if (last.ok) return { ready: true, ms: performance.now() - start };
    await sleep(options.intervalMs ?? 250);
  }
  const seconds = Math.round(options.timeoutMs / 1000);
  return {
    ready: false,
    ms: performance.now() - start,
    reason: `${readyUrl(service)} not ready after ${seconds}s (last: ${last.detail})`,
  };
}
