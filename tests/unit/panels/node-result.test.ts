import { describe, expect, it } from 'vitest';
import { formatLabels, listedSeries, summarizeResult } from '../../../site/islands/promql/node-result.ts';

/** What the explain tree shows of a node's own result: counts, the first label sets, values. */

describe('explain tree node results', () => {
  it('writes label sets as Prometheus prints series', () => {
    expect(formatLabels({ __name__: 'up', job: 'app', instance: 'a:1' })).toBe(
      'up{instance="a:1", job="app"}',
    );
    expect(formatLabels({ job: 'app' })).toBe('{job="app"}');
    expect(formatLabels({})).toBe('{}');
    expect(formatLabels({ route: '/api/"x"' })).toBe('{route="/api/\\"x\\""}');
  });

  it('counts an instant vector’s series and lists the first few with their values', () => {
    const result = Array.from({ length: listedSeries + 2 }, (_, i) => ({
      metric: { job: `j${i}` },
      value: [1, String(i)] as const,
    }));
    const summary = summarizeResult({ resultType: 'vector', result });
    expect(summary).toMatchObject({ kind: 'series', type: 'vector', count: listedSeries + 2 });
    expect(summary.kind === 'series' && summary.series).toHaveLength(listedSeries);
    expect(summary.kind === 'series' && summary.series[1]).toEqual({ labels: '{job="j1"}', value: '1' });
  });

  it('gives a range vector’s sample count and latest value, and a native histogram’s count and sum', () => {
    expect(
      summarizeResult({
        resultType: 'matrix',
        result: [
          {
            metric: { __name__: 'x' },
            values: [
              [1, '1'],
              [2, '3'],
            ],
          },
          { metric: { __name__: 'h' }, histograms: [[2, { count: '4', sum: '1.5' }]] },
        ],
      }),
    ).toEqual({
      kind: 'series',
      type: 'matrix',
      count: 2,
      series: [
        { labels: 'x{}', value: '3', samples: 2 },
        { labels: 'h{}', value: 'count 4, sum 1.5', samples: 1 },
      ],
    });
  });

  it('shows a scalar’s or a string’s value', () => {
    expect(summarizeResult({ resultType: 'scalar', result: [1, '42'] })).toEqual({
      kind: 'value',
      type: 'scalar',
      value: '42',
    });
    expect(summarizeResult({ resultType: 'string', result: [1, 'hi'] })).toMatchObject({ value: 'hi' });
  });
});
