/**
 * Every dashboard this repository keeps as code, and the provisioned JSON file each one becomes.
 * `npm run dashboards` (scripts/dashboards.ts) writes them; a unit test and `--check` fail when
 * a committed file differs from what its program builds.
 */
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { shopDashboard } from './shop.dashboard.ts';

/** Where Grafana's dashboards provider reads JSON (stack/grafana/provisioning/dashboards/). */
export const provisionedJsonDir = 'stack/grafana/provisioning/dashboards/json';

export interface DashboardAsCode {
  /** The program that builds it, from the repository root. */
  readonly source: string;
  /** The JSON file it is written to, from the repository root. */
  readonly output: string;
  readonly build: () => Dashboard;
}

export const dashboards: readonly DashboardAsCode[] = [
  {
    source: 'stack/grafana/dashboards/shop.dashboard.ts',
    output: `${provisionedJsonDir}/shop.json`,
    build: shopDashboard,
  },
];

/** The file a dashboard is written as: the SDK's key order, two-space indent, final newline. */
export function dashboardJson(dashboard: Dashboard): string {
  return `${JSON.stringify(dashboard, null, 2)}\n`;
}
