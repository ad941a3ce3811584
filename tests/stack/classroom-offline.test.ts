/**
 * The learner's side when the classroom's gateway goes away, on the real Mimir: a learner joins,
 * the gateway stops, their checks still finish at once with their own verdict while the results
 * wait on disk (and `lab join --status` says why), and once the gateway is back on the same
 * address every queued result arrives, oldest first, at the time it was checked, and none twice.
 * Everything runs in a throwaway WORKSHOP_STATE_DIR; the stack is left as it is.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mimir, query, rawSeries } from '../../labs/kit/promql.ts';
import type { LabReport } from '../../labs/kit/runner.ts';
import { newClassroom } from '../../scripts/classroom/credentials.ts';
import { createGateway } from '../../scripts/classroom/gateway.ts';
import { readLastSend } from '../../scripts/classroom/join-state.ts';
import { classroomTenant } from '../../scripts/classroom/protocol.ts';
import { reportCheck } from '../../scripts/classroom/report-check.ts';
import { queueLength } from '../../scripts/classroom/send-queue.ts';
import { mimirUpstream } from '../../scripts/classroom/upstream.ts';
import { repoRoot, serviceUrl } from '../../scripts/stack/index.ts';
import { ensureStackUp, stopIfStarted, waitFor } from '../support/stack.ts';

const state = mkdtempSync(join(tmpdir(), 'classroom-offline-'));
const env = { ...process.env, WORKSHOP_STATE_DIR: state, NO_COLOR: '1' };
const LEARNER = `Offline ${process.pid}`;
const { id, code } = newClassroom();
const tenant = mimir(classroomTenant(id));
let gateway: Server | undefined;
let port = 0;

const lab = (args: readonly string[]) =>
  spawnSync(process.execPath, [join(repoRoot, 'scripts/lab/cli.ts'), ...args], {
    cwd: repoRoot,
    env,
    encoding: 'utf8',
    timeout: 60_000,
  });

/** A gateway for the classroom on `port` (0: the system picks one, kept for the restart). */
async function startGateway(): Promise<void> {
  const server = createGateway({ code, upstream: mimirUpstream(serviceUrl('mimir'), classroomTenant(id)) });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('the gateway has no address');
  port = address.port;
  gateway = server;
}

async function stopGateway(): Promise<void> {
  const server = gateway;
  gateway = undefined;
  if (!server) return;
  server.closeAllConnections();
  await new Promise<void>((resolve) => {
    server.close(() => {
      resolve();
    });
  });
}

const report = (n: number): LabReport => ({
  id: '02-openmetrics-counter-histogram',
  dir: 'workspace/02-openmetrics-counter-histogram',
  passed: false,
  ms: 900,
  results: [
    { name: 'go build', status: 'pass', ms: 500 },
    { name: `attempt ${n}`, status: 'fail', ms: 400, cause: 'learner', message: `wrong on attempt ${n}` },
  ],
});

beforeAll(async () => {
  await ensureStackUp();
  vi.stubEnv('WORKSHOP_STATE_DIR', state);
  await startGateway();
}, 3_600_000);

afterAll(async () => {
  await stopGateway();
  vi.unstubAllEnvs();
  await stopIfStarted();
});

describe('a learner whose gateway goes away and comes back', () => {
  const checkedAt: number[] = [];

  it('joins while the gateway runs', () => {
    const joined = lab(['join', `http://127.0.0.1:${port}`, '--code', code, '--name', LEARNER]);
    expect(joined.stderr).toBe('');
    expect(joined.status).toBe(0);
  });

  it('keeps checking with the gateway down: each result waits on disk, and the status says why', async () => {
    await stopGateway();
    for (const n of [1, 2, 3]) {
      const at = Date.now() - (4 - n) * 60_000;
      const started = performance.now();
      reportCheck(report(n), at);
      // The hook only writes the queue; the send runs in the background.
      expect(performance.now() - started).toBeLessThan(200);
      checkedAt.push(at);
      // Each send tries the whole queue, oldest first, in one request.
      await waitFor(async () => Promise.resolve(readLastSend()?.results === n ? true : undefined), {
        timeoutMs: 10_000,
        what: `the send of attempt ${n} to end`,
      });
    }
    expect(queueLength()).toBe(3);
    expect(readLastSend()).toMatchObject({ outcome: 'queued', detail: 'ECONNREFUSED' });
    const status = lab(['join', '--status']);
    expect(status.status).toBe(0);
    expect(status.stdout).toContain('3 results waiting');
    expect(status.stdout).toContain('queued');
    expect(status.stdout).toContain('ECONNREFUSED');
    expect(await query(tenant, `workshop_check_passed{learner="${LEARNER}"}`)).toEqual([]);
  });

  it('sends everything once the gateway is back, oldest first, each at its own time', async () => {
    await startGateway();
    const at = Date.now();
    reportCheck(report(4), at);
    checkedAt.push(at);
    await waitFor(async () => Promise.resolve(queueLength() === 0 ? true : undefined), {
      timeoutMs: 20_000,
      what: 'the queue to drain',
    });
    expect(readLastSend()).toMatchObject({ outcome: 'sent', detail: 'HTTP 200' });
    const series = await waitFor(
      async () => {
        const found = await rawSeries(tenant, `workshop_lab_passed{learner="${LEARNER}"}`, 600);
        return found[0]?.points.length === 4 ? found : undefined;
      },
      { timeoutMs: 30_000, what: `4 workshop_lab_passed samples of ${LEARNER} in ${tenant.name}` },
    );
    expect(series).toHaveLength(1);
    expect(series[0]?.points.map((p) => p.atMs)).toEqual(checkedAt);
    const messages = await query(
      tenant,
      `count by (message) (last_over_time(workshop_check_failure_timestamp_seconds{learner="${LEARNER}"}[10m]))`,
    );
    expect(messages.map((s) => s.metric['message']).sort()).toEqual(
      [1, 2, 3, 4].map((n) => `wrong on attempt ${n}`),
    );
  });
});
