import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import {
  SceneObjectBase,
  sceneGraph,
  type SceneComponentProps,
  type SceneObjectState,
  type VizPanel,
} from '@grafana/scenes';
import { useStyles2 } from '@grafana/ui';
import { isNative, services, startCommand } from '../../../../stack/services.ts';
import { neededService, type StackTarget } from '../../../lib/stack-proxy/routes.ts';
import { testIds } from '../constants.ts';
import { sceneObject } from '../strict-types.ts';
import { panelStatus } from '../panel-status.ts';
import { StackDownNotice } from './stack-down-notice.tsx';

/**
 * One panel's box on the page: sizes it, exposes what its data amounts to as data attributes
 * (data-state, data-series-count, data-point-count, data-error) so tests assert on data rather
 * than pixels, and covers it with the stack-down notice when its service does not answer.
 */

export interface LivePanelFrameState extends SceneObjectState {
  /** The visualisation, with its query runner as $data. */
  panel: VizPanel;
  /** Where the panel's queries go, named in the stack-down notice. */
  target: StackTarget;
  /** Height in CSS pixels. */
  height: number;
  /** Grid columns spanned in a dashboard. */
  span: number;
}

export class LivePanelFrame extends SceneObjectBase<LivePanelFrameState> {
  static Component = LivePanelFrameRenderer;

  /** Re-runs the queries now instead of waiting for the next retry. */
  retry = () => {
    sceneGraph.getTimeRange(sceneObject(this)).onRefresh();
  };
}

/** The stack-down notice needs this much room; a short stat panel grows while it shows. */
const stackDownMinHeight = 150;

function LivePanelFrameRenderer({ model }: SceneComponentProps<LivePanelFrame>) {
  const { panel, target, height, span } = model.useState();
  const { data } = sceneGraph.getData(sceneObject(panel)).useState();
  const status = panelStatus(data);
  const styles = useStyles2(getStyles, span);
  return (
    <div
      className={styles.frame}
      style={{ height: status.state === 'stack-down' ? Math.max(height, stackDownMinHeight) : height }}
      data-testid={testIds.panel}
      data-state={status.state}
      data-needs={neededService(target)}
      data-series-count={status.seriesCount}
      data-point-count={status.pointCount}
      {...(status.error === undefined ? {} : { 'data-error': status.error })}
    >
      <panel.Component model={panel} />
      {status.state === 'stack-down' && (
        <StackDownNotice
          service={services[neededService(target)].title}
          dockerOnly={!isNative(neededService(target))}
          hint={startCommand(neededService(target))}
          onRetry={model.retry}
        />
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2, span: number) => ({
  frame: css({
    position: 'relative',
    minWidth: 0,
    // A lone panel sits in EmbeddedScene's flex row, where it would otherwise shrink to 0 wide.
    flexGrow: 1,
    gridColumn: `span ${span}`,
    // The dashboard grid turns into one column there (dashboard-scene.ts).
    [theme.breakpoints.down('md')]: { gridColumn: 'auto' },
  }),
});
