import type { DataFrame, DataFrameType, Field, FieldType, QueryResultMetaNotice } from '@grafana/data';
import type { PromLabels, PromQueryData, PromSample, PromSuccess } from './prom-types.ts';

/**
 * Turns Prometheus API results into Grafana data frames, the way Grafana's Prometheus datasource
 * shapes them: one frame per series for graphs, one frame with a column per label for tables.
 * Pure and free of runtime @grafana imports (their ESM build does not load in Node), so it is
 * unit tested on responses recorded from the real stack.
 */

// Grafana's enums are plain strings at runtime; naming the values here keeps @grafana/data out.
/* eslint-disable @typescript-eslint/no-unsafe-enum-assignment -- the literals are the enums' values */
const timeType = 'time' as FieldType.time;
const numberType = 'number' as FieldType.number;
const stringType = 'string' as FieldType.string;
const timeSeriesMulti = 'timeseries-multi' as DataFrameType.TimeSeriesMulti;
/* eslint-enable @typescript-eslint/no-unsafe-enum-assignment */

export interface FrameOptions {
  /** The query's refId, copied to every frame it produces. */
  readonly refId: string;
  /** The PromQL that ran, after variables were replaced. */
  readonly expr: string;
  /** Legend format ("{{route}}"); absent means the series' own labels. */
  readonly legend?: string;
  /** One frame per series (graphs) or a single table frame (tables). */
  readonly format: 'time_series' | 'table';
  /** Step of a range query in ms: gaps longer than this become nulls, so lines break there. */
  readonly stepMs?: number;
}

/** Prometheus writes special floats as strings Number() does not all understand. */
export function parseSampleValue(value: string): number {
  if (value === '+Inf') return Infinity;
  if (value === '-Inf') return -Infinity;
  return Number(value);
}

/** Replaces {{label}} in a legend format with the series' label values, as Grafana does. */
export function renderLegend(legend: string, labels: PromLabels): string {
  return legend.replace(/\{\{\s*(.+?)\s*\}\}/g, (_, name: string) => labels[name] ?? '');
}

/** The name a series goes by: its legend, else metric{labels} like the Prometheus UI, else the query. */
export function seriesName(labels: PromLabels, expr: string, legend?: string): string {
  if (legend !== undefined && legend !== '') return renderLegend(legend, labels);
  const { __name__: metric = '', ...rest } = labels;
  const pairs = Object.entries(rest).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  if (metric === '' && pairs.length === 0) return expr;
  return `${metric}{${pairs.join(', ')}}`;
}

function timeField(values: number[], stepMs?: number): Field {
  return { name: 'Time', type: timeType, values, config: stepMs === undefined ? {} : { interval: stepMs } };
}

function seriesFrame(labels: PromLabels, samples: readonly PromSample[], opts: FrameOptions): DataFrame {
  const times: number[] = [];
  const values: (number | null)[] = [];
  for (const [ts, raw] of samples) {
    const ms = Math.round(ts * 1000);
    const prev = times.at(-1);
    // A missing step means no sample existed (e.g. the target was down): draw a gap, not a line.
    if (opts.stepMs !== undefined && prev !== undefined && ms - prev > opts.stepMs * 1.5) {
      times.push(prev + opts.stepMs);
      values.push(null);
    }
    times.push(ms);
    values.push(parseSampleValue(raw));
  }
  const name = seriesName(labels, opts.expr, opts.legend);
  return {
    name,
    refId: opts.refId,
    length: times.length,
    meta: { type: timeSeriesMulti, typeVersion: [0, 1], executedQueryString: opts.expr },
    fields: [
      timeField(times, opts.stepMs),
      { name: 'Value', type: numberType, values, labels: { ...labels }, config: { displayNameFromDS: name } },
    ],
  };
}

interface Row {
  readonly labels: PromLabels;
  readonly sample: PromSample;
}

/** One table: Time, one column per label (metric name first), Value. */
function tableFrame(rows: readonly Row[], opts: FrameOptions): DataFrame {
  const names = [...new Set(rows.flatMap((r) => Object.keys(r.labels)))].sort((a, b) =>
    a === '__name__' ? -1 : b === '__name__' ? 1 : a.localeCompare(b),
  );
  const labelFields: Field[] = names.map((label) => ({
    name: label,
    type: stringType,
    values: rows.map((r) => r.labels[label] ?? ''),
    config: {},
  }));
  return {
    refId: opts.refId,
    length: rows.length,
    meta: { executedQueryString: opts.expr },
    fields: [
      timeField(rows.map((r) => Math.round(r.sample[0] * 1000))),
      ...labelFields,
      { name: 'Value', type: numberType, values: rows.map((r) => parseSampleValue(r.sample[1])), config: {} },
    ],
  };
}

function histogramNotice(count: number): QueryResultMetaNotice {
  return {
    severity: 'info',
    text: `${count} series hold native histograms, which a graph cannot draw as they are: reduce them with histogram_quantile(), histogram_count() or histogram_sum().`,
  };
}

/** Converts one successful query response into frames, with the API's warnings as notices. */
export function toDataFrames(response: PromSuccess<PromQueryData>, opts: FrameOptions): DataFrame[] {
  const { data } = response;
  const notices: QueryResultMetaNotice[] = [
    ...(response.warnings ?? []).map((text) => ({ severity: 'warning' as const, text })),
    ...(response.infos ?? []).map((text) => ({ severity: 'info' as const, text })),
  ];
  let frames: DataFrame[];

  if (data.resultType === 'matrix' || data.resultType === 'vector') {
    // Series whose samples are all native histograms come without floats.
    const series =
      data.resultType === 'matrix'
        ? data.result.map((s) => ({ labels: s.metric, samples: s.values ?? [] }))
        : data.result.map((s) => ({ labels: s.metric, samples: s.value === undefined ? [] : [s.value] }));
    const histograms = series.filter((s) => s.samples.length === 0).length;
    if (histograms > 0) notices.push(histogramNotice(histograms));
    const withFloats = series.filter((s) => s.samples.length > 0);
    frames =
      opts.format === 'table'
        ? withFloats.length === 0
          ? []
          : [
              tableFrame(
                withFloats.flatMap((s) => s.samples.map((sample) => ({ labels: s.labels, sample }))),
                opts,
              ),
            ]
        : withFloats.map((s) => seriesFrame(s.labels, s.samples, opts));
  } else if (data.resultType === 'scalar') {
    frames = [seriesFrame({}, [data.result], opts)];
  } else {
    const [ts, text] = data.result;
    frames = [
      {
        refId: opts.refId,
        length: 1,
        meta: { executedQueryString: opts.expr },
        fields: [
          timeField([Math.round(ts * 1000)]),
          { name: 'Value', type: stringType, values: [text], config: {} },
        ],
      },
    ];
  }

  if (notices.length === 0) return frames;
  const [first, ...rest] = frames;
  if (first === undefined) return [{ refId: opts.refId, length: 0, fields: [], meta: { notices } }];
  return [{ ...first, meta: { ...first.meta, notices } }, ...rest];
}

/** Counts the numbers a set of frames would draw: what tests and the status attributes report. */
export function countPoints(frames: readonly DataFrame[]): number {
  let points = 0;
  for (const frame of frames) {
    for (const field of frame.fields) {
      if (field.type !== numberType) continue;
      for (const v of field.values as unknown[]) if (typeof v === 'number' && !Number.isNaN(v)) points++;
    }
  }
  return points;
}
