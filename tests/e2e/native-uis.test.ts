import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { probeService, serviceUrl, stackPaths } from '../../scripts/stack/index.ts';
import { watchErrors } from '../support/page-errors.ts';

/**
 * The web UIs Prometheus and Alloy serve themselves, on their own ports (not the site's): the
 * pages the lessons send learners to. Natively they exist only because the builder compiled them
 * in (scripts/stack/native/web-ui.ts), so these tests fail on an API-only build.
 */

const prometheus = serviceUrl('prometheus');
const alloy = serviceUrl('alloy');
/** The app's target as the native Prometheus scrapes it: host:port/metrics. */
const appTarget = `${new URL(serviceUrl('app')).host}/metrics`;

/** Component IDs of the stack's Alloy pipeline: every `type "label" {` block of its config. */
const alloyComponents = [
  ...readFileSync(join(stackPaths().stackDir, 'alloy', 'config.alloy'), 'utf8').matchAll(
    /^([a-z][a-z0-9_.]*) "([^"]+)" \{/gm,
  ),
].map((m) => `${m[1] ?? ''}.${m[2] ?? ''}`);

test.beforeAll(async () => {
  for (const service of ['prometheus', 'alloy'] as const)
    expect((await probeService(service)).ok, `${service} must be running: npm run stack -- up`).toBe(true);
});

test('Prometheus’ Targets page lists job app as up, and shows its scrape config', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(`${prometheus}/targets`);
  const pool = page
    .locator('.mantine-Accordion-item')
    .filter({ has: page.getByText('app', { exact: true }) });
  await expect(pool.getByText('1 / 1 up')).toBeVisible({ timeout: 15_000 });
  const row = pool.getByRole('row').filter({ hasText: appTarget });
  await expect(row.getByText('up', { exact: true })).toBeVisible();
  await expect(row.getByText('job="app"', { exact: true })).toBeVisible();

  // The pool's header is a button too, whose name contains this one's: match it exactly.
  await pool.getByRole('button', { name: 'Show config', exact: true }).click();
  await expect(pool.locator('pre').first()).toContainText('job_name: app', { timeout: 10_000 });
  expect(errors).toEqual([]);
});

test('Prometheus’ query page runs up and shows a result for job app', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(`${prometheus}/query`);
  const input = page.locator('.cm-content').first();
  await input.click();
  await input.pressSequentially('up');
  await page.getByRole('button', { name: 'Execute' }).click();
  const result = page.getByRole('row').filter({ hasText: 'job="app"' });
  await expect(result).toBeVisible({ timeout: 15_000 });
  await expect(result).toContainText('up{');
  await expect(result.getByRole('cell').last()).toHaveText('1');
  expect(errors).toEqual([]);
});

test('Alloy’s UI lists every component of the stack’s pipeline as healthy', async ({ page }) => {
  expect(alloyComponents.length, 'components parsed from stack/alloy/config.alloy').toBeGreaterThan(3);
  const errors = watchErrors(page);
  await page.goto(`${alloy}/`);
  for (const id of alloyComponents) {
    const row = page.getByRole('row').filter({ has: page.getByText(id, { exact: true }) });
    await expect(row, id).toBeVisible({ timeout: 15_000 });
    await expect(row.getByText('healthy', { exact: true }), `${id} is healthy`).toBeVisible();
  }
  expect(errors).toEqual([]);
});
