import type { CompleteConfiguration } from '@prometheus-io/codemirror-promql';
import { datasetStart } from '../../../labs/promql/dataset/clock.ts';
import { proxyApiUrl, targetHeaders, type QueryTarget } from '../../lib/stack-proxy/routes.ts';

/**
 * Where the editor's autocompletion asks for metric names, label names and values and metric
 * metadata: codemirror-promql's own HTTP client, pointed at the stack proxy with the playground's
 * target (Mimir's tenant header included), so it reads the learner's data and nothing else.
 */

/**
 * Names and labels from the last 12 hours, as Prometheus' own query page asks: older series
 * would offer names that no longer have data.
 */
const lookbackMs = 12 * 60 * 60 * 1000;

/** The exercises' data is of one fixed day: look back to it, whenever the page is opened. */
const exercisesLookbackMs = (): number => Date.now() - datasetStart * 1000 + 60 * 60 * 1000;

export function stackCompletion(target: QueryTarget): CompleteConfiguration {
  return {
    remote: {
      // The client appends "<apiPrefix>/labels" and the like to url + apiPrefix.
      url: '',
      apiPrefix: proxyApiUrl(target, '').replace(/\/$/, ''),
      // The client's default is POST; the proxy's read endpoints take GET, which is what they are.
      httpMethod: 'GET',
      lookbackInterval: target.source === 'exercises' ? exercisesLookbackMs() : lookbackMs,
      requestHeaders: new Headers(targetHeaders(target)),
    },
  };
}
