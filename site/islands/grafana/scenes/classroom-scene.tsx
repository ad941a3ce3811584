import { css } from '@emotion/css';
import { VariableRefresh, type DataFrame, type GrafanaTheme2 } from '@grafana/data';
import {
  EmbeddedScene,
  QueryVariable,
  SceneCSSGridLayout,
  SceneObjectBase,
  SceneQueryRunner,
  SceneTimeRange,
  SceneVariableSet,
  VariableValueSelectors,
  sceneGraph,
  type SceneComponentProps,
  type SceneDataProvider,
  type SceneObjectState,
  type SceneTimeRangeLike,
  type SceneVariable,
  type SceneVariables,
} from '@grafana/scenes';
import { useStyles2 } from '@grafana/ui';
import { classroomTenant, services, startCommand } from '../../../../stack/services.ts';
import { boardQueries } from '../../../lib/classroom/board-queries.ts';
import type { ClassroomBoardSpec, PanelSpec } from '../../../lib/live/spec.ts';
import { fillPlaceholders, type ClassroomBoardStrings } from '../../../lib/live/strings.ts';
import type { StackTarget } from '../../../lib/stack-proxy/routes.ts';
import { stackDataSourceRef } from '../datasource.ts';
import { panelStatus } from '../panel-status.ts';
import { sceneObject, themeColors } from '../strict-types.ts';
import { autoRefresh, stackRecovery } from './behaviors.ts';
import { buildVizPanel } from './builders.ts';
import { LivePanelFrame } from './live-panel-frame.tsx';
import { StackDownNotice } from './stack-down-notice.tsx';

/**
 * The instructor's classroom board: Scenes panels over one classroom's tenant in the stack's
 * Mimir, through the site's read-only proxy like every other panel: a learners × labs grid, the
 * learners stuck on a check, the checks failed most, the class funnel, and one learner's checks.
 */

/** The learners' command, as the grid's empty state shows it. */
const joinCommand = 'npm run lab -- join URL --code CODE --name "NAME"';

type Verdict = 'passed' | 'failing' | 'not-started';

/** Each learner's latest verdict per lab, from the grid query's frames (one per learner and lab). */
export function verdicts(frames: readonly DataFrame[]): Map<string, Map<string, Verdict>> {
  const byLearner = new Map<string, Map<string, Verdict>>();
  for (const frame of frames) {
    const field = frame.fields.find((f) => (f.type as string) === 'number');
    const learner = field?.labels?.['learner'];
    const lab = field?.labels?.['lab'];
    const value: unknown = field?.values.at(-1);
    if (learner === undefined || lab === undefined || typeof value !== 'number') continue;
    const row = byLearner.get(learner) ?? new Map<string, Verdict>();
    row.set(lab, value === 1 ? 'passed' : 'failing');
    byLearner.set(learner, row);
  }
  return byLearner;
}

interface GridState extends SceneObjectState {
  labs: ClassroomBoardSpec['labs'];
  strings: ClassroomBoardStrings;
}

/** The learners × labs grid: an HTML table, so it reads as a table to a screen reader too. */
class ClassroomGrid extends SceneObjectBase<GridState> {
  static Component = ClassroomGridRenderer;

  retry = () => {
    sceneGraph.getTimeRange(sceneObject(this)).onRefresh();
  };
}

function ClassroomGridRenderer({ model }: SceneComponentProps<ClassroomGrid>) {
  const { labs, strings } = model.useState();
  const { data } = sceneGraph.getData(sceneObject(model)).useState();
  const status = panelStatus(data);
  const styles = useStyles2(getStyles);
  const rows = [...verdicts(data?.series ?? [])].sort(([a], [b]) => a.localeCompare(b));
  const word: Record<Verdict, string> = {
    passed: strings['board.passed'],
    failing: strings['board.failing'],
    'not-started': strings['board.notStarted'],
  };
  return (
    <div
      className={styles.frame}
      data-testid="classroom-grid"
      data-state={status.state}
      data-learners={rows.length}
    >
      <h3 className={styles.title}>{strings['board.grid']}</h3>
      {status.state === 'stack-down' ? (
        <StackDownNotice
          service={services.mimir.title}
          dockerOnly={false}
          hint={startCommand('mimir')}
          onRetry={model.retry}
        />
      ) : status.state === 'error' ? (
        <p role="alert">{status.error}</p>
      ) : rows.length === 0 ? (
        <p>
          {fillPlaceholders(strings['board.grid.empty'], { join: <code key="join">{joinCommand}</code> })}
        </p>
      ) : (
        <div className={styles.scroll} tabIndex={0} aria-label={strings['board.grid']}>
          <table className={styles.table}>
            <thead>
              <tr>
                <th scope="col">{strings['board.grid.learner']}</th>
                {labs.map((lab) => (
                  <th scope="col" key={lab.id} title={lab.title}>
                    {lab.id.slice(0, 2)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map(([learner, byLab]) => (
                <tr key={learner} data-learner={learner}>
                  <th scope="row">{learner}</th>
                  {labs.map((lab) => {
                    const verdict = byLab.get(lab.id) ?? 'not-started';
                    return (
                      <td key={lab.id} className={styles[verdict]} data-lab={lab.id} data-verdict={verdict}>
                        {word[verdict]}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => {
  const colors = themeColors(theme);
  const cell = (color: string) =>
    css({ background: theme.visualization.getColorByName(color), color: '#000' });
  return {
    frame: css({
      gridColumn: '1 / -1',
      padding: theme.spacing(1),
      border: `1px solid ${colors.border.weak}`,
      borderRadius: theme.shape.radius.default,
      background: colors.background.primary,
    }),
    title: css({ fontSize: theme.typography.h5.fontSize, margin: 0, marginBottom: theme.spacing(1) }),
    scroll: css({ overflowX: 'auto' }),
    table: css({
      borderCollapse: 'collapse',
      width: '100%',
      'th, td': {
        padding: theme.spacing(0.5, 1),
        border: `1px solid ${colors.border.weak}`,
        textAlign: 'left',
      },
    }),
    passed: cell('green'),
    failing: cell('red'),
    'not-started': css({ color: colors.text.secondary }),
  };
};

export function getClassroomScene(
  spec: ClassroomBoardSpec,
  classroom: string,
  strings: ClassroomBoardStrings,
): EmbeddedScene {
  const target: StackTarget = { source: 'mimir', tenant: classroomTenant(classroom) };
  const queries = boardQueries(classroom, spec.stuckMinutes);
  const frame = (panel: Pick<PanelSpec, 'title' | 'type' | 'queries'> & Partial<PanelSpec>) =>
    sceneObject(
      new LivePanelFrame({
        panel: buildVizPanel(target, { sparkline: false, height: 260, span: 1, ...panel }),
        target,
        height: panel.height ?? 260,
        span: panel.span ?? 1,
      }),
    );
  const learner = new QueryVariable({
    name: 'learner',
    label: strings['board.grid.learner'],
    datasource: stackDataSourceRef(target),
    query: queries.learners,
    // Reload options on every refresh: learners join during the day.
    refresh: VariableRefresh.onTimeRangeChanged,
  });
  return new EmbeddedScene({
    $timeRange: sceneObject<SceneTimeRangeLike>(new SceneTimeRange({ from: spec.from, to: 'now' })),
    $variables: sceneObject<SceneVariables>(
      new SceneVariableSet({ variables: [sceneObject<SceneVariable>(learner)] }),
    ),
    $behaviors: [autoRefresh(spec.refresh), stackRecovery],
    controls: [sceneObject(new VariableValueSelectors({}))],
    body: sceneObject(
      new SceneCSSGridLayout({
        templateColumns: 'repeat(2, minmax(0, 1fr))',
        autoRows: 'auto',
        rowGap: 1,
        columnGap: 1,
        md: { templateColumns: 'minmax(0, 1fr)', autoRows: 'auto', rowGap: 1, columnGap: 1 },
        children: [
          sceneObject(
            new ClassroomGrid({
              labs: spec.labs,
              strings,
              $data: sceneObject<SceneDataProvider>(
                new SceneQueryRunner({
                  datasource: stackDataSourceRef(target),
                  queries: [{ refId: 'A', expr: queries.grid, instant: true, format: 'time_series' }],
                }),
              ),
            }),
          ),
          frame({
            title: fillPlaceholders(strings['board.stuck'], { minutes: String(spec.stuckMinutes) }).join(''),
            type: 'table',
            queries: [{ expr: queries.stuck }],
          }),
          frame({
            title: strings['board.mostFailed'],
            type: 'bargauge',
            queries: [{ expr: queries.mostFailed, legend: '{{lab}} · {{check}}' }],
          }),
          frame({
            title: strings['board.funnel'],
            type: 'timeseries',
            queries: [{ expr: queries.funnel, legend: '{{lab}}' }],
            decimals: 0,
            min: 0,
            span: 2,
          }),
          frame({
            title: strings['board.learner'],
            type: 'table',
            queries: [{ expr: queries.learnerChecks }],
            span: 2,
          }),
          frame({
            title: strings['board.learnerFailures'],
            type: 'table',
            queries: [{ expr: queries.learnerFailures }],
            decimals: 0,
            span: 2,
          }),
        ],
      }),
    ),
  });
}
