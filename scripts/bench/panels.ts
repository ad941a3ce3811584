/**
 * npm run bench:panels: what live panels cost a lesson page, measured in Chromium on the built site.
 *   JS          gzip size of the JavaScript a lesson without live panels loads, the welcome lesson
 *               before any panel is near (its text), and the same page once every panel has drawn
 *   first draw  ms from the time series panel entering the viewport to its first drawn series,
 *               median of several cold loads (new browser context, empty cache)
 *   exercise    the same for a PromQL exercises page: before an exercise is near, and with the
 *               first one's editor loaded (its island, codemirror-promql and the explain tree's
 *               grammar come with it, never with the text)
 * Needs the stack up (`npm run stack -- up`). Uses the site on 127.0.0.1:4321 when one answers,
 * else builds it and runs `astro preview` for the length of the benchmark.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type Page } from '@playwright/test';
import { run } from '../lib/run.ts';
import { siteUrl } from '../../site/lib/guard/site-address.ts';
import { sleep } from '../lib/sleep.ts';
import { median } from '../lib/stats.ts';

const base = siteUrl;
const lessonWithPanels = '/en/start-here/welcome/';
const exercisePage = '/en/promql/selectors-and-rates/';
const ROUNDS = 5;
const executablePath = process.env['WORKSHOP_CHROMIUM'] ?? '/usr/bin/chromium';

async function answers(url: string): Promise<boolean> {
  return fetch(url, { signal: AbortSignal.timeout(2000) }).then(
    (r) => r.ok,
    () => false,
  );
}

async function startSite(): Promise<ChildProcess | undefined> {
  if (await answers(`${base}${lessonWithPanels}`)) return undefined;
  console.log(`no site on ${base}; building it and starting \`npm run preview\``);
  const built = await run('npm', ['run', '--silent', 'build']);
  if (built.code !== 0) throw new Error('npm run build failed (its output is above)');
  const preview = spawn('npm', ['run', '--silent', 'preview'], {
    stdio: 'ignore',
    detached: true,
  });
  for (let i = 0; i < 60 && !(await answers(`${base}${lessonWithPanels}`)); i++) await sleep(500);
  return preview;
}

/** Lesson pages in the sitemap that have no live component. */
async function lessonsWithoutPanels(): Promise<string[]> {
  const xml = await (await fetch(`${base}/sitemap-0.xml`)).text();
  const paths = [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1] ?? '').pathname);
  const lessons = paths.filter((p) => /^\/en\/[^/]+\/[^/]+\/$/.test(p));
  const plain: string[] = [];
  for (const path of lessons) {
    const html = await (await fetch(`${base}${path}`)).text();
    if (!html.includes('data-live-island')) plain.push(path);
  }
  return plain;
}

/** Records every script the page loads; `gzipBytes()` sums them compressed, once per URL. */
function recordScripts(page: Page): { gzipBytes: () => number; count: () => number } {
  const sizes = new Map<string, number>();
  page.on('response', (res) => {
    if (res.request().resourceType() !== 'script') return;
    res.body().then(
      (body) => sizes.set(res.url(), gzipSync(body).byteLength),
      () => undefined,
    );
  });
  return {
    gzipBytes: () => [...sizes.values()].reduce((a, b) => a + b, 0),
    count: () => sizes.size,
  };
}

const settle = (page: Page) => page.waitForLoadState('networkidle');

async function jsSizes(browser: Browser, plainLesson: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const plain = recordScripts(page);
  await page.goto(`${base}${plainLesson}`);
  await settle(page);
  await page.close();

  const page2 = await context.newPage();
  const welcome = recordScripts(page2);
  await page2.goto(`${base}${lessonWithPanels}`);
  await settle(page2);
  const text = { kb: welcome.gzipBytes() / 1024, files: welcome.count() };
  for (const island of await page2.locator('[data-live-island]').all()) {
    await island.scrollIntoViewIfNeeded();
    await page2.waitForFunction(
      (el) => el.dataset['islandState'] === 'mounted' || el.dataset['islandState'] === 'failed',
      await island.elementHandle(),
    );
  }
  await page2.waitForFunction(() =>
    [...document.querySelectorAll<HTMLElement>('[data-testid="live-panel"]')].every(
      (p) => p.dataset['state'] === 'ready',
    ),
  );
  await settle(page2);
  const panels = { kb: welcome.gzipBytes() / 1024, files: welcome.count() };
  await context.close();
  return { plain: { kb: plain.gzipBytes() / 1024, files: plain.count() }, text, panels };
}

/** JS of an exercises page: before any exercise is near, and once the first one's editor is up. */
async function exerciseJs(browser: Browser): Promise<{ text: Size; editor: Size }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const scripts = recordScripts(page);
  await page.goto(`${base}${exercisePage}`);
  await settle(page);
  const text = { kb: scripts.gzipBytes() / 1024, files: scripts.count() };
  const island = page.locator('[data-live-island]').first();
  await island.scrollIntoViewIfNeeded();
  await page.locator('[data-exercise] [role="textbox"]').first().waitFor({ timeout: 30_000 });
  await settle(page);
  const editor = { kb: scripts.gzipBytes() / 1024, files: scripts.count() };
  await context.close();
  return { text, editor };
}

interface Size {
  readonly kb: number;
  readonly files: number;
}

/** One cold load: ms from the first panel entering the viewport to its first series on screen. */
async function firstDraw(browser: Browser): Promise<number> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(`${base}${lessonWithPanels}`);
  await settle(page);
  const ms = await page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const island = document.querySelector<HTMLElement>('[data-live-island]');
        if (island === null) {
          reject(new Error('no live island on the page'));
          return;
        }
        let entered = 0;
        new IntersectionObserver((entries, observer) => {
          if (entries.some((e) => e.isIntersecting)) {
            entered = performance.now();
            observer.disconnect();
          }
        }).observe(island);
        const drawn = () => {
          const panel = island.querySelector<HTMLElement>('[data-testid="live-panel"]');
          const canvas = panel?.querySelector('canvas');
          return (
            panel?.dataset['state'] === 'ready' &&
            Number(panel.dataset['seriesCount']) > 0 &&
            canvas !== null &&
            canvas !== undefined &&
            canvas.width > 0
          );
        };
        new MutationObserver((_, observer) => {
          if (entered === 0 || !drawn()) return;
          observer.disconnect();
          // The series are painted in the frame after the canvas is filled.
          requestAnimationFrame(() => {
            resolve(performance.now() - entered);
          });
        }).observe(island, { subtree: true, childList: true, attributes: true });
        island.scrollIntoView({ block: 'center' });
      }),
  );
  await context.close();
  return ms;
}

async function versions(): Promise<string> {
  const names = ['@grafana/scenes', '@grafana/data', '@grafana/ui', '@grafana/runtime', 'react'];
  const found = await Promise.all(
    names.map(async (name) => {
      const pkg = (await import(`${name}/package.json`, { with: { type: 'json' } })) as {
        default: { version: string };
      };
      return `${name} ${pkg.default.version}`;
    }),
  );
  return found.join(', ');
}

const preview = await startSite();
const browser = await chromium.launch({ executablePath, args: ['--disable-background-networking'] });
try {
  const plainLessons = await lessonsWithoutPanels();
  const plainLesson = plainLessons[0];
  if (plainLesson === undefined) throw new Error('every lesson has live panels: nothing to compare with');
  const js = await jsSizes(browser, plainLesson);
  const exercise = await exerciseJs(browser);
  const draws: number[] = [];
  for (let i = 0; i < ROUNDS; i++) draws.push(await firstDraw(browser));

  const kb = (x: { kb: number; files: number }) => `${x.kb.toFixed(1)} KiB gzip in ${x.files} files`;
  console.log(`versions: ${await versions()}`);
  console.log(`JS, lesson without live panels (${plainLesson}): ${kb(js.plain)}`);
  console.log(`JS, ${lessonWithPanels} before any panel is near: ${kb(js.text)}`);
  console.log(`JS, ${lessonWithPanels} with every panel drawn:  ${kb(js.panels)}`);
  console.log(`JS, ${exercisePage} before an exercise is near: ${kb(exercise.text)}`);
  console.log(
    `JS, ${exercisePage} with the first exercise's editor: ${kb(exercise.editor)} (+${(exercise.editor.kb - exercise.text.kb).toFixed(1)} KiB, loaded lazily)`,
  );
  console.log(
    `first series drawn after the panel enters the viewport (cold cache, ${ROUNDS} runs): median ${median(draws).toFixed(0)} ms (${draws.map((d) => d.toFixed(0)).join(', ')})`,
  );
} finally {
  await browser.close();
  if (preview?.pid !== undefined) process.kill(-preview.pid);
}
