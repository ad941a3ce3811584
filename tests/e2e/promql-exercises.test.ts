import { expect, test, type Locator, type Page } from '@playwright/test';
import { exercises } from '../../labs/promql/exercises.ts';
import { localeCodes } from '../../site/lib/locales.ts';
import { watchErrors } from '../support/page-errors.ts';

/**
 * The PromQL exercises in the site, against the real exercise Prometheus (which the page starts
 * through /api/labs/<id>): every exercise of the catalogue is on its page in both languages and
 * gets ready; the editor completes a metric name of the dataset through the proxy; a wrong query
 * is told what to fix by the grader, and an equivalent query spelled unlike the reference passes.
 */

const pages = [...new Set(exercises.map((e) => e.lesson))];

/** An exercise's island, brought into view (which is when islands load) and ready. */
async function exercise(page: Page, id: string): Promise<Locator> {
  const placeholder = page.locator(`[data-exercise-section="${id}"] [data-live-island]`);
  await placeholder.scrollIntoViewIfNeeded();
  await expect(placeholder).toHaveAttribute('data-island-state', 'mounted', { timeout: 30_000 });
  const island = page.locator(`[data-exercise="${id}"]`);
  await expect(island).toHaveAttribute('data-prepared', 'ready', { timeout: 60_000 });
  return island;
}

for (const locale of localeCodes)
  for (const lesson of pages)
    test(`/${locale}/${lesson}/: every exercise of the page is there and ready`, async ({ page }) => {
      const errors = watchErrors(page);
      await page.goto(`/${locale}/${lesson}/`);
      const ids = exercises.filter((e) => e.lesson === lesson).map((e) => e.id);
      await expect(page.locator('[data-exercise-section]')).toHaveCount(ids.length);
      for (const id of ids) await exercise(page, id);
      expect(errors).toEqual([]);
    });

test('completes a metric name of the dataset, and grades a wrong and an equivalent query', async ({
  page,
}) => {
  const errors = watchErrors(page);
  const target = exercises.find((e) => e.id === 'promql-05');
  if (!target) throw new Error('labs/promql/exercises.ts has no promql-05');
  await page.goto(`/en/${target.lesson}/`);
  const island = await exercise(page, target.id);
  const editor = island.getByRole('textbox', { name: 'Your query' });

  await editor.pressSequentially('http_req');
  await page.locator('.cm-tooltip-autocomplete').getByText('http_requests_total', { exact: true }).click();
  await expect(editor).toHaveText('http_requests_total');

  const verdict = island.getByTestId('exercise-verdict');
  const check = island.getByTestId('exercise-check');
  await editor.fill('sum by (instance) (increase(http_requests_total{job="shop"}[5m]))');
  await check.click();
  await expect(verdict).toHaveAttribute('data-passed', 'false', { timeout: 30_000 });
  await expect(verdict).toContainText('increase() gives the total over the window');

  // Not the reference's spelling: without (…) where it says by (instance), and job kept.
  await editor.fill('sum without (method, route, status) (rate(http_requests_total[5m]))');
  await check.click();
  await expect(verdict).toHaveAttribute('data-passed', 'true', { timeout: 30_000 });
  await expect(verdict).toContainText('Correct.');

  // Run shows the result at the time the exercise is judged at: one series per instance.
  await island.getByTestId('promql-run').click();
  await expect(island.getByTestId('promql-table')).toHaveAttribute('data-series-count', '3');
  expect(errors).toEqual([]);
});
