import { z } from 'astro/zod';
import { serviceNames, tenants, type ServiceName, type Tenant } from '../../../stack/services.ts';
import { requirableServices, type StackTarget } from '../stack-proxy/routes.ts';
import {
  panelTypes,
  type ClassroomBoardSpec,
  type LiveDashboardSpec,
  type LivePanelSpec,
  type PanelSpec,
  type PanelType,
  type PlaygroundSpec,
  type VariableSpec,
} from './spec.ts';

/**
 * The props lesson authors write on <LivePanel>, <LiveDashboard> and <PromQLPlayground>: zod
 * schemas that check them at build time and turn them into island specs. Each prop's doc comment
 * sits on its zod field, and the components' prop types are the schemas' inputs (`z.input`).
 */

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

const querySchema = z.strictObject({
  /** The PromQL expression; dashboard variables appear as $name. */
  expr: promql,
  /** Legend format, label names in double braces: "{{route}} {{status}}". */
  legend: z.string().optional(),
});

const thresholdsSchema = z
  .array(
    z.strictObject({
      /** Lower bound of the step; absent on the base step. */
      value: z.number().optional(),
      /** A Grafana colour name ("green", "orange", "red") or a CSS colour. */
      color: z.string().min(1),
    }),
  )
  .min(1)
  .refine((steps) => steps[0]?.value === undefined, 'the first step is the base colour and has no value')
  .refine(
    (steps) =>
      steps
        .slice(1)
        .every((s, i) => s.value !== undefined && (i === 0 || s.value > (steps[i]?.value ?? -Infinity))),
    'every step after the first needs a value, in ascending order',
  );

/** One visualisation's props, shared by <LivePanel> and the `panels` of <LiveDashboard>. */
const panelShape = {
  /** Panel title, shown in its header. */
  title: z.string().min(1),
  /** Visualisation: "timeseries" (default), "stat", "table", "gauge" or "bargauge". */
  type: z.enum(panelTypes).default('timeseries'),
  /** A single PromQL query; use `queries` for several. */
  query: promql.optional(),
  /** Legend format of `query`, label names in double braces: "{{route}} {{status}}". */
  legend: z.string().optional(),
  /** Several queries, each with its own legend format; use instead of `query`. */
  queries: z.array(querySchema).min(1).max(6).optional(),
  /** Shown as the panel's info tooltip. */
  description: z.string().optional(),
  /** Grafana unit id: "short", "reqps", "s", "ms", "bytes", "percentunit"... */
  unit: z.string().min(1).optional(),
  /** Lower end of the axis or gauge. */
  min: z.number().optional(),
  /** Upper end of the axis or gauge. */
  max: z.number().optional(),
  /** Decimals shown in values. */
  decimals: z.number().int().min(0).max(10).optional(),
  /** Colour steps: the first has no value, e.g. [{ color: 'green' }, { value: 0.5, color: 'red' }]. */
  thresholds: thresholdsSchema.optional(),
  /** Stat panels only: draw a sparkline of the time range behind the value. */
  sparkline: z.boolean().default(false),
  /** Height in pixels (100-800); each type has a sensible default. */
  height: z.number().int().min(100).max(800).optional(),
};

/** Where a live component reads from, and over what time. */
const sourceShape = {
  /**
   * Which service answers: "prometheus" itself, "mimir" (then also set `tenant`), or "loki"
   * (queries are then LogQL metric queries, such as count_over_time; profile "logs").
   */
  source: z.enum(['prometheus', 'mimir', 'loki']),
  /** The Mimir tenant to read (one per write path); only with source="mimir". */
  tenant: z.enum(tenants).optional(),
  /**
   * The optional service the data comes from when it is not `source` ("k6" writes what Mimir
   * answers): while it does not run, the panel says how to start it instead of showing no data.
   */
  requires: z
    .enum(serviceNames)
    .refine((name) => requirableServices.includes(name), {
      message: `one of the stack's optional services: ${requirableServices.join(', ')}`,
    })
    .optional(),
  /** Start of the time range, relative to now: "now-5m", "now-1h". Defaults to "now-15m". */
  from: relativeTime,
  /** Auto-refresh interval ("5s", "30s", "1m") or "off". Defaults to "10s". */
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

export const livePanelSchema = z
  .strictObject({ ...panelShape, ...sourceShape })
  .transform(({ source, tenant, requires, from, refresh: every, ...panel }, ctx): LivePanelSpec => ({
    kind: 'panel',
    target: toTarget(source, tenant, requires, ctx),
    from,
    refresh: every,
    panel: toPanelSpec(panel, ctx),
  }));

/** <LivePanel>'s props. */
export type LivePanelProps = z.input<typeof livePanelSchema>;

/** A dashboard variable whose options are label values. */
const variableSchema = z
  .strictObject({
    /** Name queries use as $name. */
    name: z.string().regex(/^[A-Za-z_]\w*$/, 'a name like "route", usable as $route'),
    /** Label shown before the picker; defaults to the name. */
    label: z.string().optional(),
    /** Where the options come from: label_values(metric, label) or label_values(label). */
    query: z
      .string()
      .regex(
        /^label_values\((\s*[^,()]+,)?\s*[A-Za-z_]\w*\s*\)$/,
        'label_values(metric, label) or label_values(label)',
      ),
    /** Allow picking several values (default true). */
    multi: z.boolean().default(true),
    /** Offer "All" (default true). */
    includeAll: z.boolean().default(true),
  })
  .transform((v): VariableSpec => ({ ...v, label: v.label ?? v.name }));

/** One of <LiveDashboard>'s `variables`. */
export type VariableProps = z.input<typeof variableSchema>;

/** A dashboard panel: a panel plus the grid columns it spans. */
const dashboardPanelSchema = z.strictObject({
  ...panelShape,
  /** Grid columns this panel spans (default 1). */
  span: z.number().int().min(1).max(4).optional(),
});

/** One of <LiveDashboard>'s `panels`. */
export type DashboardPanelProps = z.input<typeof dashboardPanelSchema>;

export const liveDashboardSchema = z
  .strictObject({
    ...sourceShape,
    /** Dashboard title: the accessible name of the dashboard, and the placeholder's text until it loads. */
    title: z.string().min(1),
    /** Grid columns on a wide screen (1-4, default 2); narrow screens stack panels. */
    columns: z.number().int().min(1).max(4).default(2),
    /** Variables shown as pickers above the panels. */
    variables: z.array(variableSchema).default([]),
    /** The panels, in reading order. */
    panels: z.array(dashboardPanelSchema).min(1),
  })
  .transform(
    ({ source, tenant, requires, from, refresh: every, panels, ...rest }, ctx): LiveDashboardSpec => ({
      kind: 'dashboard',
      ...rest,
      target: toTarget(source, tenant, requires, ctx),
      from,
      refresh: every,
      panels: panels.map((p, i) => toPanelSpec(p, ctx, ['panels', i])),
    }),
  );

/** <LiveDashboard>'s props (and what <DashboardFile> maps a dashboard JSON file to). */
export type LiveDashboardProps = z.input<typeof liveDashboardSchema>;

export const playgroundSchema = z
  .strictObject({
    ...sourceShape,
    /** Auto-refresh interval ("5s", "30s", "1m") or "off". Defaults to "off". */
    refresh: refresh.default('off'),
    /** The query the editor starts with. */
    query: z.string().default(''),
    /** Queries offered as one-click examples. */
    examples: z.array(promql).default([]),
    /** Height of the graph in pixels (default 260). */
    height: z.number().int().min(100).max(800).default(260),
  })
  .transform(({ source, tenant, requires, ...rest }, ctx): PlaygroundSpec => ({
    kind: 'playground',
    ...rest,
    target: toTarget(source, tenant, requires, ctx),
  }));

/** <PromQLPlayground>'s props. */
export type PromQLPlaygroundProps = z.input<typeof playgroundSchema>;

export const classroomBoardSchema = z
  .strictObject({
    /** How many minutes a check must have been failing to list its learner as stuck (default 10). */
    stuckMinutes: z.number().int().min(1).max(240).default(10),
    /** Start of the funnel's range. Defaults to "now-3h", a half-day workshop. */
    from: relativeTime.default('now-3h'),
    /** Auto-refresh interval. Defaults to "10s". */
    refresh,
  })
  .transform((props): Omit<ClassroomBoardSpec, 'labs'> => ({ kind: 'classroom', ...props }));

/** <ClassroomBoard>'s props. */
export type ClassroomBoardProps = z.input<typeof classroomBoardSchema>;
