import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { expect, test } from '@playwright/test';
import { probeService } from '../../scripts/stack/index.ts';
import { localeCodes } from '../../site/lib/locales.ts';
import { isNative, serviceNames, type ServiceName } from '../../stack/services.ts';
import { nativeStack } from '../support/stack.ts';
import { watchErrors } from '../support/page-errors.ts';

/**
 * Every lesson with live panels, in both languages, against the running native stack: each
 * panel and playground graph ends up drawing data (not "loading", not "stack down", not empty),
 * and nothing on the page logs an error. A panel whose data comes from a service native mode
 * does not run (Loki, k6) shows the Docker-mode notice with its command instead; the proxy's 503
 * answers for that service are then the only errors allowed. The lessons are found from their
 * sources, so a new lesson is covered without being listed here.
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

/** Services native mode does not run and nothing answers for here: their panels show the notice. */
let absent: ReadonlySet<ServiceName> = new Set();

test.beforeAll(async () => {
  const down = (
    await Promise.all(nativeStack.map(async (s) => ((await probeService(s)).ok ? [] : [s])))
  ).flat();
  if (down.length > 0)
    throw new Error(
      `Not running: ${down.join(', ')}. Start them with \`npm run stack -- up\` before these tests.`,
    );
  const dockerOnly = serviceNames.filter((s) => !isNative(s));
  absent = new Set(
    (await Promise.all(dockerOnly.map(async (s) => ((await probeService(s)).ok ? [] : [s])))).flat(),
  );
});

const isAbsent = (name: string | null): boolean => absent.has(name as ServiceName);

test('finds lessons with live panels', () => {
  expect(lessons.length).toBeGreaterThan(3);
});

for (const locale of localeCodes) {
  for (const lesson of lessons) {
    const path = `/${locale}/${lesson}/`;
    test(`${path}: every live panel draws data from the stack`, async ({ page }) => {
      test.setTimeout(120_000);
      const errors = watchErrors(page);
      await page.goto(path);
      const islands = page.locator('[data-live-island]');
      let sawAbsent = false;
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
          const needs = await panel.getAttribute('data-needs');
          if (isAbsent(needs)) {
            sawAbsent = true;
            await expect(panel, `panel ${j + 1} of island ${i + 1} (${needs})`).toHaveAttribute(
              'data-state',
              'stack-down',
              { timeout: 30_000 },
            );
            await expect(panel.getByTestId('live-stack-down')).toContainText(
              'npm run stack -- up --mode docker',
            );
            continue;
          }
          await expect(panel, `panel ${j + 1} of island ${i + 1}`).toHaveAttribute('data-state', 'ready', {
            timeout: 30_000,
          });
          expect(Number(await panel.getAttribute('data-series-count'))).toBeGreaterThan(0);
        }
      }
      // The proxy's "not running" answers for an absent service, and the browser's note of them.
      const notRunning = (e: string): boolean =>
        /^HTTP 503: http:\/\/[^/]+\/api\/stack\//.test(e) ||
        e.startsWith('console: Failed to load resource: the server responded with a status of 503');
      expect(errors.filter((e) => !(sawAbsent && notRunning(e)))).toEqual([]);
    });
  }
}
