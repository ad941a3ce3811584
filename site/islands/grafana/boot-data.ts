import { grafanaPublicPath } from './constants.ts';

/**
 * Globals @grafana/runtime reads while its modules are first evaluated. They must exist before
 * the Grafana bundle is imported, so the island loader sets them just before its dynamic
 * import(); this module imports nothing from @grafana for the same reason.
 */

declare global {
  interface Window {
    /** A Grafana server renders this into its index.html; runtime's config is built from it. */
    grafanaBootData?: unknown;
    /** Where @grafana/ui fetches its icons from (under build/img/icons). */
    __grafana_public_path__?: string;
  }
}

export function setGrafanaBootData(): void {
  if (window.grafanaBootData !== undefined) return;
  const theme = document.documentElement.dataset['theme'] === 'light' ? 'light' : 'dark';
  window.grafanaBootData = {
    settings: {},
    user: { theme, lightTheme: theme === 'light' },
    navTree: [],
    assets: { dark: '', light: '' },
  };
  window.__grafana_public_path__ = grafanaPublicPath;
}
