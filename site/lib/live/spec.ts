import type { StackTarget } from '../stack-proxy/routes.ts';

/**
 * What a live component hands its island: validated, defaults applied, serialised as JSON into
 * the page. The Astro components produce it (props.ts); the Grafana islands consume it.
 */

export const panelTypes = ['timeseries', 'stat', 'table', 'gauge', 'bargauge'] as const;
export type PanelType = (typeof panelTypes)[number];

/** One PromQL query of a panel. */
export interface QuerySpec {
  /** The PromQL expression; dashboard variables appear as $name. */
  readonly expr: string;
  /** Legend format, label names in double braces ("{{route}}"); absent means the series' labels. */
  readonly legend?: string | undefined;
}

/** One threshold step: from `value` upwards the colour applies; the first step has no value. */
export interface ThresholdSpec {
  /** Lower bound of the step; absent on the base step. */
  readonly value?: number | undefined;
  /** A Grafana colour name ("green", "orange", "red") or a CSS colour. */
  readonly color: string;
}

/** One visualisation, as LivePanel draws it alone and LiveDashboard draws it in a grid. */
export interface PanelSpec {
  readonly title: string;
  readonly type: PanelType;
  readonly queries: readonly QuerySpec[];
  readonly description?: string | undefined;
  readonly unit?: string | undefined;
  readonly min?: number | undefined;
  readonly max?: number | undefined;
  readonly decimals?: number | undefined;
  readonly thresholds?: readonly ThresholdSpec[] | undefined;
  /** Whether a stat panel draws a sparkline (and so runs a range query). */
  readonly sparkline: boolean;
  /** Height in CSS pixels. */
  readonly height: number;
  /** Grid columns the panel spans in a dashboard. */
  readonly span: number;
}

/** Where and over what time the island queries. */
export interface TimeSpec {
  readonly target: StackTarget;
  /** Start of the time range relative to now ("now-15m"). */
  readonly from: string;
  /** Auto-refresh interval ("10s"), or "off". */
  readonly refresh: string;
}

/** A dashboard variable filled from label values. */
export interface VariableSpec {
  readonly name: string;
  readonly label: string;
  /** label_values(metric, label) or label_values(label). */
  readonly query: string;
  readonly multi: boolean;
  readonly includeAll: boolean;
}

export interface LivePanelSpec extends TimeSpec {
  readonly kind: 'panel';
  readonly panel: PanelSpec;
}

export interface LiveDashboardSpec extends TimeSpec {
  readonly kind: 'dashboard';
  readonly title: string;
  readonly columns: number;
  readonly variables: readonly VariableSpec[];
  readonly panels: readonly PanelSpec[];
}

export interface PlaygroundSpec extends TimeSpec {
  readonly kind: 'playground';
  /** The query the editor starts with. */
  readonly query: string;
  /** Queries offered as one-click examples. */
  readonly examples: readonly string[];
  /** Height of the graph in CSS pixels. */
  readonly height: number;
}

/**
 * The instructor's classroom board. Its Mimir tenant is the classroom's, which the page learns
 * from its URL (`?classroom=<id>`, printed by `npm run classroom -- start`), not at build time.
 */
export interface ClassroomBoardSpec {
  readonly kind: 'classroom';
  /** The grid's columns, in the course's order. */
  readonly labs: readonly { readonly id: string; readonly title: string }[];
  /** How long a check must have been failing to be listed as stuck. */
  readonly stuckMinutes: number;
  /** Start of the funnel's range ("now-3h"). */
  readonly from: string;
  /** Auto-refresh interval ("10s"). */
  readonly refresh: string;
}

/**
 * A PromQL exercise (labs/promql/exercises.ts): an editor over the exercises' Prometheus, the
 * query's result and explain tree at the time it is judged at, and Check, which grades it.
 */
export interface ExerciseSpec {
  readonly kind: 'exercise';
  /** promql-NN, as `npm run lab -- check` takes it. */
  readonly id: string;
  /** The first time it is judged at (Unix seconds): where the result and the tree are evaluated. */
  readonly at: number;
  /** Every time (or the range) the grader compares at, as the page shows it. */
  readonly judged: string;
}

export type IslandSpec =
  LivePanelSpec | LiveDashboardSpec | PlaygroundSpec | ClassroomBoardSpec | ExerciseSpec;
