import type { QueryTarget } from '../../lib/stack-proxy/routes.ts';
import { promApi } from '../grafana/prom-http.ts';
import type { PromLabels, PromQueryData, PromSample } from '../grafana/prom-types.ts';

/**
 * One node of the explain tree evaluated on its own, as an instant query through the stack
 * proxy, and cut down to what a learner compares between nodes: how many series, which labels
 * the first few carry, and their values.
 */

/** Label sets listed per node; the count says how many more there are. */
export const listedSeries = 5;

export interface SeriesSummary {
  /** The series' labels as PromQL writes them: `up{job="app"}`, `{job="app"}`, `{}`. */
  readonly labels: string;
  /** The latest value ("1.5", "NaN", or a native histogram's count and sum). */
  readonly value: string;
  /** A range vector's sample count; absent for an instant vector. */
  readonly samples?: number;
}

export type NodeResult =
  | {
      readonly kind: 'series';
      readonly type: 'vector' | 'matrix';
      readonly count: number;
      /** The first `listedSeries` series. */
      readonly series: readonly SeriesSummary[];
    }
  | { readonly kind: 'value'; readonly type: 'scalar' | 'string'; readonly value: string }
  | { readonly kind: 'error'; readonly message: string };

/** Formats labels the way Prometheus prints a series: the name outside the braces. */
export function formatLabels(metric: PromLabels): string {
  const { __name__: name = '', ...rest } = metric;
  const pairs = Object.entries(rest)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([label, value]) => `${label}=${JSON.stringify(value)}`);
  return `${name}{${pairs.join(', ')}}`;
}

const sampleValue = (sample: PromSample | undefined): string => sample?.[1] ?? '';

function histogramValue(sample: { readonly count: string; readonly sum: string } | undefined): string {
  return sample === undefined ? '' : `count ${sample.count}, sum ${sample.sum}`;
}

/** Cuts an instant query's answer down to the node summary. */
export function summarizeResult(data: PromQueryData): NodeResult {
  switch (data.resultType) {
    case 'scalar':
    case 'string':
      return { kind: 'value', type: data.resultType, value: sampleValue(data.result) };
    case 'vector':
      return {
        kind: 'series',
        type: 'vector',
        count: data.result.length,
        series: data.result.slice(0, listedSeries).map((s) => ({
          labels: formatLabels(s.metric),
          value: s.histogram === undefined ? sampleValue(s.value) : histogramValue(s.histogram[1]),
        })),
      };
    case 'matrix':
      return {
        kind: 'series',
        type: 'matrix',
        count: data.result.length,
        series: data.result.slice(0, listedSeries).map((s) => {
          const floats = s.values ?? [];
          const histograms = s.histograms ?? [];
          const latestHistogram = histograms.at(-1);
          return {
            labels: formatLabels(s.metric),
            value:
              latestHistogram === undefined ? sampleValue(floats.at(-1)) : histogramValue(latestHistogram[1]),
            samples: floats.length + histograms.length,
          };
        }),
      };
  }
}

/**
 * Evaluates one node's text at `time` (Unix milliseconds): the instant the playground's table
 * shows, so a node's numbers can be compared with it. Failures come back as the API's message.
 */
export async function evaluateNode(
  target: QueryTarget,
  expr: string,
  time: number,
  signal: AbortSignal,
): Promise<NodeResult> {
  const params = new URLSearchParams({ query: expr, time: String(time / 1000) });
  try {
    const reply = await promApi<PromQueryData>(target, 'query', params, { method: 'POST', signal });
    return summarizeResult(reply.data);
  } catch (err) {
    return { kind: 'error', message: err instanceof Error ? err.message : String(err) };
  }
}
