import { useId, type KeyboardEvent } from 'react';
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
import { Button, TextArea, useStyles2 } from '@grafana/ui';
import type { PanelSpec, PlaygroundSpec } from '../../../lib/live/spec.ts';
import type { LiveStrings } from '../../../lib/live/strings.ts';
import type { StackTarget } from '../../../lib/stack-proxy/routes.ts';
import { testIds } from '../constants.ts';
import { panelStatus } from '../panel-status.ts';
import { sceneObject, themeColors } from '../strict-types.ts';
import { useStrings } from '../strings.tsx';
import { autoRefresh, stackRecovery } from './behaviors.ts';
import { buildVizPanel } from './builders.ts';
import { LivePanelFrame } from './live-panel-frame.tsx';

/**
 * <PromQLPlayground>: the learner types PromQL and runs it (button or Ctrl+Enter) to see a graph
 * over the range, a table of the latest values, and the API's own message when the query is wrong.
 */

export interface PlaygroundState extends SceneObjectState {
  /** The text in the editor, run or not. */
  draft: string;
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

  /** Runs the draft (or an example) in both panels. */
  run = (expr: string = this.state.draft) => {
    this.setState({ draft: expr });
    for (const frame of [this.state.graph, this.state.table]) {
      const runner = sceneGraph.getData(sceneObject(frame.state.panel));
      if (!(runner instanceof SceneQueryRunner)) continue;
      runner.setState({ queries: runner.state.queries.map((q) => ({ ...q, expr })) });
      runner.runQueries();
    }
  };
}

function frameFor(target: StackTarget, panel: PanelSpec): LivePanelFrame {
  return new LivePanelFrame({ panel: buildVizPanel(target, panel), target, height: panel.height, span: 1 });
}

export function getPlaygroundScene(spec: PlaygroundSpec, strings: LiveStrings): EmbeddedScene {
  const queries = [{ expr: spec.query }];
  const common = { queries, sparkline: false, span: 1 } as const;
  return new EmbeddedScene({
    $timeRange: sceneObject<SceneTimeRangeLike>(new SceneTimeRange({ from: spec.from, to: 'now' })),
    $behaviors: [autoRefresh(spec.refresh), stackRecovery],
    body: sceneObject(
      new PromQLPlaygroundScene({
        draft: spec.query,
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
  const { draft, examples, graph, table } = model.useState();
  const { data } = sceneGraph.getData(sceneObject(graph.state.panel)).useState();
  const status = panelStatus(data);
  const styles = useStyles2(getStyles);
  const strings = useStrings();
  const id = useId();

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      model.run();
    }
  };

  return (
    <div className={styles.wrapper}>
      <label htmlFor={`${id}-expr`} className={styles.label}>
        {
          strings[
            graph.state.target.source === 'loki' ? 'live.playground.logql.label' : 'live.playground.label'
          ]
        }
      </label>
      <div className={styles.editorRow}>
        <TextArea
          id={`${id}-expr`}
          className={styles.editor}
          value={draft}
          rows={Math.min(8, Math.max(2, draft.split('\n').length))}
          spellCheck={false}
          placeholder='rate(http_requests_total{job="app"}[1m])'
          aria-describedby={`${id}-hint`}
          data-testid={testIds.playgroundEditor}
          onChange={(e) => {
            model.setDraft(e.currentTarget.value);
          }}
          onKeyDown={onKeyDown}
        />
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
  editor: css({ fontFamily: theme.typography.fontFamilyMonospace, flex: 1, resize: 'vertical' }),
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
