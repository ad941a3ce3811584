/**
 * The site's runner for "Check my work": a check that runs too long is stopped with its whole
 * process group (SIGTERM, then SIGKILL for what ignores it) and answered with "timed out", and
 * a lab another command holds comes back as the CLI's own clear error. Real processes.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { goBuildTimeoutMs, siteCheckTimeoutMs } from '../../../labs/kit/check-limits.ts';
import { acquireLabLock } from '../../../labs/kit/lab-lock.ts';
import { repoRoot, stackPaths } from '../../../scripts/stack/index.ts';
import { runLabCli } from '../../../site/lib/labs/run-lab-cli.ts';

/** A folder the runner takes for a repository: its scripts/lab/cli.ts is `source`. */
function fakeRoot(source: string): string {
  const root = mkdtempSync(join(tmpdir(), 'run-lab-cli-'));
  mkdirSync(join(root, 'scripts', 'lab'), { recursive: true });
  writeFileSync(join(root, 'scripts', 'lab', 'cli.ts'), source);
  return root;
}

const running = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return !/^[ZX]/.test(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1] ?? '');
  } catch {
    return false;
  }
};

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('runLabCli', () => {
  it('gives the site more time than the slowest build a check runs', () => {
    expect(siteCheckTimeoutMs).toBeGreaterThan(goBuildTimeoutMs);
  });

  it('stops a check that runs too long with everything it started, and says it timed out', async () => {
    const pids = join(tmpdir(), `run-lab-cli-pids-${process.pid}.json`);
    // A checker that ignores SIGTERM, with a child (as go build would be).
    const root = fakeRoot(`import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
process.on('SIGTERM', () => {});
const child = spawn('sleep', ['300'], { stdio: 'ignore' });
writeFileSync(${JSON.stringify(pids)}, JSON.stringify({ cli: process.pid, child: child.pid }));
setInterval(() => {}, 1000);
`);
    const started = performance.now();
    const answer = await runLabCli('check', 'x', root, { timeoutMs: 1_000, graceMs: 500 });
    expect(performance.now() - started).toBeGreaterThanOrEqual(1_500);
    expect(answer.code).toBe(1);
    expect(answer.json).toBeUndefined();
    expect(answer.error).toMatch(/^timed out after 1 s: the check was stopped/);
    const { cli, child } = JSON.parse(readFileSync(pids, 'utf8')) as { cli: number; child: number };
    await vi.waitFor(() => {
      expect(running(cli)).toBe(false);
      expect(running(child)).toBe(false);
    });
  });

  it('answers with the holder when another command checks the lab', async () => {
    const lab = '01-scrape-the-app';
    const state = mkdtempSync(join(tmpdir(), 'run-lab-cli-state-'));
    vi.stubEnv('WORKSHOP_STATE_DIR', state);
    const cli = join(repoRoot, 'scripts', 'lab', 'cli.ts');
    expect(spawnSync(process.execPath, [cli, 'start', lab], { env: process.env }).status).toBe(0);
    // The real CLI, told to wait only a second for the lab.
    const root = fakeRoot(`process.argv.push('--wait', '1');
await import(${JSON.stringify(cli)});
`);
    const release = await acquireLabLock(lab, 'watch', { paths: stackPaths(undefined, state) });
    try {
      const answer = await runLabCli('check', lab, root);
      expect(answer.code).toBe(1);
      expect(answer.json).toBeUndefined();
      expect(answer.error).toBe(
        `lab ${lab} is being checked by pid ${process.pid} (lab watch?); let it finish or stop it, then try again`,
      );
    } finally {
      release();
    }
  });
});
