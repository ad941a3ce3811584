import type { StackTarget } from '../../lib/stack-proxy/routes.ts';

/** Names shared by the scenes, the datasource, the panel plugins and the tests. */

/** Plugin id of the stack datasource, as Scenes sees it in DataSourceRefs. */
export const datasourcePluginId = 'workshop-stack-prometheus';

/** One datasource per target, so a dashboard can mix Prometheus with a Mimir tenant. */
export function datasourceUid(target: StackTarget): string {
  const base = target.source === 'mimir' ? `workshop-mimir-${target.tenant}` : `workshop-${target.source}`;
  return target.requires ? `${base}-requires-${target.requires}` : base;
}

/**
 * Queries never step finer than the stack's 5 s scrape interval (stack/prometheus/prometheus.yml):
 * smaller steps repeat the same sample and cost points for nothing.
 */
export const minStep = '5s';

/** Where @grafana/ui finds its icons (served by site/lib/grafana-assets.ts). */
export const grafanaPublicPath = '/_grafana/';

/** data-testid values the Playwright tests select on. */
export const testIds = {
  /** Container of one visualisation, carrying data-state and the data counts. */
  panel: 'live-panel',
  /** The stat panel's value, carrying data-value (number) and its text. */
  statValue: 'live-stat-value',
  /** The gauge panel's value. */
  gaugeValue: 'live-gauge-value',
  /** The "stack is down" notice inside a panel. */
  stackDown: 'live-stack-down',
  /** The playground's query editor (its editable element), result table and error message. */
  playgroundEditor: 'promql-editor',
  playgroundRun: 'promql-run',
  playgroundError: 'promql-error',
  playgroundTable: 'promql-table',
  /** The list of the parser's errors under the editor. */
  playgroundLint: 'promql-lint',
  /** The button that opens the explain tree, and the tree. */
  explainToggle: 'promql-explain-toggle',
  explainTree: 'promql-explain-tree',
  /** One node of the tree (carrying data-kind), its Evaluate button, and its result (data-series-count). */
  explainNode: 'promql-explain-node',
  explainEvaluate: 'promql-explain-evaluate',
  explainResult: 'promql-explain-result',
  /** One label set listed in a node's result. */
  explainLabels: 'promql-explain-labels',
} as const;

/** Panel states, as exposed in data-state. */
export type PanelState = 'loading' | 'ready' | 'error' | 'stack-down';
