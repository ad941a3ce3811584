import { FieldColorModeId, ThresholdsMode, type FieldConfigSource } from '@grafana/data';
import { SceneQueryRunner, VizPanel, type SceneDataProvider } from '@grafana/scenes';
import { BigValueColorMode, BigValueGraphMode } from '@grafana/ui';
import type { PanelSpec } from '../../../lib/live/spec.ts';
import type { StackTarget } from '../../../lib/stack-proxy/routes.ts';
import { stackDataSourceRef, type PromQLQuery } from '../datasource.ts';
import { timeSeriesDefaults, type StatOptions } from '../panel-plugins/options.ts';
import { sceneObject } from '../strict-types.ts';

/** Shared builders: a panel spec from a lesson becomes a query runner and a VizPanel. */

/** Only graphs (and stat sparklines) need the whole range; the rest show the latest value. */
function isRangePanel(panel: PanelSpec): boolean {
  return panel.type === 'timeseries' || (panel.type === 'stat' && panel.sparkline);
}

export function buildQueryRunner(target: StackTarget, panel: PanelSpec): SceneQueryRunner {
  const instant = !isRangePanel(panel);
  const queries: PromQLQuery[] = panel.queries.map((q, i) => ({
    refId: String.fromCharCode(65 + i),
    expr: q.expr,
    ...(q.legend === undefined ? {} : { legendFormat: q.legend }),
    instant,
    format: panel.type === 'table' ? 'table' : 'time_series',
  }));
  // maxDataPointsFromWidth: one point per pixel at most, as in Grafana dashboards.
  return new SceneQueryRunner({
    datasource: stackDataSourceRef(target),
    queries,
    maxDataPointsFromWidth: true,
  });
}

/** Field options from the spec; series colours come from Grafana's classic palette. */
function fieldConfig(panel: PanelSpec): FieldConfigSource<object> {
  const single = panel.type !== 'timeseries' && panel.type !== 'table';
  const steps = panel.thresholds ?? [{ color: single ? 'green' : 'text' }];
  return {
    defaults: {
      ...(panel.unit === undefined ? {} : { unit: panel.unit }),
      ...(panel.decimals === undefined ? {} : { decimals: panel.decimals }),
      // A gauge needs both ends; Grafana's gauge defaults to 0-100 too.
      ...(panel.min === undefined ? (panel.type === 'gauge' ? { min: 0 } : {}) : { min: panel.min }),
      ...(panel.max === undefined ? (panel.type === 'gauge' ? { max: 100 } : {}) : { max: panel.max }),
      thresholds: {
        mode: ThresholdsMode.Absolute,
        steps: steps.map((s) => ({ value: s.value ?? -Infinity, color: s.color })),
      },
      color: { mode: single ? FieldColorModeId.Thresholds : FieldColorModeId.PaletteClassic },
    },
    overrides: [],
  };
}

function options(panel: PanelSpec): object {
  if (panel.type === 'timeseries') return timeSeriesDefaults;
  if (panel.type === 'stat') {
    const stat: StatOptions = {
      graphMode: panel.sparkline ? BigValueGraphMode.Area : BigValueGraphMode.None,
      colorMode: BigValueColorMode.Value,
    };
    return stat;
  }
  return {};
}

export function buildVizPanel(target: StackTarget, panel: PanelSpec): VizPanel {
  return new VizPanel({
    title: panel.title,
    ...(panel.description === undefined ? {} : { description: panel.description }),
    pluginId: panel.type,
    options: options(panel),
    fieldConfig: fieldConfig(panel),
    $data: sceneObject<SceneDataProvider>(buildQueryRunner(target, panel)),
  });
}
