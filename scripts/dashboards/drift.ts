/**
 * Compares the dashboards' committed JSON with what their Foundation SDK programs build now, so
 * a program edited without regenerating (or JSON edited by hand) is caught before Grafana or a
 * lesson reads a stale file.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  dashboardJson,
  provisionedJsonDir,
  type DashboardAsCode,
} from '../../stack/grafana/dashboards/index.ts';

export interface Drift {
  /** The file that is wrong, from the repository root. */
  readonly file: string;
  readonly message: string;
}

/** The first line where two texts differ (1-based), for a message that says where to look. */
function firstDifferentLine(a: string, b: string): number {
  const left = a.split('\n');
  const right = b.split('\n');
  const index = left.findIndex((line, i) => line !== right[i]);
  return (index === -1 ? left.length : index) + 1;
}

/** Each generated file the committed tree lacks or holds differently, and each stray JSON file. */
export function findDrift(root: string, dashboards: readonly DashboardAsCode[]): Drift[] {
  const drift: Drift[] = [];
  for (const dashboard of dashboards) {
    const path = join(root, dashboard.output);
    const expected = dashboardJson(dashboard.build());
    if (!existsSync(path)) {
      drift.push({ file: dashboard.output, message: `missing: ${dashboard.source} generates it` });
      continue;
    }
    const committed = readFileSync(path, 'utf8');
    if (committed !== expected) {
      drift.push({
        file: dashboard.output,
        message: `differs from what ${dashboard.source} generates (first at line ${firstDifferentLine(committed, expected)})`,
      });
    }
  }
  const outputs = new Set(dashboards.map((d) => d.output));
  const dir = join(root, provisionedJsonDir);
  const present = existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith('.json')) : [];
  for (const name of present) {
    const file = `${provisionedJsonDir}/${name}`;
    if (!outputs.has(file)) {
      drift.push({
        file,
        message: 'no program generates it: add one to stack/grafana/dashboards/index.ts, or delete the file',
      });
    }
  }
  return drift;
}
