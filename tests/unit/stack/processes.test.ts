/**
 * The process records `stack down` reads: a lab checker's process (a record in .stack/run/ that
 * names no stack service) is found and stopped with its whole process group. Real processes,
 * in a throwaway .stack folder.
 */
import { mkdirSync, mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { nativeServices } from '../../../scripts/stack/native/commands.ts';
import {
  isAlive,
  otherRecordedProcesses,
  spawnDetached,
  stopRecorded,
  type ProcessRecord,
} from '../../../scripts/stack/native/processes.ts';
import { stackPaths } from '../../../scripts/stack/paths.ts';

describe('recorded lab processes', () => {
  it('are found beside the services, stopped with their process group, and their records removed', async () => {
    const paths = stackPaths(mkdtempSync(join(tmpdir(), 'stack-processes-')));
    mkdirSync(paths.run, { recursive: true });
    const log = join(paths.logs, 'lab-99-sleeper.log');
    // A shell that starts a child: stopping must reach the child too (the whole group).
    const spawned = spawnDetached(
      { binary: '/bin/sh', args: ['-c', 'sleep 300 & wait'], cwd: join(paths.data, 'lab') },
      log,
    );
    expect(spawned.pid).toBeGreaterThan(0);
    const record: ProcessRecord = {
      service: 'lab-99-sleeper',
      pid: spawned.pid,
      binary: '/bin/sh',
      args: [],
      version: 'test',
      startedAt: new Date().toISOString(),
    };
    const recordFile = join(paths.run, 'lab-99-sleeper.json');
    writeFileSync(recordFile, JSON.stringify({ ...record, lab: '99', port: 1 }));
    // A stale record (dead pid) is dropped, not returned.
    writeFileSync(
      join(paths.run, 'lab-99-gone.json'),
      JSON.stringify({ ...record, service: 'lab-99-gone', pid: 2 ** 22 }),
    );

    const found = otherRecordedProcesses(paths, nativeServices);
    expect(found.map((r) => r.service)).toEqual(['lab-99-sleeper']);
    expect(existsSync(join(paths.run, 'lab-99-gone.json'))).toBe(false);

    expect(await stopRecorded(paths, record, 5_000)).toBe('stopped');
    expect(isAlive(record)).toBe(false);
    expect(existsSync(recordFile)).toBe(false);
    // Node reports the exit on a later turn of its event loop than the kernel reaps the process.
    await vi.waitFor(() => {
      expect(spawned.exited()).toMatch(/killed by SIGTERM|exited/);
    });
  });
});
