import { EventBusSrv, standardFieldConfigEditorRegistry } from '@grafana/data';
import { setAppEvents, setPluginImportUtils, setRunRequest } from '@grafana/runtime';
import { standardFieldConfigs } from './field-config-registry.ts';
import { getPanelPluginFromCache, importPanelPlugin } from './panel-plugins/index.ts';
import { runRequest } from './run-request.ts';

/**
 * The services a Grafana server's frontend normally installs at start-up, reduced to what Scenes
 * panels need with no server behind them. Datasources are registered by the scenes that use them
 * (datasource.ts); URL sync, template, backend and datasource services are never touched.
 */

let done = false;

export function setUpGrafanaRuntime(): void {
  if (done) return;
  done = true;
  // VizPanel loads its visualisation through these; unset, it throws.
  setPluginImportUtils({ importPanelPlugin, getPanelPluginFromCache });
  // SceneQueryRunner runs every query through this.
  setRunRequest(runRequest);
  // The time series panel publishes hover events here; unset, it crashes reading getStream.
  setAppEvents(new EventBusSrv());
  // Without the standard field options, units, colours and thresholds are dropped.
  standardFieldConfigEditorRegistry.setInit(standardFieldConfigs);
}
