import { execFileSync } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { repoRoot } from '../../scripts/stack/index.ts';
import { watchErrors } from '../support/page-errors.ts';

/**
 * "Check my work" runs the real lab checker through the local server. Under `npm test` the run
 * has its own WORKSHOP_STATE_DIR, which the site inherits: the test starts the lab in that
 * workspace and sees the checker judge the starter files. Run on its own against a learner's
 * site, it leaves their workspace alone and accepts either real outcome (not started, or one
 * line per check).
 */
const lesson = '/en/prometheus/scrape-config/';
const lab = '01-scrape-the-app';
const ownState = Boolean(process.env['WORKSHOP_STATE_DIR']);

test('the lab panel shows the lab’s steps and runs the real checker', async ({ page }) => {
  test.setTimeout(240_000);
  if (ownState)
    execFileSync(process.execPath, ['scripts/lab/cli.ts', 'start', lab], { cwd: repoRoot, stdio: 'ignore' });
  const errors = watchErrors(page);
  await page.goto(lesson);
  const panel = page.locator(`[data-lab-panel][data-lab="${lab}"]`);
  await expect(panel.getByRole('heading', { level: 2 })).toContainText('Lab 01');
  await expect(panel.locator('ol li').first()).toBeVisible();
  await expect(panel.locator('[data-progress]')).not.toBeEmpty();

  await panel.getByRole('button', { name: 'Check my work' }).click();
  const results = panel.locator('[data-results]');
  const checkLine = results.locator('.lab-check').first();
  if (ownState) {
    // The starter files fail, check by check.
    await expect(checkLine).toBeVisible({ timeout: 200_000 });
    await expect(results).not.toContainText(`npm run lab -- start ${lab}`);
  } else {
    // Not started: the CLI's own message naming the command. Started: one line per check.
    await expect(results.getByText(`npm run lab -- start ${lab}`).or(checkLine)).toBeVisible({
      timeout: 200_000,
    });
  }
  await expect(results).not.toContainText('cannot reach it');
  // A lab not started yet answers 409, which the browser also logs; nothing else may fail.
  const notStarted = (e: string): boolean =>
    e === `HTTP 409: ${new URL(`/api/labs/${lab}`, page.url()).href}` ||
    (e.startsWith('console: Failed to load resource') && e.includes('409'));
  expect(ownState ? errors : errors.filter((e) => !notStarted(e))).toEqual([]);
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
