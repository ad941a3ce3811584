import { execFileSync } from 'node:child_process';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { repoRoot, stackPaths } from '../../scripts/stack/index.ts';
import { watchErrors } from '../support/page-errors.ts';

/**
 * "Check my work" runs the real lab checker through the local server, on a workspace this test
 * owns: `npm test` gives the run its own WORKSHOP_STATE_DIR, which the site inherits. The
 * checker must fail the starter files and pass the reference solution copied over them.
 */
const lesson = '/en/prometheus/scrape-config/';
const lab = '01-scrape-the-app';
const ownState = Boolean(process.env['WORKSHOP_STATE_DIR']);

const labCli = (...args: string[]): void => {
  execFileSync(process.execPath, ['scripts/lab/cli.ts', ...args], { cwd: repoRoot, stdio: 'ignore' });
};

test('the lab panel shows the lab’s steps, fails the starter files and passes the solution', async ({
  page,
}) => {
  test.skip(
    !ownState,
    'writes the lab workspace, so it runs only with its own WORKSHOP_STATE_DIR (npm test sets one)',
  );
  test.setTimeout(420_000);
  labCli('start', lab);
  try {
    const errors = watchErrors(page);
    await page.goto(lesson);
    const panel = page.locator(`[data-lab-panel][data-lab="${lab}"]`);
    await expect(panel.getByRole('heading', { level: 2 })).toContainText('Lab 01');
    await expect(panel.locator('ol li').first()).toBeVisible();
    await expect(panel.locator('[data-progress]')).not.toBeEmpty();
    const results = panel.locator('[data-results]');
    const checkButton = panel.getByRole('button', { name: 'Check my work' });

    await checkButton.click();
    await expect(results.getByText(/^FAIL · /)).toBeVisible({ timeout: 200_000 });
    await expect(results.locator('.lab-check.lab-fail').first()).toBeVisible();

    cpSync(join(repoRoot, 'labs', lab, 'solution'), join(stackPaths().workspace, lab), { recursive: true });
    await expect(checkButton).toBeEnabled();
    await checkButton.click();
    await expect(results.getByText(/^PASS · /)).toBeVisible({ timeout: 200_000 });
    await expect(results.locator('.lab-check.lab-fail')).toHaveCount(0);
    expect(await results.locator('.lab-check.lab-pass').count()).toBeGreaterThan(1);
    expect(errors).toEqual([]);
  } finally {
    labCli('stop', lab);
  }
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
