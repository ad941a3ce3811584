import { VariableRefresh } from '@grafana/data';
import {
  EmbeddedScene,
  QueryVariable,
  SceneCSSGridLayout,
  SceneControlsSpacer,
  SceneRefreshPicker,
  SceneTimePicker,
  SceneTimeRange,
  SceneVariableSet,
  VariableValueSelectors,
  type SceneTimeRangeLike,
  type SceneVariable,
  type SceneVariables,
} from '@grafana/scenes';
import type { LiveDashboardSpec } from '../../../lib/live/spec.ts';
import { stackDataSourceRef } from '../datasource.ts';
import { sceneObject } from '../strict-types.ts';
import { stackRecovery } from './behaviors.ts';
import { buildVizPanel } from './builders.ts';
import { LivePanelFrame } from './live-panel-frame.tsx';

/** Refresh choices offered in a lesson: the stack scrapes every 5 s, so faster is pointless. */
const refreshIntervals = ['5s', '10s', '30s', '1m'];

/**
 * <LiveDashboard>: a small scene with a grid of panels sharing one time range, a time picker,
 * a refresh picker and label-value variables.
 */
export function getDashboardScene(spec: LiveDashboardSpec): EmbeddedScene {
  const datasource = stackDataSourceRef(spec.target);
  const variables = spec.variables.map((v) =>
    sceneObject<SceneVariable>(
      new QueryVariable({
        name: v.name,
        label: v.label,
        datasource,
        query: v.query,
        isMulti: v.multi,
        includeAll: v.includeAll,
        defaultToAll: v.includeAll,
        // Reload options on every refresh, so a variable recovers with the stack.
        refresh: VariableRefresh.onTimeRangeChanged,
      }),
    ),
  );
  return new EmbeddedScene({
    $timeRange: sceneObject<SceneTimeRangeLike>(new SceneTimeRange({ from: spec.from, to: 'now' })),
    $variables: sceneObject<SceneVariables>(new SceneVariableSet({ variables })),
    $behaviors: [stackRecovery],
    controls: [
      sceneObject(new VariableValueSelectors({})),
      sceneObject(new SceneControlsSpacer()),
      sceneObject(new SceneTimePicker({ isOnCanvas: true })),
      sceneObject(
        new SceneRefreshPicker({
          refresh: spec.refresh === 'off' ? '' : spec.refresh,
          intervals: refreshIntervals,
          isOnCanvas: true,
          minRefreshInterval: '5s',
          // Without its text the refresh button has no accessible name (axe: button-name).
          withText: true,
        }),
      ),
    ],
    body: sceneObject(
      new SceneCSSGridLayout({
        templateColumns: `repeat(${spec.columns}, minmax(0, 1fr))`,
        autoRows: 'auto',
        rowGap: 1,
        columnGap: 1,
        // Below Grafana's md breakpoint the panels stack in one column.
        md: { templateColumns: 'minmax(0, 1fr)', autoRows: 'auto', rowGap: 1, columnGap: 1 },
        children: spec.panels.map((panel) =>
          sceneObject(
            new LivePanelFrame({
              panel: buildVizPanel(spec.target, panel),
              target: spec.target,
              height: panel.height,
              span: Math.min(panel.span, spec.columns),
            }),
          ),
        ),
      }),
    ),
  });
}
