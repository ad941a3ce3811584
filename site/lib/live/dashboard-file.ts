import { readRepoFile } from '../repo-file.ts';
import { datasourceTargets, targetOfDatasource } from './datasource-targets.ts';
import {
  parseGrafanaDashboard,
  type GrafanaDashboard,
  type GrafanaPanel,
  type GrafanaVariable,
} from './grafana-dashboard-json.ts';
import { parseLiveProps } from './parse-props.ts';
import {
  liveDashboardSchema,
  type DashboardPanelProps,
  type LiveDashboardProps,
  type VariableProps,
} from './props.ts';
import { panelTypes, type PanelType } from './spec.ts';

/**
 * <DashboardFile>: a Grafana dashboard JSON file (as the Foundation SDK programs in
 * stack/grafana/dashboards/ generate it) becomes <LiveDashboard> props at build time. Whatever
 * has no live counterpart fails the build, naming the panel or variable, rather than a lesson
 * silently drawing less than Grafana would.
 */

/** Grafana's grid is 24 columns wide. */
const gridWidth = 24;
/** Grafana's grid rows are 30 px high with 8 px between them (GRID_CELL_HEIGHT, GRID_CELL_VMARGIN). */
const cellHeight = 30;
const cellGap = 8;
/** The column counts a <LiveDashboard> grid has. */
const liveColumns = [1, 2, 3, 4] as const;
/**
 * Macros Scenes expands in live panels. Others ($__rate_interval, $__range) are expanded by
 * Grafana's Prometheus data source, which live panels do not run.
 */
const liveMacros = ['__interval', '__interval_ms'] as const;
/** $name, ${name} and ${name:format} in PromQL. */
const variableReference = /\$(?:\{(\w+)[^}]*\}|(\w+))/g;

function isPanelType(type: string): type is PanelType {
  return (panelTypes as readonly string[]).includes(type);
}

function panelName(panel: GrafanaPanel): string {
  return panel.title === ''
    ? `the panel at x=${panel.gridPos.x}, y=${panel.gridPos.y}`
    : `panel "${panel.title}"`;
}

/** The one data source uid the panels read; each panel that reads another or an unknown one is a problem. */
function dashboardDatasource(panels: readonly GrafanaPanel[], problems: string[]): string | undefined {
  const known = Object.keys(datasourceTargets).join(', ');
  const uids = new Map<string, string[]>();
  for (const panel of panels) {
    const uid = panel.datasource?.uid;
    if (uid === undefined || targetOfDatasource(uid) === undefined) {
      problems.push(
        `${panelName(panel)}: data source ${uid === undefined ? 'not set' : `"${uid}"`} is not one the stack provisions (${known})`,
      );
      continue;
    }
    for (const query of panel.targets) {
      const own = query.datasource?.uid;
      if (own !== undefined && own !== uid)
        problems.push(`${panelName(panel)}: query ${query.refId ?? ''} reads "${own}", the panel "${uid}"`);
    }
    uids.set(uid, [...(uids.get(uid) ?? []), panelName(panel)]);
  }
  if (uids.size > 1) {
    const who = [...uids].map(([uid, names]) => `"${uid}" (${names.join(', ')})`).join('; ');
    problems.push(
      `a live dashboard reads one data source, these panels read several: ${who}. Give them one, or split the dashboard`,
    );
  }
  return uids.keys().next().value;
}

/** The fewest live grid columns in which every panel's width is a whole number of columns. */
function gridColumns(panels: readonly GrafanaPanel[], problems: string[]): number {
  const columns = liveColumns.find((c) => panels.every((p) => p.gridPos.w % (gridWidth / c) === 0));
  if (columns !== undefined) return columns;
  const widths = [...new Set(panels.map((p) => p.gridPos.w))].sort((a, b) => a - b);
  problems.push(
    `panel widths ${widths.join(', ')} (of ${gridWidth}) fit no live grid of 1-4 columns: make every width a multiple of 6, or every width a multiple of 8`,
  );
  return 1;
}

function toVariable(variable: GrafanaVariable, uid: string | undefined, problems: string[]): VariableProps {
  const name = `variable "${variable.name}"`;
  if (variable.type !== 'query')
    problems.push(
      `${name}: type "${variable.type}" has no live counterpart, only query variables (label_values)`,
    );
  const own = variable.datasource?.uid;
  if (own !== undefined && own !== uid) problems.push(`${name}: reads "${own}", the panels "${uid ?? ''}"`);
  return {
    name: variable.name,
    label: variable.label,
    query: typeof variable.query === 'object' ? variable.query.query : (variable.query ?? ''),
    // Grafana's defaults when the file leaves them out (<LiveDashboard>'s own defaults differ).
    multi: variable.multi ?? false,
    includeAll: variable.includeAll ?? false,
  };
}

function toPanel(
  panel: GrafanaPanel,
  columns: number,
  expandable: ReadonlySet<string>,
  problems: string[],
): DashboardPanelProps {
  const name = panelName(panel);
  if (panel.title === '') problems.push(`${name}: live panels need a title`);
  if (!isPanelType(panel.type))
    problems.push(`${name}: type "${panel.type}" has no live counterpart (${panelTypes.join(', ')})`);
  const queries = panel.targets
    .filter((t) => t.hide !== true)
    // "__auto" is Grafana's automatic legend: live panels name series by their labels anyway.
    .map((t) => ({ expr: t.expr ?? '', legend: t.legendFormat === '__auto' ? undefined : t.legendFormat }));
  if (queries.length === 0 || queries.some((q) => q.expr.trim() === ''))
    problems.push(`${name}: every visible query needs a PromQL expr`);
  for (const { expr } of queries) {
    for (const [, braced, bare] of expr.matchAll(variableReference)) {
      const ref = braced ?? bare ?? '';
      if (!expandable.has(ref))
        problems.push(
          `${name}: $${ref} is neither a dashboard variable nor a macro live panels expand (${liveMacros.map((m) => `$${m}`).join(', ')})`,
        );
    }
  }
  const defaults = panel.fieldConfig?.defaults;
  if (defaults?.thresholds?.mode === 'percentage')
    problems.push(`${name}: percentage thresholds are not drawn live, only absolute ones`);
  return {
    title: panel.title,
    type: isPanelType(panel.type) ? panel.type : undefined,
    queries,
    description: panel.description,
    unit: defaults?.unit,
    min: defaults?.min,
    max: defaults?.max,
    decimals: defaults?.decimals,
    thresholds: defaults?.thresholds?.steps.map((s) =>
      s.value === null ? { color: s.color } : { value: s.value, color: s.color },
    ),
    // A stat draws its sparkline unless graphMode is "none" (Grafana's default is "area").
    sparkline: panel.type === 'stat' ? (panel.options?.graphMode ?? 'area') !== 'none' : undefined,
    height: panel.gridPos.h * cellHeight + (panel.gridPos.h - 1) * cellGap,
    span: panel.gridPos.w / (gridWidth / columns),
  };
}

/** Maps a parsed dashboard to <LiveDashboard> props, or throws every problem at once. */
export function toLiveDashboardProps(dashboard: GrafanaDashboard, file: string): LiveDashboardProps {
  const problems: string[] = [];
  // Reading order, as Grafana lays the grid out: row by row, left to right.
  const panels = [...dashboard.panels].sort((a, b) => a.gridPos.y - b.gridPos.y || a.gridPos.x - b.gridPos.x);
  const uid = dashboardDatasource(panels, problems);
  const columns = gridColumns(panels, problems);
  const variables = (dashboard.templating?.list ?? []).map((v) => toVariable(v, uid, problems));
  const expandable = new Set<string>([...variables.map((v) => v.name), ...liveMacros]);
  const livePanels = panels.map((p) => toPanel(p, columns, expandable, problems));
  if (dashboard.time !== undefined && dashboard.time.to !== 'now')
    problems.push(`the time range ends at "${dashboard.time.to}": live dashboards end at "now"`);
  const target = targetOfDatasource(uid);
  if (problems.length > 0 || target === undefined) {
    throw new Error(
      `<DashboardFile path="${file}"> cannot draw this dashboard live:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
  }
  const props: LiveDashboardProps = {
    title: dashboard.title,
    source: target.source,
    tenant: target.source === 'mimir' ? target.tenant : undefined,
    from: dashboard.time?.from,
    refresh: dashboard.refresh === false || dashboard.refresh === '' ? 'off' : dashboard.refresh,
    columns,
    variables,
    panels: livePanels,
  };
  // What the checks above do not cover (a height beyond 800 px, a variable query that is not
  // label_values) fails here, against the same schema <LiveDashboard> uses.
  parseLiveProps(`DashboardFile path="${file}"`, liveDashboardSchema, props);
  return props;
}

/** Reads a dashboard JSON file of this repository and maps it to <LiveDashboard> props. */
export async function readDashboardFile(path: string, root?: string): Promise<LiveDashboardProps> {
  const file = await readRepoFile(path, undefined, root);
  return toLiveDashboardProps(parseGrafanaDashboard(file.code, path), path);
}
