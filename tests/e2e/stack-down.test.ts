import { expect, test, type Locator, type Page } from '@playwright/test';
import {
  compose,
  launchSpec,
  loadVersions,
  probeService,
  readState,
  stackPaths,
  startProcess,
  stopProcess,
  waitReady,
} from '../../scripts/stack/index.ts';
import { services } from '../../stack/services.ts';

/**
 * A live panel whose service stops says so, with the command that starts that service, and draws
 * again by itself once the service is back. The tests stop Prometheus (which the welcome lesson's
 * stat panel queries), so they run in their own Playwright project after every other browser test
 * (playwright.config.ts) and always start it again. Loki and k6 run in Docker mode only: on a
 * native stack their panels name the Docker-mode command.
 */

type StoppedService = 'prometheus';
const paths = stackPaths();

async function stopService(service: StoppedService): Promise<void> {
  if (readState(paths)?.mode === 'docker') {
    const stopped = await compose(paths, ['stop', service], 60_000);
    if (stopped.code !== 0) throw new Error(`docker compose stop ${service}: ${stopped.stderr}`);
  } else {
    await stopProcess(paths, service, 15_000);
  }
}

/**
 * Starts the stopped service again from the binary it ran from. Not stackUp(): that first waits
 * for any stack build in progress, and the stack must be whole again as soon as possible.
 */
async function startService(service: StoppedService): Promise<void> {
  let exited: (() => string | undefined) | undefined;
  if (readState(paths)?.mode === 'docker') {
    const started = await compose(paths, ['start', service], 60_000);
    if (started.code !== 0) throw new Error(`docker compose start ${service}: ${started.stderr}`);
  } else {
    exited = startProcess(paths, launchSpec(service, paths, loadVersions(paths.versionsFile))).exited;
  }
  const ready = await waitReady(service, { timeoutMs: 60_000, ...(exited ? { abort: exited } : {}) });
  if (!ready.ready) throw new Error(`${service} did not come back: ${ready.reason}`);
}

test.describe.configure({ mode: 'serial' });

test.afterAll(async () => {
  // Whatever happened above, leave the stack as the other suites expect it.
  if (!(await probeService('prometheus')).ok) await startService('prometheus');
});

/** One case: a lesson panel over `service`, and what its notice must say while it is down. */
interface DownCase {
  readonly service: StoppedService;
  readonly lesson: string;
  readonly panelTitle: RegExp;
  readonly notice: { readonly title: string; readonly command: string };
}

/**
 * Stops the service under a drawn panel and expects the notice, then starts it and expects the
 * panel to draw again without a reload. Panels refresh every 10 s and retries back off to 15 s
 * at most, so each wait is one refresh or retry plus the service's start-up.
 */
async function stopAndRecover(page: Page, c: DownCase): Promise<Locator> {
  expect((await probeService(c.service)).ok, `${c.service} must be running before this test`).toBe(true);
  await page.goto(c.lesson);
  const island = page.getByRole('group', { name: c.panelTitle });
  await island.scrollIntoViewIfNeeded();
  const panel = island.getByTestId('live-panel');
  await expect(panel).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });

  await stopService(c.service);
  await expect(panel).toHaveAttribute('data-state', 'stack-down', { timeout: 30_000 });
  const notice = panel.getByTestId('live-stack-down');
  await expect(notice).toBeVisible();
  await expect(notice).toContainText(c.notice.title);
  await expect(notice).toContainText(c.notice.command);

  await startService(c.service);
  await expect(panel).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await expect(notice).toHaveCount(0);
  return panel;
}

test('a panel says the stack is down, how to start it, and recovers by itself', async ({ page }) => {
  test.setTimeout(180_000);
  const panel = await stopAndRecover(page, {
    service: 'prometheus',
    lesson: '/en/start-here/welcome/',
    panelTitle: /Scrape targets up/,
    notice: { title: 'Prometheus is not answering', command: 'npm run stack -- up' },
  });
  await expect(panel.getByTestId('live-stat-value')).toHaveAttribute('data-value', /^[1-9]\d*$/);
});

for (const c of [
  { service: 'loki', lesson: '/en/beyond-metrics/loki/', panelTitle: /Log lines per second/ },
  { service: 'k6', lesson: '/en/beyond-metrics/k6/', panelTitle: /k6: requests per second/ },
  { service: 'loki', lesson: '/ja/beyond-metrics/loki/', panelTitle: /./ },
] as const) {
  test(`${c.lesson}: a ${c.service} panel on a native stack names the Docker-mode command`, async ({
    page,
  }) => {
    test.skip(
      readState(paths)?.mode !== 'native',
      `the stack runs in ${readState(paths)?.mode ?? 'no'} mode; this case is about the native stack`,
    );
    expect((await probeService(c.service)).ok, `nothing may answer for ${c.service} here`).toBe(false);
    await page.goto(c.lesson);
    const island = page.getByRole('group', { name: c.panelTitle }).first();
    await island.scrollIntoViewIfNeeded();
    const panel = island.getByTestId('live-panel').first();
    await expect(panel).toHaveAttribute('data-state', 'stack-down', { timeout: 30_000 });
    await expect(panel).toHaveAttribute('data-needs', c.service);
    const notice = panel.getByTestId('live-stack-down');
    await expect(notice).toContainText(
      c.lesson.startsWith('/ja/')
        ? 'Docker モードでのみ'
        : `${services[c.service].title} runs in Docker mode only`,
    );
    await expect(notice).toContainText(
      `npm run stack -- up --mode docker --profile ${services[c.service].profile}`,
    );
    await expect(notice).toContainText('npm run stack -- down');
  });
}
