/**
 * PromQL queries against the stack's Prometheus and Mimir (with a tenant): the one client
 * the checkers and the tests share.
 */
import { serviceUrl } from '../../scripts/stack/index.ts';
import { z } from 'zod';
import { tenantHeader } from '../../stack/services.ts';
import { getJson } from './http.ts';

/** One series of an instant vector. */
export interface Sample {
  readonly metric: Readonly<Record<string, string>>;
  readonly value: number;
}

/** A PromQL endpoint: the base URL that /api/v1/query hangs off, and the tenant header. */
export interface Source {
  /** Shown in messages: "Prometheus", "Mimir (tenant lab-04)". */
  readonly name: string;
  readonly base: string;
  readonly tenant?: string;
}

export const stackPrometheus: Source = { name: 'Prometheus', base: serviceUrl('prometheus') };

export const mimir = (tenant: string): Source => ({
  name: `Mimir (tenant ${tenant})`,
  base: `${serviceUrl('mimir')}/prometheus`,
  tenant,
});

export class QueryError extends Error {
  override name = 'QueryError';
  readonly status: number;
  constructor(message: string, status: number) {
    super(message);
    this.status = status;
  }
}

const valueSchema = z.tuple([z.number(), z.string()]);
const vectorSchema = z.array(
  z.looseObject({ metric: z.record(z.string(), z.string()), value: valueSchema.optional() }),
);
const queryResponseSchema = z.looseObject({
  status: z.enum(['success', 'error']),
  error: z.string().optional(),
  data: z
    .looseObject({
      resultType: z.string(),
      // A vector's items, or a scalar's [time, "value"] pair: told apart by resultType.
      result: z.union([vectorSchema, valueSchema]),
    })
    .optional(),
});

const headersFor = (source: Source): Record<string, string> =>
  source.tenant ? { [tenantHeader]: source.tenant } : {};

/** Evaluates `expr` now; a scalar comes back as one sample with no labels. */
export async function query(source: Source, expr: string): Promise<Sample[]> {
  const url = `${source.base}/api/v1/query?${new URLSearchParams({ query: expr }).toString()}`;
  const result = await getJson(url, queryResponseSchema, { headers: headersFor(source) });
  if (!result.ok)
    throw new QueryError(`${source.name} could not run \`${expr}\`: ${result.error}`, result.status);
  const body = result.value;
  if (body.status !== 'success' || !body.data)
    throw new QueryError(`${source.name} could not run \`${expr}\`: ${body.error ?? 'no data'}`, 200);
  const items = body.data.result;
  if (body.data.resultType === 'scalar') return [{ metric: {}, value: Number(valueSchema.parse(items)[1]) }];
  return vectorSchema.parse(items).map((r) => ({ metric: r.metric, value: Number(r.value?.[1] ?? NaN) }));
}

/** Sum of the values of `expr`, or undefined when it returns nothing. */
export async function queryValue(source: Source, expr: string): Promise<number | undefined> {
  const samples = await query(source, expr);
  if (samples.length === 0) return undefined;
  return samples.reduce((sum, s) => sum + s.value, 0);
}

/** One raw sample: its own timestamp, and its value (NaN for a native histogram's). */
export interface RawPoint {
  readonly atMs: number;
  readonly value: number;
}

/** One series of a range selector: its raw samples, oldest first. */
export interface RawSeries {
  readonly metric: Readonly<Record<string, string>>;
  readonly points: readonly RawPoint[];
}

const pointSchema = z.tuple([z.number(), z.unknown()]);
const matrixSchema = z.looseObject({
  data: z
    .looseObject({
      result: z.array(
        z.looseObject({
          metric: z.record(z.string(), z.string()),
          values: z.array(pointSchema).default([]),
          histograms: z.array(pointSchema).default([]),
        }),
      ),
    })
    .optional(),
});

/**
 * The raw samples of each series of `selector` over the last `windowS` seconds, as written (a
 * range selector returns them with their own timestamps; stale markers never come back).
 */
export async function rawSeries(source: Source, selector: string, windowS: number): Promise<RawSeries[]> {
  const expr = `${selector}[${windowS}s]`;
  const url = `${source.base}/api/v1/query?${new URLSearchParams({ query: expr }).toString()}`;
  const result = await getJson(url, matrixSchema, { headers: headersFor(source) });
  if (!result.ok)
    throw new QueryError(`${source.name} could not run \`${expr}\`: ${result.error}`, result.status);
  return (result.value.data?.result ?? []).map((series) => ({
    metric: series.metric,
    points: [
      ...series.values.map(([t, v]) => ({ atMs: Math.round(t * 1000), value: Number(v) })),
      ...series.histograms.map(([t]) => ({ atMs: Math.round(t * 1000), value: NaN })),
    ].sort((a, b) => a.atMs - b.atMs),
  }));
}

/** Values of one label across the series `match` selects (e.g. every __name__ of a job). */
export async function labelValues(source: Source, label: string, match: string): Promise<string[]> {
  const url = `${source.base}/api/v1/label/${encodeURIComponent(label)}/values?${new URLSearchParams({ 'match[]': match }).toString()}`;
  const result = await getJson(url, z.looseObject({ data: z.array(z.string()).default([]) }), {
    headers: headersFor(source),
  });
  if (!result.ok)
    throw new QueryError(
      `${source.name}: label values of ${label} for ${match}: ${result.error}`,
      result.status,
    );
  return [...result.value.data].sort();
}

/** `{a="b", c="d"}` for messages. */
export function formatLabels(labels: Readonly<Record<string, string>>): string {
  const name = labels['__name__'] ?? '';
  const rest = Object.entries(labels)
    .filter(([k]) => k !== '__name__')
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}="${v}"`);
  return `${name}{${rest.join(', ')}}`;
}

/** Quotes a label value for a PromQL selector. */
export const quote = (value: string): string => JSON.stringify(value);
