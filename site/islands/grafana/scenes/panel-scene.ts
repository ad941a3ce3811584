import { EmbeddedScene, SceneTimeRange, type SceneTimeRangeLike } from '@grafana/scenes';
import type { LivePanelSpec } from '../../../lib/live/spec.ts';
import { sceneObject } from '../strict-types.ts';
import { autoRefresh, stackRecovery } from './behaviors.ts';
import { buildVizPanel } from './builders.ts';
import { LivePanelFrame } from './live-panel-frame.tsx';

/** <LivePanel>: one visualisation over its own time range, refreshed on a timer, no toolbar. */
export function getPanelScene(spec: LivePanelSpec): EmbeddedScene {
  return new EmbeddedScene({
    $timeRange: sceneObject<SceneTimeRangeLike>(new SceneTimeRange({ from: spec.from, to: 'now' })),
    $behaviors: [autoRefresh(spec.refresh), stackRecovery],
    body: sceneObject(
      new LivePanelFrame({
        panel: buildVizPanel(spec.target, spec.panel),
        target: spec.target,
        height: spec.panel.height,
        span: 1,
      }),
    ),
  });
}
