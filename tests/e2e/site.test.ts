import { expect, test } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { watchErrors } from '../support/page-errors.ts';
import { sitemapPaths } from '../support/sitemap.ts';

const paths = await sitemapPaths();

interface Violation {
  readonly id: string;
  readonly impact?: string | null;
  readonly help: string;
  readonly nodes: readonly { readonly target: readonly unknown[] }[];
}

/**
 * Upstream markup that axe flags and this project cannot change, one rule on one kind of
 * element each: Starlight's search button is named "Search" while it shows "Ctrl K"; Grafana's
 * legend labels are buttons named "All series selected" that show the series' name; its refresh
 * interval picker is named "Choose refresh time interval with current interval 10 seconds
 * selected" and shows "10s"; its table body scrolls without being focusable. Everything else
 * on a page must pass.
 */
const upstream: readonly { readonly rule: string; readonly element: RegExp }[] = [
  { rule: 'label-content-name-mismatch', element: /^button\[data-open-modal=""\]$/ },
  { rule: 'label-content-name-mismatch', element: /-LegendLabel\b/ },
  { rule: 'label-content-name-mismatch', element: /-toolbar-button\b/ },
  { rule: 'scrollable-region-focusable', element: /data-testid table body/ },
];

/** The serious violations, without the nodes of the upstream ones, as lines. */
function seriousViolations(violations: readonly Violation[]): string[] {
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      ...v,
      nodes: v.nodes.filter(
        (n) => !upstream.some((u) => u.rule === v.id && u.element.test(n.target.join(' '))),
      ),
    }))
    .filter((v) => v.nodes.length > 0)
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

test.describe('every page in the sitemap', () => {
  for (const path of paths) {
    test(`${path} renders without console errors`, async ({ page }) => {
      const errors = watchErrors(page);
      const response = await page.goto(path);
      expect(response?.status()).toBe(200);
      await expect(page.locator('h1').first()).toBeVisible();
      await page.waitForLoadState('networkidle');
      expect(errors).toEqual([]);
    });

    test(`${path} has no broken internal links`, async ({ page, request }) => {
      await page.goto(path);
      const hrefs = await page
        .locator('a[href]')
        .evaluateAll((links) =>
          links.map((a) => (a as HTMLAnchorElement).href).filter((href) => href.startsWith(location.origin)),
        );
      const unique = [...new Set(hrefs.map((href) => href.split('#')[0] ?? href))];
      expect(unique.length).toBeGreaterThan(0);
      const broken: string[] = [];
      for (const href of unique) {
        const res = await request.get(href);
        if (res.status() >= 400) broken.push(`${href} → ${res.status()}`);
      }
      expect(broken, `broken links on ${path}`).toEqual([]);
    });

    test(`${path} has no serious accessibility violations`, async ({ page }) => {
      await page.goto(path);
      // Expressive Code makes a code block that scrolls sideways focusable from an idle callback
      // after layout; on a busy page (live panels loading) that lands after a bare goto.
      await page.waitForFunction(() =>
        [...document.querySelectorAll('.expressive-code pre')].every(
          (pre) => pre.scrollWidth <= pre.clientWidth || pre.hasAttribute('tabindex'),
        ),
      );
      const results = await new AxeBuilder({ page }).analyze();
      expect(seriousViolations(results.violations)).toEqual([]);
    });
  }
});

// The sitemap pass above runs axe before most panels mount (they mount when scrolled near): here
// every kind of panel is mounted and drawn first, a dashboard with its time controls, stat and
// time series panels, and a playground with its table.
for (const path of ['/en/prometheus/promql-basics/', '/ja/prometheus/promql-basics/']) {
  test(`${path}: the live panels, drawn, have no serious accessibility violations`, async ({ page }) => {
    await page.goto(path);
    const islands = page.locator('[data-live-island]');
    for (let i = 0; i < (await islands.count()); i++) {
      const island = islands.nth(i);
      await island.scrollIntoViewIfNeeded();
      await expect(island).toHaveAttribute('data-island-state', 'mounted', { timeout: 30_000 });
      const panels = island.getByTestId('live-panel');
      for (let j = 0; j < (await panels.count()); j++)
        await expect(panels.nth(j)).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
    }
    const results = await new AxeBuilder({ page }).analyze();
    expect(seriousViolations(results.violations)).toEqual([]);
  });
}

test('the site root sends learners to the English lessons', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/en\/$/);
});

test('search finds the welcome lesson', async ({ page }) => {
  await page.goto('/en/');
  await page.getByRole('button', { name: 'Search' }).click();
  await page.getByRole('dialog').getByPlaceholder('Search').fill('stack tour');
  const hit = page.locator('.pagefind-ui__result-link', { hasText: 'Welcome and the stack tour' });
  await expect(hit.first()).toBeVisible();
  await expect(hit.first()).toHaveAttribute('href', /\/en\/start-here\/welcome\//);
});

test('the theme switch toggles dark and light', async ({ page }) => {
  await page.goto('/en/start-here/welcome/');
  const select = page.locator('starlight-theme-select select').first();
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await select.selectOption('dark');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  const dark = await background();
  await select.selectOption('light');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  expect(await background()).not.toBe(dark);
});

test('the Japanese welcome lesson is translated, diagram included', async ({ page }) => {
  await page.goto('/ja/start-here/welcome/');
  await expect(page.locator('h1')).toHaveText('ようこそ：スタックを一巡り');
  await expect(page.locator('.stack-diagram svg')).toContainText('ライブパネル');
});
