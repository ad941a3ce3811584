/**
 * Requests the checker sends to the learner's program, so its counters have something to count,
 * timed from the outside: a duration the program measured inside a request cannot be longer
 * than the request took, which bounds what a histogram's _sum may have grown by.
 */
import { request } from './http.ts';
import type { Final } from './verdict.ts';
import { fail, pass } from './verdict.ts';

export interface TrafficResult {
  readonly sent: number;
  readonly ok: number;
  /** The first failure, quoted in messages. */
  readonly firstError?: string;
  /** The round trip of each successful request, as the checker timed it (ms). */
  readonly roundTripsMs: readonly number[];
}

/** Sends `count` requests one after another (so each one's round trip is its own). */
export async function sendTraffic(url: string, count: number, method = 'POST'): Promise<TrafficResult> {
  let firstError: string | undefined;
  const roundTripsMs: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    const result = await request(url, { method, timeoutMs: 5_000 });
    if (result.ok) roundTripsMs.push(performance.now() - start);
    else firstError ??= result.error;
  }
  const ok = roundTripsMs.length;
  return firstError === undefined
    ? { sent: count, ok, roundTripsMs }
    : { sent: count, ok, firstError, roundTripsMs };
}

/** What a duration histogram's growth is judged against. */
export interface DurationBounds {
  /** The histogram's _sum growth, in the unit it declares (seconds). */
  readonly sumSeconds: number;
  /** The requests it should have observed (their round trips bound it from above). */
  readonly traffic: TrafficResult;
  /** The least time each request's work takes (the handler sleeps at least this long). */
  readonly minWorkMs: number;
  /** The histogram, as named in messages ("shop_checkout_duration_seconds_sum"). */
  readonly metric: string;
}

/** 12.3 ms, or 4.2 µs below a tenth of a millisecond (a duration taken before the work). */
const ms = (seconds: number): string =>
  seconds < 0.0001 ? `${(seconds * 1e6).toFixed(1)} µs` : `${(seconds * 1000).toFixed(1)} ms`;

/**
 * Why a duration histogram's _sum cannot be what the requests took, in seconds, or undefined
 * when it can: each observation must lie between the work's minimum and the request's round
 * trip (plus 1 ms per request for the two clocks). Too little means it was observed before the
 * work was done; a thousand times too much, milliseconds in a histogram declared in seconds.
 */
export function durationSumProblem(bounds: DurationBounds): string | undefined {
  const { sumSeconds, traffic, minWorkMs, metric } = bounds;
  const n = traffic.roundTripsMs.length;
  if (n === 0) return undefined;
  const least = (n * minWorkMs) / 1000;
  const most = traffic.roundTripsMs.reduce((sum, t) => sum + t + 1, 0) / 1000;
  if (sumSeconds >= least * 0.999 && sumSeconds <= most) return undefined;
  const mean = sumSeconds / n;
  const said = `${metric} grew by ${sumSeconds.toPrecision(4)} for ${n} requests, ${ms(mean)} each on average`;
  if (sumSeconds < least)
    return `${said}, but each one's work takes at least ${minWorkMs} ms: the duration is observed before the work is done (take the start time before the work, observe time.Since(start) after it)`;
  const asMilliseconds = sumSeconds / 1000;
  if (asMilliseconds >= least * 0.999 && asMilliseconds <= most)
    return `${said}, a thousand times what the requests took (${most.toFixed(3)} s in all, timed by the checker): the histogram is declared in seconds, so observe seconds, not milliseconds (time.Since(start).Seconds())`;
  return `${said}, more than the requests took (${most.toFixed(3)} s in all, timed by the checker): observe time.Since(start).Seconds() with start taken when this request's work begins`;
}

/**
 * The check of a duration histogram's _sum against the requests the checker sent: passes with
 * the growth, or fails saying why it cannot be their time, with `hint` saying where to measure.
 */
export function durationSumVerdict(
  bounds: Omit<DurationBounds, 'traffic'> & {
    readonly traffic: TrafficResult | undefined;
    readonly hint: string;
  },
): Final {
  const traffic = bounds.traffic ?? { sent: 0, ok: 0, roundTripsMs: [] };
  const problem = durationSumProblem({ ...bounds, traffic });
  if (problem) return fail(problem, { hint: bounds.hint });
  return pass(`+${bounds.sumSeconds.toFixed(3)}s for ${traffic.roundTripsMs.length} requests`);
}
