import { z } from 'astro/zod';

/**
 * The part of Grafana's classic dashboard JSON model (schemaVersion 42, what the Foundation SDK's
 * `dashboard` package builds) that <DashboardFile> reads. Everything else in the file is Grafana's
 * business and ignored; what is read is checked here so a malformed file fails the build with
 * the field that is wrong.
 */

const datasourceRef = z.object({
  /** Data source plugin id ("prometheus"). */
  type: z.string().optional(),
  /** The provisioned data source's uid (stack/grafana/provisioning/datasources). */
  uid: z.string().optional(),
});

const target = z.object({
  refId: z.string().optional(),
  /** PromQL; dashboard variables appear as $name. */
  expr: z.string().optional(),
  /** Legend format, label names in double braces. */
  legendFormat: z.string().optional(),
  /** A hidden query is run by nobody. */
  hide: z.boolean().optional(),
  datasource: datasourceRef.optional(),
});

const thresholds = z.object({
  mode: z.enum(['absolute', 'percentage']),
  /** The base step first, with a null value. */
  steps: z.array(z.object({ value: z.number().nullable(), color: z.string() })),
});

const panel = z.object({
  type: z.string(),
  title: z.string().default(''),
  description: z.string().optional(),
  datasource: datasourceRef.optional(),
  /** Place on Grafana's 24-column grid; h in grid rows. */
  gridPos: z.object({
    h: z.number().int().positive(),
    w: z.number().int().min(1).max(24),
    x: z.number().int().min(0),
    y: z.number().int().min(0),
  }),
  targets: z.array(target).default([]),
  fieldConfig: z
    .object({
      defaults: z.object({
        unit: z.string().optional(),
        min: z.number().optional(),
        max: z.number().optional(),
        decimals: z.number().optional(),
        thresholds: thresholds.optional(),
      }),
    })
    .optional(),
  /** Panel options; only a stat's sparkline (graphMode) has a live counterpart. */
  options: z.object({ graphMode: z.string().optional() }).optional(),
});

const variable = z.object({
  type: z.string(),
  name: z.string(),
  label: z.string().optional(),
  /** A string, or (as Grafana's editor saves Prometheus variables) an object with one. */
  query: z.union([z.string(), z.object({ query: z.string() })]).optional(),
  datasource: datasourceRef.nullable().optional(),
  multi: z.boolean().optional(),
  includeAll: z.boolean().optional(),
});

export const grafanaDashboardSchema = z.object({
  title: z.string().min(1),
  time: z.object({ from: z.string(), to: z.string() }).optional(),
  /** An interval ("10s"), or "" / false for no auto-refresh. */
  refresh: z.union([z.string(), z.literal(false)]).optional(),
  templating: z.object({ list: z.array(variable).default([]) }).optional(),
  panels: z.array(panel).min(1, 'a dashboard with at least one panel'),
});

export type GrafanaDashboard = z.output<typeof grafanaDashboardSchema>;
export type GrafanaPanel = GrafanaDashboard['panels'][number];
export type GrafanaVariable = NonNullable<GrafanaDashboard['templating']>['list'][number];

/** Parses a dashboard file's text, or throws an error naming the file and each bad field. */
export function parseGrafanaDashboard(text: string, file: string): GrafanaDashboard {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`${file} is not JSON: ${(err as Error).message}`, { cause: err });
  }
  const result = grafanaDashboardSchema.safeParse(json);
  if (!result.success) {
    throw new Error(
      `${file} is not a Grafana dashboard <DashboardFile> can read:\n${z.prettifyError(result.error)}`,
    );
  }
  return result.data;
}
