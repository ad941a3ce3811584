import { PluginType, type PanelPlugin } from '@grafana/data';
import type { PanelType } from '../../../lib/live/spec.ts';

/**
 * Panel plugins for Scenes' VizPanel, loaded on demand (setPluginImportUtils): a page with only
 * a stat panel never downloads uPlot or the table. Grafana's real panels live in its app, not on
 * npm; these are built from the same @grafana/ui parts.
 */

type PluginModule = Promise<{ plugin: PanelPlugin }>;

const loaders: Readonly<Record<PanelType, () => PluginModule>> = {
  timeseries: () => import('./timeseries.tsx'),
  stat: () => import('./stat.tsx'),
  table: () => import('./table.tsx'),
  gauge: () => import('./gauge.tsx'),
  bargauge: () => import('./bargauge.tsx'),
};

const loaded = new Map<string, PanelPlugin>();

function isPanelType(id: string): id is PanelType {
  return Object.hasOwn(loaders, id);
}

/** Plugin metadata VizPanel reads; a fixed version means Scenes never runs option migrations. */
function withMeta(plugin: PanelPlugin, id: PanelType): PanelPlugin {
  plugin.meta = {
    ...plugin.meta,
    id,
    name: id,
    type: PluginType.panel,
    module: `workshop:${id}`,
    baseUrl: '',
    sort: 0,
    info: {
      author: { name: 'Grafana Stack Workshop' },
      description: '',
      links: [],
      logos: { large: '', small: '' },
      screenshots: [],
      updated: '',
      version: '1.0.0',
    },
  };
  return plugin;
}

export async function importPanelPlugin(id: string): Promise<PanelPlugin> {
  const cached = loaded.get(id);
  if (cached !== undefined) return cached;
  if (!isPanelType(id))
    throw new Error(`No panel plugin "${id}": the workshop has ${Object.keys(loaders).join(', ')}`);
  const { plugin } = await loaders[id]();
  loaded.set(id, withMeta(plugin, id));
  return plugin;
}

export function getPanelPluginFromCache(id: string): PanelPlugin | undefined {
  return loaded.get(id);
}
