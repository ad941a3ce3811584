import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { probeService } from '../../scripts/stack/index.ts';
import { parseGrafanaDashboard } from '../../site/lib/live/grafana-dashboard-json.ts';
import { watchErrors } from '../support/page-errors.ts';

/**
 * The Grafana lesson draws the dashboard generated with the Foundation SDK from its JSON file,
 * against the running native stack: every panel of the file is there, in Grafana's reading
 * order, and draws data; each stat shows a number.
 */

const lesson = '/en/grafana/dashboards-as-code/';
const file = 'stack/grafana/provisioning/dashboards/json/shop.json';
const dashboard = parseGrafanaDashboard(readFileSync(file, 'utf8'), file);
const panels = [...dashboard.panels].sort((a, b) => a.gridPos.y - b.gridPos.y || a.gridPos.x - b.gridPos.x);

test.beforeAll(async () => {
  // The dashboard reads the app's metrics from Mimir, tenant "prometheus".
  const probes = await Promise.all((['app', 'prometheus', 'mimir'] as const).map((s) => probeService(s)));
  if (!probes.every((p) => p.ok))
    throw new Error('The stack is not running: start it with `npm run stack -- up` before these tests.');
});

test(`every panel of ${file} draws data from the stack`, async ({ page }) => {
  test.setTimeout(120_000);
  const errors = watchErrors(page);
  await page.goto(lesson);
  const island = page.getByRole('group', { name: dashboard.title });
  await island.scrollIntoViewIfNeeded();
  await expect(island).toHaveAttribute('data-island-state', 'mounted', { timeout: 30_000 });
  const drawn = island.getByTestId('live-panel');
  await expect(drawn).toHaveCount(panels.length, { timeout: 30_000 });
  for (const [i, panel] of panels.entries()) {
    const box = drawn.nth(i);
    await expect(box).toContainText(panel.title);
    await expect(box, panel.title).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
    expect(Number(await box.getAttribute('data-series-count')), panel.title).toBeGreaterThan(0);
    if (panel.type === 'stat') {
      const value = await box.getByTestId('live-stat-value').getAttribute('data-value');
      expect(Number.isFinite(Number(value)), `${panel.title}: ${value ?? 'no value'}`).toBe(true);
    }
  }
  expect(errors).toEqual([]);
});
