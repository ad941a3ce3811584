/**
 * The allowlisted environment of stack processes, lab processes and learner Go builds: what
 * the machine needs passes, what would change a tool's behaviour stays out, the spec's own
 * variables win. Then the same through a real detached process, as the stack starts them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { goEnv } from '../../../labs/kit/go.ts';
import { childEnv } from '../../../scripts/stack/child-env.ts';
import { fileTail, spawnDetached } from '../../../scripts/stack/native/processes.ts';

const inherited = {
  PATH: '/usr/bin:/bin',
  HOME: '/home/learner',
  TMPDIR: '/tmp',
  LANG: 'ja_JP.UTF-8',
  LC_TIME: 'C',
  TZ: 'Asia/Tokyo',
  USER: 'learner',
  GOPROXY: 'https://proxy.example/go',
  GONOSUMDB: '*',
  GOPRIVATE: 'corp.example',
  GOMODCACHE: '/home/learner/go/pkg/mod',
  GOFLAGS: '-tags=evil',
  K6_WEB_DASHBOARD: 'true',
  OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector.example:4318',
  HOST: '0.0.0.0',
  AWS_SECRET_ACCESS_KEY: 'secret',
  WORKSHOP_STATE_DIR: '/tmp/state',
};

describe('childEnv', () => {
  it('passes what tools need and nothing else', () => {
    expect(Object.keys(childEnv({}, inherited)).sort()).toEqual(
      [
        'PATH',
        'HOME',
        'TMPDIR',
        'LANG',
        'LC_TIME',
        'TZ',
        'USER',
        'GOPROXY',
        'GONOSUMDB',
        'GOPRIVATE',
        'GOMODCACHE',
      ].sort(),
    );
  });

  it('puts the spec’s own variables on top', () => {
    const env = childEnv({ PATH: '/opt/bin', LAB_LISTEN: '127.0.0.1:19020' }, inherited);
    expect(env['PATH']).toBe('/opt/bin');
    expect(env['LAB_LISTEN']).toBe('127.0.0.1:19020');
  });
});

describe('goEnv', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('drops an inherited GOFLAGS for its own and keeps module download settings', () => {
    vi.stubEnv('GOFLAGS', '-tags=evil');
    vi.stubEnv('GOPROXY', 'https://proxy.example/go');
    vi.stubEnv('OTEL_SERVICE_NAME', 'not-yours');
    const env = goEnv();
    expect(env['GOFLAGS']).toBe('-mod=readonly');
    expect(env['GOPROXY']).toBe('https://proxy.example/go');
    expect(env['OTEL_SERVICE_NAME']).toBeUndefined();
    expect(env['GOTOOLCHAIN']).toBe('local');
  });
});

describe('spawnDetached', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('starts processes with the allowlisted environment plus their own', async () => {
    vi.stubEnv('K6_WEB_DASHBOARD', 'true');
    vi.stubEnv('LC_ALL', 'C.UTF-8');
    const dir = mkdtempSync(join(tmpdir(), 'child-env-'));
    const log = join(dir, 'env.log');
    const spawned = spawnDetached({ binary: '/usr/bin/env', args: [], env: { OWN: 'yes' }, cwd: dir }, log);
    await vi.waitFor(() => {
      expect(spawned.exited()).toBe('exited with code 0');
    });
    const printed = fileTail(log, 200, spawned.logOffset).split('\n');
    rmSync(dir, { recursive: true, force: true });
    expect(printed).toContain('OWN=yes');
    expect(printed).toContain('LC_ALL=C.UTF-8');
    expect(printed.filter((l) => l.startsWith('K6_'))).toEqual([]);
  });
});
