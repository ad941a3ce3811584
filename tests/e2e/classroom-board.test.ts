import type { Server } from 'node:http';
import { expect, test, type Page } from '@playwright/test';
import { manifest } from '../../labs/manifest.ts';
import { checkSeries, type QueuedResult } from '../../scripts/classroom/check-samples.ts';
import { newClassroom } from '../../scripts/classroom/credentials.ts';
import { createGateway } from '../../scripts/classroom/gateway.ts';
import { mimirUpstream } from '../../scripts/classroom/upstream.ts';
import { classroomTenant } from '../../scripts/classroom/protocol.ts';
import { push } from '../../scripts/classroom/sender.ts';
import { snappyEncode } from '../../scripts/classroom/snappy.ts';
import { encodeWriteRequest } from '../../scripts/classroom/write-request.ts';
import { probeService, serviceUrl } from '../../scripts/stack/index.ts';
import { watchErrors } from '../support/page-errors.ts';

/**
 * The instructor's board against the running stack: two learners' check results go through a
 * real ingest gateway into a fresh classroom's tenant in Mimir, and the board at
 * ?classroom=<id> draws them: the grid's verdicts, the learner stuck on a check for 20 minutes,
 * the most failed checks and the funnel.
 */

// One classroom, in order: the last test changes a learner's verdict the first one reads.
test.describe.configure({ mode: 'serial' });

const { id, code } = newClassroom();
const [first, second] = manifest.map((lab) => lab.id) as [string, string];
let gateway: Server;
let gatewayUrl: string;

const minutesAgo = (m: number): number => Date.now() - m * 60_000;
const result = (lab: string, atMs: number, checks: [string, boolean, string?][]): QueuedResult => ({
  lab,
  atMs,
  passed: checks.every(([, passed]) => passed),
  checks: checks.map(([name, passed, message]) => ({
    name,
    passed,
    seconds: 0.5,
    ...(message ? { message } : {}),
  })),
});

async function send(learner: string, results: QueuedResult[]): Promise<void> {
  const body = snappyEncode(encodeWriteRequest(checkSeries(results, { classroom: id, learner })));
  const sent = await push(
    { url: gatewayUrl, code, name: learner, joinedAt: new Date().toISOString() },
    body,
    10_000,
  );
  expect(sent, `${learner}'s results`).toMatchObject({ outcome: 'sent' });
}

test.beforeAll(async () => {
  if (!(await probeService('mimir')).ok)
    throw new Error('The stack is not running: start it with `npm run stack -- up` before these tests.');
  if (manifest.length < 2) throw new Error('labs/manifest.ts has fewer than two labs');
  gateway = createGateway({ code, upstream: mimirUpstream(serviceUrl('mimir'), classroomTenant(id)) });
  await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
  const address = gateway.address();
  if (typeof address !== 'object' || address === null) throw new Error('the gateway has no address');
  gatewayUrl = `http://127.0.0.1:${address.port}`;
  await send('Ada', [
    result(first, minutesAgo(30), [['starts', true]]),
    result(second, minutesAgo(20), [['serves metrics', false, 'nothing listens on :8080']]),
    result(second, minutesAgo(1), [['serves metrics', false, 'GET /metrics answered 404']]),
  ]);
  await send('Grace', [
    result(first, minutesAgo(2), [
      ['starts', true],
      ['scrapes', false],
    ]),
  ]);
});

/** Opens a board page and brings its island into view, which is when islands load. */
async function openBoard(page: Page, path: string): Promise<void> {
  await page.goto(path);
  const island = page.locator('[data-live-island]');
  await island.scrollIntoViewIfNeeded();
  await expect(island).toHaveAttribute('data-island-state', 'mounted', { timeout: 20_000 });
}

test.afterAll(async () => {
  await new Promise<void>((resolve) => {
    gateway.close(() => {
      resolve();
    });
  });
});

test("draws the classroom's learners, labs, stuck checks and funnel from Mimir", async ({ page }) => {
  const errors = watchErrors(page);
  await openBoard(page, `/en/instructors/classroom-board/?classroom=${id}`);
  await expect(page.getByTestId('classroom-id')).toHaveText(`Classroom ${id}`);
  const grid = page.getByTestId('classroom-grid');
  await grid.scrollIntoViewIfNeeded();
  await expect(grid).toHaveAttribute('data-learners', '2', { timeout: 20_000 });
  const cell = (learner: string, lab: string) =>
    grid.locator(`tr[data-learner="${learner}"] td[data-lab="${lab}"]`);
  await expect(cell('Ada', first)).toHaveAttribute('data-verdict', 'passed');
  await expect(cell('Ada', second)).toHaveAttribute('data-verdict', 'failing');
  await expect(cell('Grace', first)).toHaveAttribute('data-verdict', 'failing');
  await expect(cell('Grace', second)).toHaveAttribute('data-verdict', 'not-started');
  await expect(cell('Grace', second)).toHaveText('not started');

  const panels = page.getByTestId('live-panel');
  await expect(panels).toHaveCount(5);
  for (const panel of await panels.all()) {
    await panel.scrollIntoViewIfNeeded();
    await expect(panel).toHaveAttribute('data-state', 'ready', { timeout: 20_000 });
  }
  // Stuck: Ada, on the second lab's check, failing 20 minutes ago and now; not Grace (2 minutes).
  const stuck = panels.nth(0);
  await expect(stuck).toContainText('Ada');
  await expect(stuck).toContainText('serves metrics');
  await expect(stuck).not.toContainText('Grace');
  // Most failed: the two failing checks.
  await expect(panels.nth(1)).toHaveAttribute('data-series-count', '2');
  // Funnel: one lab passed by one learner.
  await expect(panels.nth(2)).toHaveAttribute('data-series-count', '1');
  expect(errors).toEqual([]);
});

test("a learner's drill-down shows the last message of each failing check", async ({ page }) => {
  // The learner variable starts on the first learner by name: Ada.
  await openBoard(page, `/en/instructors/classroom-board/?classroom=${id}`);
  const failures = page.getByTestId('live-panel').nth(4);
  await failures.scrollIntoViewIfNeeded();
  await expect(failures).toHaveAttribute('data-state', 'ready', { timeout: 20_000 });
  await expect(failures).toContainText('GET /metrics answered 404');
  await expect(failures).not.toContainText('nothing listens on :8080');
});

test('a learner who passes a lab flips their cell without a reload', async ({ page }) => {
  await openBoard(page, `/en/instructors/classroom-board/?classroom=${id}`);
  const cell = page.getByTestId('classroom-grid').locator(`tr[data-learner="Grace"] td[data-lab="${first}"]`);
  await expect(cell).toHaveAttribute('data-verdict', 'failing', { timeout: 20_000 });
  await send('Grace', [
    result(first, Date.now(), [
      ['starts', true],
      ['scrapes', true],
    ]),
  ]);
  // The board refreshes every 10 s: the next refresh reads the new result.
  await expect(cell).toHaveAttribute('data-verdict', 'passed', { timeout: 30_000 });
});

test('without a classroom in its address, the board says how to start one', async ({ page }) => {
  await openBoard(page, '/ja/instructors/classroom-board/');
  await expect(page.getByTestId('classroom-none')).toContainText('npm run classroom -- start');
  await openBoard(page, '/en/instructors/classroom-board/?classroom=not-an-id');
  await expect(page.getByTestId('classroom-none')).toContainText('npm run classroom -- start');
});
