/**
 * One PromQL evaluation at a given time (or over given steps), as Prometheus' HTTP API answers
 * it: the result's type and its series, or Prometheus' own error for a query it refuses. A
 * query is sent as a form body, so a long one is never cut by a URL limit.
 */
import { z } from 'zod';
import { request } from './http.ts';

export type ResultType = 'vector' | 'matrix' | 'scalar' | 'string';

export interface EvalSeries {
  /** The series' labels, __name__ included when the result keeps it. */
  readonly labels: Readonly<Record<string, string>>;
  /** [seconds, value] pairs, oldest first; an instant vector's series has one. */
  readonly points: readonly (readonly [number, number])[];
}

export type Evaluation =
  | { readonly ok: true; readonly type: ResultType; readonly series: readonly EvalSeries[] }
  | {
      readonly ok: false;
      /** "query": Prometheus refused the query (its message says why); "unreachable": no answer. */
      readonly kind: 'query' | 'unreachable';
      readonly error: string;
    };

export type When =
  { readonly at: number } | { readonly start: number; readonly end: number; readonly stepSeconds: number };

const pointSchema = z.tuple([z.number(), z.string()]);
const answerSchema = z.looseObject({
  status: z.enum(['success', 'error']),
  error: z.string().optional(),
  data: z
    .looseObject({
      resultType: z.enum(['vector', 'matrix', 'scalar', 'string']),
      result: z.unknown(),
    })
    .optional(),
});
const seriesSchema = z.array(
  z.looseObject({
    metric: z.record(z.string(), z.string()),
    value: pointSchema.optional(),
    values: z.array(pointSchema).optional(),
    // A native histogram's sample: compared by count and sum, which is what a learner reads off it.
    histogram: z.tuple([z.number(), z.looseObject({ count: z.string(), sum: z.string() })]).optional(),
  }),
);

const number = (text: string): number => Number(text);

export async function evaluate(base: string, expr: string, when: When): Promise<Evaluation> {
  const form = new URLSearchParams({ query: expr });
  if ('at' in when) form.set('time', String(when.at));
  else {
    form.set('start', String(when.start));
    form.set('end', String(when.end));
    form.set('step', String(when.stepSeconds));
  }
  const path = 'at' in when ? 'query' : 'query_range';
  const answer = await request(`${base}/api/v1/${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
    body: form.toString(),
    timeoutMs: 20_000,
  });
  if (!answer.ok && answer.status === 0) return { ok: false, kind: 'unreachable', error: answer.error };
  return evaluationOf(answer.text);
}

/** Prometheus' answer to a query (its body, whatever the status), as an evaluation. */
export function evaluationOf(text: string): Evaluation {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, kind: 'unreachable', error: `not JSON: ${text.slice(0, 200)}` };
  }
  const parsed = answerSchema.safeParse(json);
  if (!parsed.success)
    return { ok: false, kind: 'unreachable', error: `unexpected answer: ${text.slice(0, 200)}` };
  if (parsed.data.status === 'error' || !parsed.data.data)
    return { ok: false, kind: 'query', error: parsed.data.error ?? 'no result' };
  const { resultType, result } = parsed.data.data;
  if (resultType === 'scalar' || resultType === 'string') {
    const point = pointSchema.parse(result);
    return { ok: true, type: resultType, series: [{ labels: {}, points: [[point[0], number(point[1])]] }] };
  }
  const series = seriesSchema.parse(result).map((s) => ({
    labels: s.metric,
    points: s.values
      ? s.values.map(([t, v]) => [t, number(v)] as const)
      : s.value
        ? [[s.value[0], number(s.value[1])] as const]
        : s.histogram
          ? [[s.histogram[0], number(s.histogram[1].count)] as const]
          : [],
  }));
  return { ok: true, type: resultType, series };
}

/** A label's values over a time range (the label-values API), or none when it does not answer. */
export async function labelValues(
  base: string,
  label: string,
  range: { readonly start: number; readonly end: number },
): Promise<string[]> {
  const params = new URLSearchParams({ start: String(range.start), end: String(range.end) });
  const answer = await request(
    `${base}/api/v1/label/${encodeURIComponent(label)}/values?${params.toString()}`,
    {
      headers: { Accept: 'application/json' },
      timeoutMs: 20_000,
    },
  );
  if (!answer.ok) return [];
  const parsed = z.looseObject({ data: z.array(z.string()) }).safeParse(JSON.parse(answer.text));
  return parsed.success ? parsed.data.data : [];
}
