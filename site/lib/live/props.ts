import { z } from 'astro/zod';
import { serviceNames, tenants, type ServiceName, type Tenant } from '../../../stack/services.ts';
import { requirableServices, type StackTarget } from '../stack-proxy/routes.ts';
import {
  panelTypes,
  type LiveDashboardSpec,
  type LivePanelSpec,
  type PanelSpec,
  type PanelType,
  type PlaygroundSpec,
  type QuerySpec,
  type ThresholdSpec,
  type VariableSpec,
} from './spec.ts';

/**
 * The props lesson authors write on <LivePanel>, <LiveDashboard> and <PromQLPlayground>, and
 * the zod schemas that check them at build time and turn them into island specs.
 */

/** Where a live component reads from, and over what time. */
export interface SourceProps {
  /**
   * Which service answers: "prometheus" itself, "mimir" (then also set `tenant`), or "loki"
   * (queries are then LogQL metric queries, such as count_over_time; profile "logs").
   */
  source: 'prometheus' | 'mimir' | 'loki';
  /** The Mimir tenant to read (one per write path); only with source="mimir". */
  tenant?: Tenant | undefined;
  /**
   * The optional service the data comes from when it is not `source` ("k6" writes what Mimir
   * answers): while it does not run, the panel says how to start it instead of showing no data.
   */
  requires?: ServiceName | undefined;
  /** Start of the time range, relative to now: "now-5m", "now-1h". Defaults to "now-15m". */
  from?: string | undefined;
  /** Auto-refresh interval ("5s", "30s", "1m") or "off". Defaults to "10s". */
  refresh?: string | undefined;
}

/** One visualisation's props, shared by <LivePanel> and the `panels` of <LiveDashboard>. */
export interface PanelProps {
  /** Panel title, shown in its header. */
  title: string;
  /** Visualisation: "timeseries" (default), "stat", "table", "gauge" or "bargauge". */
  type?: PanelType | undefined;
  /** A single PromQL query; use `queries` for several. */
  query?: string | undefined;
  /** Legend format of `query`, label names in double braces: "{{route}} {{status}}". */
  legend?: string | undefined;
  /** Several queries, each with its own legend format; use instead of `query`. */
  queries?: QuerySpec[] | undefined;
  /** Shown as the panel's info tooltip. */
  description?: string | undefined;
  /** Grafana unit id: "short", "reqps", "s", "ms", "bytes", "percentunit"... */
  unit?: string | undefined;
  /** Lower end of the axis or gauge. */
  min?: number | undefined;
  /** Upper end of the axis or gauge. */
  max?: number | undefined;
  /** Decimals shown in values. */
  decimals?: number | undefined;
  /** Colour steps: the first has no value, e.g. [{ color: 'green' }, { value: 0.5, color: 'red' }]. */
  thresholds?: ThresholdSpec[] | undefined;
  /** Stat panels only: draw a sparkline of the time range behind the value. */
  sparkline?: boolean | undefined;
  /** Height in pixels (100-800); each type has a sensible default. */
  height?: number | undefined;
}

export interface LivePanelProps extends PanelProps, SourceProps {}

/** A dashboard panel: a panel plus the grid columns it spans. */
export interface DashboardPanelProps extends PanelProps {
  /** Grid columns this panel spans (default 1). */
  span?: number | undefined;
}

/** A dashboard variable whose options are label values. */
export interface VariableProps {
  /** Name queries use as $name. */
  name: string;
  /** Label shown before the picker; defaults to the name. */
  label?: string | undefined;
  /** Where the options come from: label_values(metric, label) or label_values(label). */
  query: string;
  /** Allow picking several values (default true). */
  multi?: boolean | undefined;
  /** Offer "All" (default true). */
  includeAll?: boolean | undefined;
}

export interface LiveDashboardProps extends SourceProps {
  /** Dashboard title: the accessible name of the dashboard, and the placeholder's text until it loads. */
  title: string;
  /** Grid columns on a wide screen (1-4, default 2); narrow screens stack panels. */
  columns?: number | undefined;
  /** Variables shown as pickers above the panels. */
  variables?: VariableProps[] | undefined;
  /** The panels, in reading order. */
  panels: DashboardPanelProps[];
}

export interface PromQLPlaygroundProps extends SourceProps {
  /** The query the editor starts with. */
  query?: string | undefined;
  /** Queries offered as one-click examples. */
  examples?: string[] | undefined;
  /** Height of the graph in pixels (default 260). */
  height?: number | undefined;
}

const defaultHeights: Readonly<Record<PanelType, number>> = {
  timeseries: 280,
  stat: 140,
  table: 260,
  gauge: 200,
  bargauge: 200,
};

const relativeTime = z
  .string()
  .regex(/^now-\d+[smhd]$/, 'a time relative to now, like "now-15m" or "now-1h"')
  .default('now-15m');

const refresh = z
  .string()
  .regex(/^(\d+[smh]|off)$/, 'an interval like "10s" or "1m", or "off"')
  .default('10s');

const promql = z.string().trim().min(1, 'a PromQL expression');

const querySchema = z.strictObject({ expr: promql, legend: z.string().optional() });

const thresholdsSchema = z
  .array(z.strictObject({ value: z.number().optional(), color: z.string().min(1) }))
  .min(1)
  .refine((steps) => steps[0]?.value === undefined, 'the first step is the base colour and has no value')
  .refine(
    (steps) =>
      steps
        .slice(1)
        .every((s, i) => s.value !== undefined && (i === 0 || s.value > (steps[i]?.value ?? -Infinity))),
    'every step after the first needs a value, in ascending order',
  );

const panelShape = {
  title: z.string().min(1),
  type: z.enum(panelTypes).default('timeseries'),
  query: promql.optional(),
  legend: z.string().optional(),
  queries: z.array(querySchema).min(1).max(6).optional(),
  description: z.string().optional(),
  unit: z.string().min(1).optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  decimals: z.number().int().min(0).max(10).optional(),
  thresholds: thresholdsSchema.optional(),
  sparkline: z.boolean().default(false),
  height: z.number().int().min(100).max(800).optional(),
};

const sourceShape = {
  source: z.enum(['prometheus', 'mimir', 'loki']),
  tenant: z.enum(tenants).optional(),
  requires: z
    .enum(serviceNames)
    .refine((name) => requirableServices.includes(name), {
      message: `one of the stack's optional services: ${requirableServices.join(', ')}`,
    })
    .optional(),
  from: relativeTime,
  refresh,
};

type PanelInput = z.output<z.ZodObject<typeof panelShape>> & { span?: number | undefined };

function toPanelSpec(input: PanelInput, ctx: z.core.$RefinementCtx, path: PropertyKey[] = []): PanelSpec {
  const { query, legend, queries, height, span, ...rest } = input;
  if ((query === undefined) === (queries === undefined)) {
    ctx.addIssue({
      code: 'custom',
      path: [...path, 'query'],
      message: 'set either `query` or `queries`, not both or neither',
    });
  }
  if (legend !== undefined && query === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: [...path, 'legend'],
      message: '`legend` goes with `query`; with `queries`, give each its own',
    });
  }
  if (rest.sparkline && rest.type !== 'stat') {
    ctx.addIssue({
      code: 'custom',
      path: [...path, 'sparkline'],
      message: 'only stat panels draw a sparkline',
    });
  }
  return {
    ...rest,
    queries: queries ?? [{ expr: query ?? '', legend }],
    height: height ?? defaultHeights[rest.type],
    span: span ?? 1,
  };
}

function toTarget(
  source: 'prometheus' | 'mimir' | 'loki',
  tenant: Tenant | undefined,
  requires: ServiceName | undefined,
  ctx: z.core.$RefinementCtx,
): StackTarget {
  const target = queriedTarget(source, tenant, ctx);
  return requires === undefined ? target : { ...target, requires };
}

function queriedTarget(
  source: 'prometheus' | 'mimir' | 'loki',
  tenant: Tenant | undefined,
  ctx: z.core.$RefinementCtx,
): StackTarget {
  if (source !== 'mimir') {
    if (tenant !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['tenant'],
        message: 'tenants belong to Mimir: remove it, or set source="mimir"',
      });
    return { source };
  }
  if (tenant === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['tenant'],
      message: `Mimir needs a tenant: one of ${Object.values(tenants).join(', ')}`,
    });
    return { source, tenant: tenants.prometheus };
  }
  return { source, tenant };
}

export const livePanelSchema: z.ZodType<LivePanelSpec, LivePanelProps> = z
  .strictObject({ ...panelShape, ...sourceShape })
  .transform(({ source, tenant, requires, from, refresh: every, ...panel }, ctx) => ({
    kind: 'panel' as const,
    target: toTarget(source, tenant, requires, ctx),
    from,
    refresh: every,
    panel: toPanelSpec(panel, ctx),
  }));

const variableSchema = z
  .strictObject({
    name: z.string().regex(/^[A-Za-z_]\w*$/, 'a name like "route", usable as $route'),
    label: z.string().optional(),
    query: z
      .string()
      .regex(
        /^label_values\((\s*[^,()]+,)?\s*[A-Za-z_]\w*\s*\)$/,
        'label_values(metric, label) or label_values(label)',
      ),
    multi: z.boolean().default(true),
    includeAll: z.boolean().default(true),
  })
  .transform((v): VariableSpec => ({ ...v, label: v.label ?? v.name }));

export const liveDashboardSchema: z.ZodType<LiveDashboardSpec, LiveDashboardProps> = z
  .strictObject({
    ...sourceShape,
    title: z.string().min(1),
    columns: z.number().int().min(1).max(4).default(2),
    variables: z.array(variableSchema).default([]),
    panels: z
      .array(z.strictObject({ ...panelShape, span: z.number().int().min(1).max(4).optional() }))
      .min(1),
  })
  .transform(({ source, tenant, requires, from, refresh: every, panels, ...rest }, ctx) => ({
    kind: 'dashboard' as const,
    ...rest,
    target: toTarget(source, tenant, requires, ctx),
    from,
    refresh: every,
    panels: panels.map((p, i) => toPanelSpec(p, ctx, ['panels', i])),
  }));

export const playgroundSchema: z.ZodType<PlaygroundSpec, PromQLPlaygroundProps> = z
  .strictObject({
    ...sourceShape,
    refresh: refresh.default('off'),
    query: z.string().default(''),
    examples: z.array(promql).default([]),
    height: z.number().int().min(100).max(800).default(260),
  })
  .transform(({ source, tenant, requires, ...rest }, ctx) => ({
    kind: 'playground' as const,
    ...rest,
    target: toTarget(source, tenant, requires, ctx),
  }));
