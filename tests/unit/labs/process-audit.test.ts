/**
 * A lab process that listens off loopback fails its check: ensureProcess audits the sockets
 * of a new process once it answers, stops it and names the address. Real Node servers in a
 * throwaway .stack folder; the only request is the readiness probe to 127.0.0.1.
 */
import { mkdtempSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureProcess } from '../../../labs/kit/processes.ts';
import { isAlive, stackPaths, stopRecorded } from '../../../scripts/stack/index.ts';

/** A port that was free a moment ago (bound and released on 127.0.0.1). */
const freePort = (): Promise<number> =>
  new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        resolve(typeof address === 'object' && address ? address.port : 0);
      });
    });
  });

async function startServer(host: string) {
  const paths = stackPaths(mkdtempSync(join(tmpdir(), 'lab-audit-')));
  const port = await freePort();
  const script = `require('node:http').createServer((q, s) => s.end('ok')).listen(${port}, ${JSON.stringify(host)})`;
  const result = await ensureProcess(
    {
      labId: '99-audit',
      name: 'server',
      binary: process.execPath,
      args: ['-e', script],
      cwd: join(paths.labs, '99-audit'),
      version: 'test',
      port,
      readyPath: '/',
      key: host,
      readyTimeoutMs: 10_000,
    },
    paths,
  );
  return { paths, port, result };
}

describe('ensureProcess audits the sockets of a new process', () => {
  it('stops a process that listens on every interface and names the address', async () => {
    const { paths, port, result } = await startServer('0.0.0.0');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toBe(
      `server listens on 0.0.0.0:${port}, which other machines on your network can reach (it was stopped)`,
    );
    expect(result.hint).toBe(`listen on 127.0.0.1 only (127.0.0.1:${port})`);
    expect(existsSync(join(paths.run, 'lab-99-audit-server.json'))).toBe(false);
    const [socket] = result.offLoopback ?? [];
    expect(socket?.protocol).toBe('tcp');
    const record = {
      service: 'server',
      pid: socket?.pid ?? 0,
      binary: process.execPath,
      args: [],
      version: 'test',
      startedAt: '',
    };
    expect(isAlive(record)).toBe(false);
  });

  it('keeps a process that listens on 127.0.0.1', async () => {
    const { paths, result } = await startServer('127.0.0.1');
    expect(result.ok).toBe(true);
    if (result.ok) await stopRecorded(paths, result.record, 5_000);
  });
});
