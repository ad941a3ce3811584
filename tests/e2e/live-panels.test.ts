import { expect, test, type Locator, type Page } from '@playwright/test';
import { probeService } from '../../scripts/stack/index.ts';
import { queryMimir, queryPrometheus } from '../support/stack.ts';
import { watchErrors } from '../support/page-errors.ts';

/**
 * The welcome lesson's live panels against the running native stack: they draw the stack's real
 * data (read from the data attributes each panel exposes, compared with direct queries), the
 * playground reports bad PromQL, nothing logs an error, and the proxy forwards nothing but reads.
 */

const lesson = '/en/start-here/welcome/';

test.beforeAll(async () => {
  // The welcome lesson's panels read the app's metrics from Prometheus and from Mimir.
  const probes = await Promise.all((['app', 'prometheus', 'mimir'] as const).map((s) => probeService(s)));
  if (!probes.every((p) => p.ok))
    throw new Error('The stack is not running: start it with `npm run stack -- up` before these tests.');
});

/** The panel box of the island whose accessible name is `name`, scrolled into view. */
async function panel(page: Page, name: string | RegExp): Promise<Locator> {
  const island = page.getByRole('group', { name });
  await island.scrollIntoViewIfNeeded();
  return island.getByTestId('live-panel').first();
}

test('the lesson text loads without the Grafana bundle, which comes when a panel is near', async ({
  page,
}) => {
  const scripts: string[] = [];
  page.on('response', (res) => {
    if (res.request().resourceType() === 'script') scripts.push(res.url());
  });
  await page.goto(lesson);
  await page.waitForLoadState('networkidle');
  const islands = page.locator('[data-live-island]');
  await expect(islands.first()).toHaveAttribute('data-island-state', 'waiting');
  const before = scripts.length;
  await islands.first().scrollIntoViewIfNeeded();
  await expect(islands.first()).toHaveAttribute('data-island-state', 'mounted');
  // The Grafana bundle is several chunks (React, Scenes, @grafana/ui, the panel plugin).
  expect(scripts.length - before).toBeGreaterThan(3);
});

test('the time series panel draws one series per route that Mimir returns', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(lesson);
  const graph = await panel(page, /Requests per second, by route/);
  await expect(graph).toHaveAttribute('data-state', 'ready', { timeout: 20_000 });

  const routes = (
    await queryMimir('sum by (route) (rate(http_requests_total{job="app"}[1m]))', 'prometheus')
  ).map((s) => s.metric['route'] ?? '');
  expect(routes.length).toBeGreaterThan(0);
  const series = Number(await graph.getAttribute('data-series-count'));
  const points = Number(await graph.getAttribute('data-point-count'));
  // The panel's 15 minutes may hold a route that is quiet right now, never fewer.
  expect(series).toBeGreaterThanOrEqual(routes.length);
  expect(points).toBeGreaterThan(series * 5);
  // uPlot draws into a canvas; the legend names each series by its route.
  await expect(graph.locator('canvas').first()).toBeVisible();
  for (const route of routes) await expect(graph.getByText(route, { exact: true })).toBeVisible();
  expect(errors).toEqual([]);
});

test('the stat panel shows the value Prometheus returns for its query', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(lesson);
  const stat = await panel(page, /Scrape targets up/);
  await expect(stat).toHaveAttribute('data-state', 'ready', { timeout: 20_000 });
  const value = stat.getByTestId('live-stat-value');
  // Asked again on every attempt: a lab's target may come or go while the panel refreshes.
  const shown = async () => {
    const [direct] = await queryPrometheus('count(up == 1)');
    const expected = String(direct?.value);
    return { panel: await value.getAttribute('data-value'), text: await value.textContent(), expected };
  };
  await expect
    .poll(async () => {
      const { panel, expected } = await shown();
      return panel === expected;
    })
    .toBe(true);
  const { text, expected } = await shown();
  expect(Number(expected)).toBeGreaterThan(0);
  expect(text).toContain(expected);
  expect(errors).toEqual([]);
});

test('the playground shows the error for bad PromQL and the result of a good query', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(lesson);
  const playground = page.getByRole('group', { name: 'PromQL playground' });
  await playground.scrollIntoViewIfNeeded();
  const editor = playground.getByTestId('promql-editor');
  await expect(editor).toBeVisible({ timeout: 20_000 });

  await editor.fill('sum by (route (up)');
  await playground.getByTestId('promql-run').click();
  await expect(playground.getByTestId('promql-error')).toContainText('parse error');

  // The stack's own two jobs: lab checks add and remove scrape jobs, so count(up) itself moves.
  const good = 'count(up{job=~"app|prometheus"})';
  await editor.fill(good);
  await editor.press('Control+Enter');
  await expect(playground.getByTestId('promql-error')).toHaveCount(0);
  const graph = playground.getByTestId('live-panel').first();
  await expect(graph).toHaveAttribute('data-state', 'ready');
  await expect(graph).toHaveAttribute('data-series-count', '1');
  const [direct] = await queryPrometheus(good);
  expect(direct?.value).toBe(2);
  await expect(playground.getByTestId('promql-table').getByRole('table')).toContainText(
    String(direct?.value),
  );
  // The bad query's 400 from Prometheus (which Chromium also logs) is what this test provokes.
  const expected = /(HTTP 400: .*\/api\/stack\/prometheus\/api\/v1\/query|status of 400 \(Bad Request\))/;
  expect(errors.filter((e) => !expected.test(e))).toEqual([]);
});

test('panels follow the site theme', async ({ page }) => {
  await page.goto(lesson);
  const stat = await panel(page, /Scrape targets up/);
  await expect(stat).toHaveAttribute('data-state', 'ready', { timeout: 20_000 });
  const surface = () =>
    stat
      .locator('section')
      .first()
      .evaluate((el) => getComputedStyle(el).backgroundColor);
  const select = page.locator('starlight-theme-select select').first();
  await select.selectOption('dark');
  await expect.poll(surface).not.toBe('');
  const dark = await surface();
  await select.selectOption('light');
  await expect.poll(surface).not.toBe(dark);
});

test.describe('the stack proxy', () => {
  test('forwards read-only queries', async ({ request }) => {
    const prometheus = await request.get('/api/stack/prometheus/api/v1/query?query=up');
    expect(prometheus.status()).toBe(200);
    expect(await prometheus.json()).toMatchObject({ status: 'success' });
    const mimir = await request.get('/api/stack/mimir/prometheus/api/v1/labels', {
      headers: { 'X-Scope-OrgID': 'prometheus' },
    });
    expect(mimir.status()).toBe(200);
    expect(await mimir.json()).toMatchObject({ status: 'success' });
  });

  test('refuses other services, write and admin paths, and unknown tenants', async ({ request }) => {
    expect((await request.get('/api/stack/app/metrics')).status()).toBe(404);
    expect((await request.get('/api/stack/alloy/-/ready')).status()).toBe(404);
    expect((await request.post('/api/stack/prometheus/api/v1/admin/tsdb/snapshot')).status()).toBe(403);
    expect((await request.get('/api/stack/prometheus/-/quit')).status()).toBe(403);
    expect((await request.get('/api/stack/mimir/prometheus/api/v1/labels')).status()).toBe(400);
    const tenant = await request.get('/api/stack/mimir/prometheus/api/v1/labels', {
      headers: { 'X-Scope-OrgID': 'someone-else' },
    });
    expect(tenant.status()).toBe(403);
    expect(await tenant.json()).toMatchObject({ error: 'tenant-not-allowed' });
  });
});
