import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  countPoints,
  parseSampleValue,
  seriesName,
  toDataFrames,
} from '../../../site/islands/grafana/frames.ts';
import type { PromQueryData, PromSuccess } from '../../../site/islands/grafana/prom-types.ts';

/**
 * Prometheus API → Grafana data frames, on responses recorded from the real stack
 * (tests/fixtures/prom-api; re-record with `node tests/fixtures/prom-api/record.ts` while the
 * stack runs). Expected values are read from each fixture, so a new recording keeps them right.
 */

interface Fixture {
  readonly request: { readonly params: Readonly<Record<string, string>> };
  readonly status: number;
  readonly body: PromSuccess<PromQueryData>;
}

function fixture(name: string): Fixture {
  const text = readFileSync(new URL(`../../fixtures/prom-api/${name}.json`, import.meta.url), 'utf8');
  return JSON.parse(text) as Fixture;
}

function matrix(f: Fixture) {
  if (f.body.data.resultType !== 'matrix') throw new Error('expected a matrix fixture');
  return f.body.data.result;
}

function vector(f: Fixture) {
  if (f.body.data.resultType !== 'vector') throw new Error('expected a vector fixture');
  return f.body.data.result;
}

describe('range query (Mimir, sum by route)', () => {
  const f = fixture('range-by-route');
  const expr = f.request.params['query'] ?? '';
  const stepMs = Number(f.request.params['step']) * 1000;
  const frames = toDataFrames(f.body, {
    refId: 'A',
    expr,
    legend: '{{route}}',
    format: 'time_series',
    stepMs,
  });

  it('makes one frame per series, named by the legend format', () => {
    const series = matrix(f);
    expect(series.length).toBeGreaterThan(0);
    expect(frames.map((frame) => frame.name)).toEqual(series.map((s) => s.metric['route']));
    for (const frame of frames) {
      expect(frame.refId).toBe('A');
      expect(frame.meta?.executedQueryString).toBe(expr);
    }
  });

  it('keeps every sample: times in ms, values as numbers, the labels on the value field', () => {
    const series = matrix(f);
    frames.forEach((frame, i) => {
      const samples = series[i]?.values ?? [];
      const [time, value] = frame.fields;
      expect(time?.type).toBe('time');
      expect(time?.config.interval).toBe(stepMs);
      expect(time?.values).toEqual(samples.map(([ts]) => ts * 1000));
      expect(value?.type).toBe('number');
      expect(value?.values).toEqual(samples.map(([, v]) => Number(v)));
      expect(value?.labels).toEqual(series[i]?.metric);
      expect(frame.length).toBe(samples.length);
    });
    expect(countPoints(frames)).toBe(series.reduce((n, s) => n + (s.values?.length ?? 0), 0));
  });
});

describe('instant queries (Prometheus)', () => {
  it('names a series like the Prometheus UI when there is no legend', () => {
    const f = fixture('instant-up');
    const frames = toDataFrames(f.body, { refId: 'A', expr: 'up', format: 'time_series' });
    const first = vector(f)[0];
    expect(frames[0]?.name).toBe(seriesName(first?.metric ?? {}, 'up'));
    expect(frames[0]?.name).toMatch(/^up\{instance="[^"]+", job="[^"]+"\}$/);
  });

  it('names a label-less result by its query, and gives the stat its single value', () => {
    const f = fixture('instant-targets-up');
    const expr = f.request.params['query'] ?? '';
    const frames = toDataFrames(f.body, { refId: 'A', expr, format: 'time_series' });
    expect(frames).toHaveLength(1);
    expect(frames[0]?.name).toBe(expr);
    expect(frames[0]?.fields[1]?.values).toEqual([Number(vector(f)[0]?.value?.[1])]);
  });

  it('turns a vector into one table: a column per label, then the value', () => {
    const f = fixture('instant-up');
    const [table, ...rest] = toDataFrames(f.body, { refId: 'A', expr: 'up', format: 'table' });
    expect(rest).toEqual([]);
    expect(table?.fields.map((field) => field.name)).toEqual([
      'Time',
      '__name__',
      'instance',
      'job',
      'Value',
    ]);
    expect(table?.length).toBe(vector(f).length);
    expect(table?.fields.find((field) => field.name === 'job')?.values).toEqual(
      vector(f).map((s) => s.metric['job']),
    );
  });

  it('draws a scalar as one point', () => {
    const f = fixture('instant-scalar');
    const frames = toDataFrames(f.body, { refId: 'A', expr: 'scalar(count(up))', format: 'time_series' });
    if (f.body.data.resultType !== 'scalar') throw new Error('expected a scalar fixture');
    expect(frames[0]?.fields[1]?.values).toEqual([Number(f.body.data.result[1])]);
  });

  it('passes the query engine’s infos on as notices', () => {
    const f = fixture('instant-rate-of-gauge');
    expect(f.body.infos?.length).toBeGreaterThan(0);
    const frames = toDataFrames(f.body, { refId: 'A', expr: 'rate(…)', format: 'time_series' });
    expect(frames[0]?.meta?.notices).toEqual(f.body.infos?.map((text) => ({ severity: 'info', text })));
  });

  it('explains native histograms instead of drawing nothing silently', () => {
    const f = fixture('instant-native-histogram');
    const series = vector(f);
    expect(series.every((s) => s.histogram !== undefined && s.value === undefined)).toBe(true);
    const frames = toDataFrames(f.body, { refId: 'A', expr: 'x', format: 'time_series' });
    expect(countPoints(frames)).toBe(0);
    expect(frames[0]?.meta?.notices?.[0]?.text).toContain(`${series.length} series hold native histograms`);
  });
});

describe('sample values', () => {
  it('reads the special floats Prometheus writes as strings', () => {
    expect(parseSampleValue('+Inf')).toBe(Infinity);
    expect(parseSampleValue('-Inf')).toBe(-Infinity);
    expect(parseSampleValue('NaN')).toBeNaN();
    expect(parseSampleValue('1e-3')).toBe(0.001);
  });
});
