import { expect, test } from '@playwright/test';
import { watchErrors } from '../support/page-errors.ts';

/**
 * "Check my work" runs the real lab checker through the local server. The learner's own
 * workspace decides the verdict (a fresh clone has not started the lab; a learner may have),
 * so the test accepts either real outcome and never starts, resets or hints a lab itself.
 */
const lesson = '/en/prometheus/scrape-config/';
const lab = '01-scrape-the-app';

test('the lab panel shows the lab’s steps and runs the real checker', async ({ page }) => {
  test.setTimeout(240_000);
  const errors = watchErrors(page);
  await page.goto(lesson);
  const panel = page.locator(`[data-lab-panel][data-lab="${lab}"]`);
  await expect(panel.getByRole('heading', { level: 2 })).toContainText('Lab 01');
  await expect(panel.locator('ol li').first()).toBeVisible();
  await expect(panel.locator('[data-progress]')).not.toBeEmpty();

  await panel.getByRole('button', { name: 'Check my work' }).click();
  const results = panel.locator('[data-results]');
  // Not started: the CLI's own message naming the command. Started: one line per check.
  await expect(
    results.getByText(`npm run lab -- start ${lab}`).or(results.locator('.lab-check').first()),
  ).toBeVisible({ timeout: 200_000 });
  await expect(results).not.toContainText('cannot reach it');
  // A lab not started yet answers 409, which the browser also logs; nothing else may fail.
  const notStarted = (e: string): boolean =>
    e === `HTTP 409: ${new URL(`/api/labs/${lab}`, page.url()).href}` ||
    (e.startsWith('console: Failed to load resource') && e.includes('409'));
  expect(errors.filter((e) => !notStarted(e))).toEqual([]);
});

test('the lab endpoint refuses unknown labs, bad bodies and other origins', async ({ request }) => {
  expect((await request.get('/api/labs/99-nope')).status()).toBe(404);
  const sameOrigin = { origin: new URL(test.info().project.use.baseURL ?? '').origin };
  expect(
    (await request.post(`/api/labs/${lab}`, { data: { action: 'reset' }, headers: sameOrigin })).status(),
  ).toBe(400);
  const foreign = await request.post(`/api/labs/${lab}`, {
    data: { action: 'check' },
    headers: { origin: 'http://evil.example' },
  });
  expect(foreign.status()).toBe(403);
});
