/**
 * A lab process's record belongs to the run that started it: a failed start never removes a
 * record another run wrote, and two checks of one lab at once (each holding the lab's lock,
 * as `lab check` and `lab watch` do) leave exactly one process, the one its record names, and
 * no orphan on the lab's port. Real processes, in a throwaway state folder.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LabRecord } from '../../../labs/kit/processes.ts';
import { ensureProcess, labProcesses, stopLabProcesses } from '../../../labs/kit/processes.ts';
import {
  isAlive,
  portState,
  repoRoot,
  spawnDetached,
  stackPaths,
  stopRecorded,
} from '../../../scripts/stack/index.ts';

const LAB = '99-records';

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        resolve(typeof address === 'object' && address ? address.port : 0);
      });
    });
  });

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

describe('lab process records', () => {
  it('a start that fails leaves the record another run wrote meanwhile', async () => {
    const paths = stackPaths(mkdtempSync(join(tmpdir(), 'lab-records-')));
    const service = `lab-${LAB}-prog`;
    const recordFile = join(paths.run, `${service}.json`);
    // The other run's process, alive on its own, and the record it wrote.
    const rival = spawnDetached(
      { binary: '/bin/sh', args: ['-c', 'sleep 120'], cwd: paths.data },
      join(paths.logs, 'rival.log'),
    );
    const rivalRecord: LabRecord = {
      service,
      pid: rival.pid,
      binary: '/bin/sh',
      args: [],
      version: 'test',
      startedAt: new Date().toISOString(),
      lab: LAB,
      key: 'rival',
      port: 1,
      meta: {},
    };
    cleanups.push(() => stopRecorded(paths, rivalRecord, 2_000));
    const failing = await ensureProcess(
      {
        labId: LAB,
        name: 'prog',
        binary: '/bin/sh',
        // It writes the rival's record over its own (another run finishing its start), then fails.
        args: ['-c', `sleep 0.3; printf '%s' '${JSON.stringify(rivalRecord)}' > '${recordFile}'; exit 3`],
        cwd: join(paths.labs, LAB),
        version: 'test',
        port: await freePort(),
        readyPath: '/healthz',
        key: 'mine',
      },
      paths,
    );
    expect(failing.ok).toBe(false);
    expect(failing.ok ? '' : failing.reason).toContain('exited with code 3');
    expect(existsSync(recordFile)).toBe(true);
    expect((JSON.parse(readFileSync(recordFile, 'utf8')) as LabRecord).pid).toBe(rival.pid);
    expect(isAlive(rivalRecord)).toBe(true);
  });

  it('two checks at once take turns and leave one process, the one its record names', async () => {
    const root = mkdtempSync(join(tmpdir(), 'lab-records-'));
    const paths = stackPaths(root);
    const port = await freePort();
    cleanups.push(() => stopLabProcesses(LAB, paths));
    const server = join(root, 'server.ts');
    // Ready only after a while, so the two checks overlap while the first waits for it.
    writeFileSync(
      server,
      `import { createServer } from 'node:http';
await new Promise((resolve) => setTimeout(resolve, 400));
createServer((_req, res) => res.end('ok')).listen(${port}, '127.0.0.1');`,
    );
    const check = join(root, 'check.ts');
    writeFileSync(
      check,
      `import { withLabLock } from ${JSON.stringify(join(repoRoot, 'labs/kit/lab-lock.ts'))};
import { ensureProcess } from ${JSON.stringify(join(repoRoot, 'labs/kit/processes.ts'))};
import { stackPaths } from ${JSON.stringify(join(repoRoot, 'scripts/stack/paths.ts'))};
const paths = stackPaths(${JSON.stringify(root)});
const key = process.argv[2];
const result = await withLabLock(${JSON.stringify(LAB)}, 'check', () => ensureProcess({
  labId: ${JSON.stringify(LAB)}, name: 'server', binary: process.execPath, args: [${JSON.stringify(server)}],
  cwd: paths.labs, version: 'test', port: ${port}, readyPath: '/', key,
}, paths), { paths, waitMs: 30_000 });
console.log(JSON.stringify({ ok: result.ok, pid: result.ok ? result.record.pid : 0, reason: result.ok ? '' : result.reason }));
`,
    );
    const runs = ['first', 'second'].map(
      (key) =>
        new Promise<{ ok: boolean; pid: number; reason: string }>((resolve, reject) => {
          const child = spawn(process.execPath, [check, key], { stdio: ['ignore', 'pipe', 'pipe'] });
          let out = '';
          let err = '';
          child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
          child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
          child.on('exit', (code) => {
            if (code === 0) resolve(JSON.parse(out) as { ok: boolean; pid: number; reason: string });
            else reject(new Error(`check ${key} exited with ${code}: ${err}`));
          });
        }),
    );
    const [first, second] = await Promise.all(runs);
    expect(first?.reason).toBe('');
    expect(second?.reason).toBe('');
    const records = labProcesses(LAB, paths);
    expect(records).toHaveLength(1);
    const survivor = records[0];
    // The last run's key differs, so it replaced the other's process: one of the two pids is gone.
    expect([first?.pid, second?.pid]).toContain(survivor?.pid);
    const state = await portState(port);
    expect(state.busy && state.owner?.pid).toBe(survivor?.pid);
    const replaced = first?.pid === survivor?.pid ? second : first;
    expect(replaced && isAlive({ ...(survivor as LabRecord), pid: replaced.pid })).toBe(false);
  });
});
