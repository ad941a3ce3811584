/**
 * The classroom's data path end to end, on the real Mimir: `classroom start` runs a gateway on
 * 127.0.0.1 (a port the system picks) in front of the stack's Mimir, a learner joins with
 * `lab join`, a check result goes out through the lab CLI's hook, and it is read back from Mimir
 * in the classroom's own tenant, classroom-<id>, and in no other. `classroom stop` ends it.
 * Everything runs in a throwaway WORKSHOP_STATE_DIR; the stack is left as it is.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mimir, query } from '../../labs/kit/promql.ts';
import type { LabReport } from '../../labs/kit/runner.ts';
import type { ClassroomState } from '../../scripts/classroom/classroom-state.ts';
import { classroomStateFile, readClassroomState } from '../../scripts/classroom/classroom-state.ts';
import { readLastSend } from '../../scripts/classroom/join-state.ts';
import { classroomTenant } from '../../scripts/classroom/protocol.ts';
import { reportCheck } from '../../scripts/classroom/report-check.ts';
import { repoRoot } from '../../scripts/stack/index.ts';
import { ensureStackUp, stopIfStarted, waitFor } from '../support/stack.ts';

const state = mkdtempSync(join(tmpdir(), 'classroom-stack-'));
const env = { ...process.env, WORKSHOP_STATE_DIR: state, NO_COLOR: '1' };
const LEARNER = `Stack Test ${process.pid}`;
let gateway: ChildProcess | undefined;
let classroom: ClassroomState;

const cli = (script: string, args: readonly string[]) =>
  spawnSync(process.execPath, [join(repoRoot, 'scripts', script, 'cli.ts'), ...args], {
    cwd: repoRoot,
    env,
    encoding: 'utf8',
    timeout: 60_000,
  });

beforeAll(async () => {
  await ensureStackUp();
  vi.stubEnv('WORKSHOP_STATE_DIR', state);
  gateway = spawn(
    process.execPath,
    [join(repoRoot, 'scripts/classroom/cli.ts'), 'start', '--listen', '127.0.0.1:0'],
    {
      cwd: repoRoot,
      env,
      stdio: 'ignore',
    },
  );
  classroom = await waitFor(async () => Promise.resolve(readClassroomState()), {
    timeoutMs: 30_000,
    what: `the classroom's state file ${classroomStateFile()}`,
  });
}, 3_600_000);

afterAll(async () => {
  if (gateway?.exitCode === null) gateway.kill('SIGTERM');
  vi.unstubAllEnvs();
  await stopIfStarted();
});

describe('classroom on the real Mimir', () => {
  it('runs the gateway on loopback and says so in `classroom status`', () => {
    expect(classroom.listen).toMatch(/^127\.0\.0\.1:\d+$/);
    const status = cli('classroom', ['status']);
    expect(status.status).toBe(0);
    expect(status.stdout).toContain(`${classroom.id} running`);
    expect(status.stdout).toContain(
      `npm run lab -- join ${classroom.urls[0] ?? ''} --code ${classroom.code}`,
    );
  });

  it('lets a learner join with the code, and refuses a wrong one', () => {
    const wrong = cli('lab', [
      'join',
      classroom.urls[0] ?? '',
      '--code',
      `${classroom.id}-${'A'.repeat(22)}`,
      '--name',
      LEARNER,
    ]);
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain('refused the code');
    const joined = cli('lab', ['join', classroom.urls[0] ?? '', '--code', classroom.code, '--name', LEARNER]);
    expect(joined.stderr).toBe('');
    expect(joined.status).toBe(0);
    expect(joined.stdout).toContain(`joined classroom ${classroom.id}`);
  });

  it("stores a check result in the classroom's tenant, and in no other", async () => {
    const report: LabReport = {
      id: '01-scrape-the-app',
      dir: 'workspace/01-scrape-the-app',
      passed: false,
      ms: 400,
      results: [
        { name: 'stack is up (prometheus)', status: 'pass', ms: 20 },
        { name: 'config parses', status: 'fail', ms: 380, cause: 'learner' },
      ],
    };
    reportCheck(report, Date.now());
    const last = await waitFor(async () => Promise.resolve(readLastSend()), {
      timeoutMs: 10_000,
      what: 'the send to finish (last-send.json)',
    });
    expect(last).toMatchObject({ outcome: 'sent', results: 1, detail: 'HTTP 200' });

    const tenant = mimir(classroomTenant(classroom.id));
    const samples = await waitFor(
      async () => {
        const found = await query(tenant, `workshop_check_passed{learner=${JSON.stringify(LEARNER)}}`);
        return found.length === 2 ? found : undefined;
      },
      { timeoutMs: 30_000, what: `two workshop_check_passed series in ${tenant.name}` },
    );
    expect(
      samples.map((s) => [s.metric['check'], s.value, s.metric['classroom'], s.metric['lab']]).sort(),
    ).toEqual([
      ['config parses', 0, classroom.id, '01-scrape-the-app'],
      ['stack is up (prometheus)', 1, classroom.id, '01-scrape-the-app'],
    ]);
    expect(await query(tenant, `workshop_lab_passed{learner=${JSON.stringify(LEARNER)}}`)).toHaveLength(1);
    for (const other of ['prometheus', 'alloy', 'otel'])
      expect(await query(mimir(other), `workshop_check_passed{learner=${JSON.stringify(LEARNER)}}`)).toEqual(
        [],
      );
  });

  it('`lab join --status` shows the last send and its samples', () => {
    const status = cli('lab', ['join', '--status']);
    expect(status.status).toBe(0);
    expect(status.stdout).toMatch(/last send +\S+: sent, 1 result \(HTTP 200\)/);
    expect(status.stdout).toContain(`workshop_lab_passed{classroom="${classroom.id}",learner="${LEARNER}"`);
  });

  it('`classroom stop` ends the gateway and removes its record', async () => {
    const stopped = cli('classroom', ['stop']);
    expect(stopped.status).toBe(0);
    expect(stopped.stdout).toContain(`classroom ${classroom.id} stopped`);
    await waitFor(async () => Promise.resolve(gateway?.exitCode !== null), {
      timeoutMs: 10_000,
      what: 'the gateway process to exit',
    });
    expect(readClassroomState()).toBeUndefined();
  });
});
