import {
  SortOrder,
  TooltipDisplayMode,
  type VizLegendOptions,
  type VizTooltipOptions,
} from '@grafana/schema';
import { BigValueColorMode, BigValueGraphMode } from '@grafana/ui';

/**
 * Panel options and their defaults, apart from the plugins themselves so that building a scene
 * does not pull in a plugin's code (plugins load on demand: panel-plugins/index.ts). Grafana's
 * option editors would normally fill these defaults in; the components merge them instead.
 */

export interface TimeSeriesOptions {
  legend: VizLegendOptions;
  tooltip: VizTooltipOptions;
}

export const timeSeriesDefaults: TimeSeriesOptions = {
  // displayMode is left out: the legend's default is a list, and @grafana/schema's index
  // exports a second LegendDisplayMode enum that VizLegendOptions does not accept.
  legend: { showLegend: true, placement: 'bottom', calcs: [] },
  tooltip: { mode: TooltipDisplayMode.Multi, sort: SortOrder.Descending },
};

export interface StatOptions {
  /** "area" draws a sparkline of the range behind the value. */
  graphMode: BigValueGraphMode;
  colorMode: BigValueColorMode;
}

export const statDefaults: StatOptions = {
  graphMode: BigValueGraphMode.None,
  colorMode: BigValueColorMode.Value,
};
