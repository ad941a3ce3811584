import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { expect, test } from '@playwright/test';
import { probeService } from '../../scripts/stack/health.ts';
import { profileNames } from '../../stack/services.ts';
import { nativeStack } from '../support/stack.ts';
import { watchErrors } from '../support/page-errors.ts';

/**
 * Every lesson with live panels, in both languages, against the running native stack: each
 * panel and playground graph ends up drawing data (not "loading", not "stack down", not empty),
 * and nothing on the page logs an error. The lessons are found from their sources, so a new
 * lesson is covered without being listed here.
 */

const docsRoot = 'site/content/docs/en';

async function lessonsWithPanels(): Promise<string[]> {
  const entries = await readdir(docsRoot, { withFileTypes: true, recursive: true });
  const paths: string[] = [];
  for (const entry of entries) {
    if (!entry.isFile() || !entry.name.endsWith('.mdx')) continue;
    const file = join(entry.parentPath, entry.name);
    // The welcome lesson has its own, more detailed test in live-panels.test.ts.
    if (file.includes('start-here')) continue;
    if (/<(LivePanel|LiveDashboard|DashboardFile|PromQLPlayground)\b/.test(await readFile(file, 'utf8'))) {
      paths.push(relative(docsRoot, file).replace(/\.mdx$/, ''));
    }
  }
  return paths.sort();
}

const lessons = await lessonsWithPanels();

test.beforeAll(async () => {
  // Every native service, optional profiles included: the Loki and k6 lessons draw from them.
  const down = (
    await Promise.all(nativeStack.map(async (s) => ((await probeService(s)).ok ? [] : [s])))
  ).flat();
  if (down.length > 0)
    throw new Error(
      `Not running: ${down.join(', ')}. Start them with \`npm run stack -- up ${profileNames.map((p) => `--profile ${p}`).join(' ')}\` before these tests.`,
    );
});

test('finds lessons with live panels', () => {
  expect(lessons.length).toBeGreaterThan(3);
});

for (const locale of ['en', 'ja'] as const) {
  for (const lesson of lessons) {
    const path = `/${locale}/${lesson}/`;
    test(`${path}: every live panel draws data from the stack`, async ({ page }) => {
      test.setTimeout(120_000);
      const errors = watchErrors(page);
      await page.goto(path);
      const islands = page.locator('[data-live-island]');
      const count = await islands.count();
      expect(count).toBeGreaterThan(0);
      for (let i = 0; i < count; i++) {
        const island = islands.nth(i);
        await island.scrollIntoViewIfNeeded();
        await expect(island).toHaveAttribute('data-island-state', 'mounted', { timeout: 30_000 });
        const panels = island.getByTestId('live-panel');
        await expect(panels.first()).toBeVisible({ timeout: 30_000 });
        for (let j = 0; j < (await panels.count()); j++) {
          const panel = panels.nth(j);
          await expect(panel, `panel ${j + 1} of island ${i + 1}`).toHaveAttribute('data-state', 'ready', {
            timeout: 30_000,
          });
          expect(Number(await panel.getAttribute('data-series-count'))).toBeGreaterThan(0);
        }
      }
      expect(errors).toEqual([]);
    });
  }
}
