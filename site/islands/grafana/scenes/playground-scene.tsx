import { lazy, Suspense, useId } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import {
  EmbeddedScene,
  SceneObjectBase,
  SceneQueryRunner,
  SceneTimeRange,
  sceneGraph,
  type SceneComponentProps,
  type SceneObjectState,
  type SceneTimeRangeLike,
} from '@grafana/scenes';
import { Button, useStyles2 } from '@grafana/ui';
import type { PanelSpec, PlaygroundSpec } from '../../../lib/live/spec.ts';
import type { PlaygroundStrings } from '../../../lib/live/strings.ts';
import type { StackTarget } from '../../../lib/stack-proxy/routes.ts';
import { evaluateNode, type NodeResult } from '../../promql/node-result.ts';
import { testIds } from '../constants.ts';
import { panelStatus } from '../panel-status.ts';
import { sceneObject, themeColors } from '../strict-types.ts';
import { autoRefresh, stackRecovery } from './behaviors.ts';
import { buildVizPanel } from './builders.ts';
import { LivePanelFrame } from './live-panel-frame.tsx';
import { ExplainSection } from '../../promql/explain-section.tsx';

/**
 * <PromQLPlayground>: the learner types PromQL and runs it (button or Ctrl+Enter) to see a graph
 * over the range, a table of the latest values, and the API's own message when the query is wrong.
 * Under the editor, the explain tree takes the query that ran apart, node by node.
 */

// CodeMirror and the PromQL grammar load with the first playground, not with other panels; the
// explain tree's code when a learner first opens it.
const PromQLEditor = lazy(() =>
  import('../../promql/promql-editor.tsx').then((m) => ({ default: m.PromQLEditor })),
);

export interface PlaygroundState extends SceneObjectState {
  /** The text in the editor, run or not. */
  draft: string;
  /** The query the panels ran, which the explain tree takes apart. */
  ran: string;
  /** The island's strings, the explain tree's included. */
  strings: PlaygroundStrings;
  /** Queries offered as one-click examples. */
  examples: readonly string[];
  /** The range query, drawn as a graph. */
  graph: LivePanelFrame;
  /** The instant query, listed as a table. */
  table: LivePanelFrame;
}

export class PromQLPlaygroundScene extends SceneObjectBase<PlaygroundState> {
  static Component = PlaygroundRenderer;

  setDraft = (draft: string) => {
    this.setState({ draft });
  };

  /**
   * Runs the draft (or an example) in both panels, over a range that ends now: the runners follow
   * the time range, so moving it to now re-runs them, with refresh off or after a long read.
   */
  run = (expr: string = this.state.draft) => {
    this.setState({ draft: expr, ran: expr });
    for (const frame of [this.state.graph, this.state.table]) {
      const runner = sceneGraph.getData(sceneObject(frame.state.panel));
      if (runner instanceof SceneQueryRunner)
        runner.setState({ queries: runner.state.queries.map((q) => ({ ...q, expr })) });
    }
    sceneGraph.getTimeRange(sceneObject(this)).onRefresh();
  };

  /** Evaluates part of the query at the instant the table shows, so their numbers agree. */
  evaluate = (expr: string, signal: AbortSignal): Promise<NodeResult> => {
    const time = sceneGraph.getTimeRange(sceneObject(this)).state.value.to.valueOf();
    return evaluateNode(this.state.graph.state.target, expr, time, signal);
  };
}

function frameFor(target: StackTarget, panel: PanelSpec): LivePanelFrame {
  return new LivePanelFrame({ panel: buildVizPanel(target, panel), target, height: panel.height, span: 1 });
}

export function getPlaygroundScene(spec: PlaygroundSpec, strings: PlaygroundStrings): EmbeddedScene {
  const queries = [{ expr: spec.query }];
  const common = { queries, sparkline: false, span: 1 } as const;
  return new EmbeddedScene({
    $timeRange: sceneObject<SceneTimeRangeLike>(new SceneTimeRange({ from: spec.from, to: 'now' })),
    $behaviors: [autoRefresh(spec.refresh), stackRecovery],
    body: sceneObject(
      new PromQLPlaygroundScene({
        draft: spec.query,
        ran: spec.query,
        strings,
        examples: spec.examples,
        graph: frameFor(spec.target, {
          ...common,
          title: strings['live.playground.graph'],
          type: 'timeseries',
          height: spec.height,
        }),
        table: frameFor(spec.target, {
          ...common,
          title: strings['live.playground.table'],
          type: 'table',
          height: 220,
        }),
      }),
    ),
  });
}

function PlaygroundRenderer({ model }: SceneComponentProps<PromQLPlaygroundScene>) {
  const { draft, ran, strings, examples, graph, table } = model.useState();
  const { data } = sceneGraph.getData(sceneObject(graph.state.panel)).useState();
  const status = panelStatus(data);
  const styles = useStyles2(getStyles);
  const id = useId();
  const { target } = graph.state;
  // The PromQL grammar knows no LogQL: a Loki playground has a plain editor and no tree.
  const promql = target.source !== 'loki';

  return (
    <div className={styles.wrapper}>
      <div id={`${id}-label`} className={styles.label}>
        {strings[promql ? 'live.playground.label' : 'live.playground.logql.label']}
      </div>
      <div className={styles.editorRow}>
        <Suspense fallback={<div className={styles.editorLoading} />}>
          <PromQLEditor
            value={draft}
            target={target}
            labelId={`${id}-label`}
            hintId={`${id}-hint`}
            placeholder='rate(http_requests_total{job="app"}[1m])'
            onChange={model.setDraft}
            onRun={model.run}
          />
        </Suspense>
        <Button
          icon="play"
          onClick={() => {
            model.run();
          }}
          data-testid={testIds.playgroundRun}
        >
          {strings['live.playground.run']}
        </Button>
      </div>
      <div id={`${id}-hint`} className={styles.hint}>
        {strings['live.playground.hint']}
      </div>
      {examples.length > 0 && (
        <div className={styles.examples}>
          <span>{strings['live.playground.examples']}</span>
          {examples.map((example) => (
            <Button
              key={example}
              size="sm"
              variant="secondary"
              fill="outline"
              className={styles.example}
              onClick={() => {
                model.run(example);
              }}
            >
              <code>{example}</code>
            </Button>
          ))}
        </div>
      )}
      {promql && <ExplainSection query={ran} strings={strings} evaluate={model.evaluate} />}
      {status.state === 'error' && (
        <div role="alert" className={styles.error} data-testid={testIds.playgroundError}>
          {status.error}
        </div>
      )}
      <graph.Component model={graph} />
      <div data-testid={testIds.playgroundTable}>
        <table.Component model={table} />
      </div>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  wrapper: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(1) }),
  label: css({ fontWeight: theme.typography.fontWeightMedium }),
  editorRow: css({ display: 'flex', gap: theme.spacing(1), alignItems: 'flex-start' }),
  // The editor's height before CodeMirror arrives: one line and its padding.
  editorLoading: css({ flex: 1, minHeight: theme.spacing(4.5) }),
  hint: css({ color: themeColors(theme).text.secondary, fontSize: theme.typography.bodySmall.fontSize }),
  examples: css({ display: 'flex', flexWrap: 'wrap', gap: theme.spacing(1), alignItems: 'center' }),
  // A long query wraps inside its button instead of running past the panel's edge.
  example: css({
    height: 'auto',
    minHeight: theme.spacing(3),
    maxWidth: '100%',
    textAlign: 'left',
    '& *': { whiteSpace: 'normal', overflowWrap: 'anywhere' },
  }),
  error: css({
    padding: theme.spacing(1, 2),
    borderLeft: `4px solid ${theme.colors.error.border}`,
    background: theme.colors.error.transparent,
    color: themeColors(theme).text.primary,
    fontFamily: theme.typography.fontFamilyMonospace,
    whiteSpace: 'pre-wrap',
  }),
});
