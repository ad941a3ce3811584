import { expect, test, type Locator, type Page } from '@playwright/test';
import { probeService } from '../../scripts/stack/index.ts';
import { queryPrometheus } from '../support/stack.ts';
import { watchErrors } from '../support/page-errors.ts';

/**
 * The playground's editor (Prometheus' codemirror-promql) and explain tree against the running
 * native stack: completion offers the stack's own metric names (through the proxy, with Mimir's
 * tenant), Ctrl+Enter runs, a broken query is marked, the tree takes the query that ran apart and
 * evaluates a node on its own, and none of it loads before a playground does.
 */

const lesson = '/en/start-here/welcome/';
/** A lesson whose playground reads Mimir, tenant "prometheus". */
const mimirLesson = '/en/mimir/recording-rules-and-alerts/';
/** A lesson with live panels and no playground. */
const panelsOnly = '/en/grafana/dashboards-as-code/';

test.beforeAll(async () => {
  const probes = await Promise.all((['app', 'prometheus', 'mimir'] as const).map((s) => probeService(s)));
  if (!probes.every((p) => p.ok))
    throw new Error('The stack is not running: start it with `npm run stack -- up` before these tests.');
});

async function playground(page: Page, name = 'PromQL playground'): Promise<Locator> {
  const island = page.getByRole('group', { name });
  await island.scrollIntoViewIfNeeded();
  await expect(island.getByTestId('promql-editor')).toBeVisible({ timeout: 20_000 });
  return island;
}

/** The label of a completion option, in CodeMirror's list (beside it, the metric's type). */
const option = (page: Page, label: string): Locator =>
  page.locator('.cm-tooltip-autocomplete').getByText(label, { exact: true });

test('completes a metric name from the stack, runs with Ctrl+Enter and marks a broken query', async ({
  page,
}) => {
  const errors = watchErrors(page);
  await page.goto(lesson);
  const island = await playground(page);
  const editor = island.getByRole('textbox', { name: 'PromQL query' });
  await expect(editor).toHaveAttribute('data-testid', 'promql-editor');

  await editor.fill('');
  await editor.pressSequentially('http_req');
  await option(page, 'http_requests_total').click();
  await expect(editor).toHaveText('http_requests_total');

  await editor.press('Control+Enter');
  const graph = island.getByTestId('live-panel').first();
  const direct = await queryPrometheus('http_requests_total');
  expect(direct.length).toBeGreaterThan(0);
  // The graph keeps the previous query's frames until the new ones arrive; its range may hold a
  // series that is gone now, never fewer.
  await expect
    .poll(async () => Number(await graph.getAttribute('data-series-count')), { timeout: 15_000 })
    .toBeGreaterThanOrEqual(direct.length);
  await expect(graph).toHaveAttribute('data-state', 'ready');
  await expect(island.getByTestId('promql-error')).toHaveCount(0);

  // rate() of an instant vector: the parser's type check, marked inline and listed under the editor.
  await editor.fill('rate(http_requests_total)');
  const lint = island.getByTestId('promql-lint');
  await expect(lint).toContainText('expected type matrix in call to function "rate", got vector');
  await expect(island.locator('.cm-lintRange-error')).not.toHaveCount(0);
  // A syntax error inside the query (one at the very end is taken as typing still going on).
  await editor.fill('sum by (job (up)');
  await expect(lint).toContainText('unexpected expression');
  await editor.fill('rate(http_requests_total[5m])');
  await expect(lint).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('explains the query that ran and evaluates its parts: where sum by (job) drops labels', async ({
  page,
}) => {
  const errors = watchErrors(page);
  await page.goto(lesson);
  const island = await playground(page);
  const editor = island.getByTestId('promql-editor');
  await editor.fill('sum by (job) (rate(http_requests_total[1m]))');
  await editor.press('Control+Enter');
  await expect(island.getByTestId('live-panel').first()).toHaveAttribute('data-state', 'ready');

  const toggle = island.getByTestId('promql-explain-toggle');
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  const tree = island.getByRole('list', { name: 'How the query is built' });
  const nodes = tree.getByTestId('promql-explain-node');
  await expect(nodes).toHaveCount(4);
  expect(await nodes.evaluateAll((els) => els.map((el) => el.getAttribute('data-kind')))).toEqual([
    'aggregation',
    'function',
    'rangeSelector',
    'selector',
  ]);
  await expect(nodes.first()).toContainText('One result per distinct value of job');

  // The selector alone: the app's series, each with its own instance and route labels.
  const selector = nodes.nth(3);
  await selector.getByTestId('promql-explain-evaluate').click();
  const selected = selector.getByTestId('promql-explain-result');
  await expect(selected).toHaveAttribute('data-series-count', /\d+/);
  const direct = await queryPrometheus('http_requests_total');
  expect(Number(await selected.getAttribute('data-series-count'))).toBeGreaterThan(0);
  expect(
    Math.abs(Number(await selected.getAttribute('data-series-count')) - direct.length),
  ).toBeLessThanOrEqual(2);
  await expect(selected.getByTestId('promql-explain-labels').first()).toContainText('instance=');

  // The aggregation: one series per job, and no other label left.
  const sum = nodes.first();
  await sum.getByTestId('promql-explain-evaluate').first().click();
  const summed = sum.getByTestId('promql-explain-result').first();
  await expect(summed).toHaveAttribute('data-series-count', /\d+/);
  const jobs = await queryPrometheus('sum by (job) (rate(http_requests_total[1m]))');
  expect(Number(await summed.getAttribute('data-series-count'))).toBe(jobs.length);
  for (const labels of await summed.getByTestId('promql-explain-labels').allTextContents())
    expect(labels).toMatch(/^\{job="[^"]*"\}$/);
  expect(errors).toEqual([]);
});

test('asks Mimir for completions with the playground’s tenant', async ({ page }) => {
  const errors = watchErrors(page);
  const tenants: (string | undefined)[] = [];
  page.on('request', (req) => {
    if (req.url().includes('/api/stack/mimir/prometheus/api/v1/label/__name__/values'))
      tenants.push(req.headers()['x-scope-orgid']);
  });
  await page.goto(mimirLesson);
  const island = await playground(page);
  const editor = island.getByTestId('promql-editor');
  await editor.fill('');
  await editor.pressSequentially('http_req');
  await expect(option(page, 'http_requests_total')).toBeVisible();
  expect(tenants).toContain('prometheus');
  expect(errors).toEqual([]);
});

test('the explain tree speaks the page’s language', async ({ page }) => {
  await page.goto('/ja/start-here/welcome/');
  const island = await playground(page, 'PromQL プレイグラウンド');
  await island.getByRole('button', { name: 'クエリを解説' }).click();
  const root = island.getByTestId('promql-explain-node').first();
  await expect(root).toContainText('系列の値を合計します。');
  await expect(root.getByTestId('promql-explain-evaluate').first()).toHaveText('評価');
});

test('the editor loads with a playground, the tree when it is opened, neither with other panels', async ({
  page,
}) => {
  const scripts: string[] = [];
  page.on('response', (res) => {
    if (res.request().resourceType() === 'script') scripts.push(res.url());
  });
  const loaded = (chunk: string) => scripts.some((url) => url.includes(`/${chunk}.`));

  await page.goto(panelsOnly);
  const island = page.locator('[data-live-island]').first();
  await island.scrollIntoViewIfNeeded();
  await expect(island).toHaveAttribute('data-island-state', 'mounted');
  await expect(island.getByTestId('live-panel').first()).toBeVisible();
  expect(loaded('mount')).toBe(true);
  expect(loaded('promql-editor')).toBe(false);

  await page.goto(lesson);
  const playgroundIsland = await playground(page);
  expect(loaded('promql-editor')).toBe(true);
  expect(loaded('explain-panel')).toBe(false);
  await playgroundIsland.getByTestId('promql-explain-toggle').click();
  await expect(playgroundIsland.getByTestId('promql-explain-tree')).toBeVisible();
  expect(loaded('explain-panel')).toBe(true);
});
