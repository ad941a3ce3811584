/**
 * The dashboards built with the Foundation SDK, against the running stack: every panel query in
 * the provisioned JSON is accepted by the service its data source points at (Prometheus, or Mimir
 * as the data source's tenant) and returns data. Variables are set to "All" from their own
 * label_values query, formatted as the live panels format them. Brings the native stack up when
 * it isn't (and stops it afterwards if it did).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../scripts/stack/index.ts';
import { formatPromQLVariable } from '../../site/islands/grafana/promql-format.ts';
import { targetOfDatasource } from '../../site/lib/live/datasource-targets.ts';
import {
  parseGrafanaDashboard,
  type GrafanaDashboard,
  type GrafanaVariable,
} from '../../site/lib/live/grafana-dashboard-json.ts';
import type { StackTarget } from '../../site/lib/stack-proxy/routes.ts';
import { dashboards } from '../../stack/grafana/dashboards/index.ts';
import type { Sample } from '../support/stack.ts';
import { ensureStackUp, queryMimir, queryPrometheus, stopIfStarted, waitFor } from '../support/stack.ts';

/** How long a fresh stack may take to have a minute of samples for rate() (5 s scrapes, 1 s batches). */
const FLOW_MS = 90_000;
const labelValues = /^label_values\(\s*(?:(.+?)\s*,\s*)?([A-Za-z_]\w*)\s*\)$/;

function query(target: StackTarget, expr: string): Promise<Sample[]> {
  return target.source === 'mimir' ? queryMimir(expr, target.tenant) : queryPrometheus(expr);
}

function targetOf(uid: string | undefined): StackTarget {
  const target = targetOfDatasource(uid);
  if (target === undefined) throw new Error(`data source "${uid ?? ''}" is not one the stack provisions`);
  return target;
}

/** Every value of a label_values() variable, as one "All" selection written into PromQL. */
async function allValues(variable: GrafanaVariable, target: StackTarget): Promise<string> {
  const definition = typeof variable.query === 'object' ? variable.query.query : (variable.query ?? '');
  const [, selector, label = ''] = labelValues.exec(definition) ?? [];
  const series = await waitFor(
    async () => {
      const samples = await query(target, `group by (${label}) (${selector ?? `{${label}!=""}`})`);
      return samples.length > 0 ? samples : undefined;
    },
    { timeoutMs: FLOW_MS, what: `values of $${variable.name} (${definition})` },
  );
  const values = series.map((s) => s.metric[label] ?? '');
  return formatPromQLVariable(values, {
    multi: variable.multi ?? false,
    includeAll: variable.includeAll ?? false,
  });
}

const loaded = dashboards.map((d) => ({
  file: d.output,
  json: parseGrafanaDashboard(readFileSync(join(repoRoot, d.output), 'utf8'), d.output),
}));
/** Per dashboard file, each variable's name and its "All" value; filled once the stack is up. */
const variableValues = new Map<string, Map<string, string>>();

async function resolveVariables(json: GrafanaDashboard): Promise<Map<string, string>> {
  const values = new Map<string, string>();
  for (const variable of json.templating?.list ?? []) {
    const target = targetOf(variable.datasource?.uid ?? json.panels[0]?.datasource?.uid);
    values.set(variable.name, await allValues(variable, target));
  }
  return values;
}

/** The expression with $name and ${name} replaced by the variables' values. */
function substitute(expr: string, values: ReadonlyMap<string, string>): string {
  return expr.replace(/\$(?:\{(\w+)\}|(\w+))/g, (ref, braced?: string, bare?: string) => {
    return values.get(braced ?? bare ?? '') ?? ref;
  });
}

beforeAll(async () => {
  await ensureStackUp();
  for (const { file, json } of loaded) variableValues.set(file, await resolveVariables(json));
}, 3_600_000);

afterAll(async () => {
  await stopIfStarted();
}, 120_000);

for (const { file, json } of loaded) {
  const cases = json.panels.flatMap((panel) =>
    panel.targets
      .filter((t) => t.hide !== true)
      .map(
        (t) =>
          [
            `${panel.title} (${t.refId ?? '?'})`,
            t.expr ?? '',
            t.datasource?.uid ?? panel.datasource?.uid,
          ] as const,
      ),
  );

  describe(file, () => {
    it.each(cases)('%s: the stack accepts the query and returns data', async (_name, expr, uid) => {
      const target = targetOf(uid);
      const promql = substitute(expr, variableValues.get(file) ?? new Map());
      // A query the service rejects fails here at once, with the service's own error.
      await query(target, promql);
      const samples = await waitFor(
        async () => {
          const result = await query(target, promql);
          return result.length > 0 ? result : undefined;
        },
        { timeoutMs: FLOW_MS, what: `data for ${promql}` },
      );
      // A route with no requests in the window has a NaN quantile (0/0); the panel still draws the others.
      expect(samples.some((s) => Number.isFinite(s.value))).toBe(true);
    });
  });
}
