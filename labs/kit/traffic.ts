/** Requests the checker sends to the learner's program, so its counters have something to count. */
import { request } from './http.ts';

export interface TrafficResult {
  readonly sent: number;
  readonly ok: number;
  /** The first failure, quoted in messages. */
  readonly firstError?: string;
}

export async function sendTraffic(url: string, count: number, method = 'POST'): Promise<TrafficResult> {
  let ok = 0;
  let firstError: string | undefined;
  for (let i = 0; i < count; i++) {
    const result = await request(url, { method, timeoutMs: 5_000 });
    if (result.ok) ok++;
    else firstError ??= result.error;
  }
  return firstError === undefined ? { sent: count, ok } : { sent: count, ok, firstError };
}
