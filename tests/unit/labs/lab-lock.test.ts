/**
 * One lock per lab, between real processes: two callers take turns, a live holder is waited
 * for and then named, and the lock of a process that is gone (or whose pid now belongs to
 * another process) is taken over with a note. Each test has its own throwaway state folder.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LockHolder } from '../../../labs/kit/lab-lock.ts';
import { acquireLabLock, lockFile, processStartTime } from '../../../labs/kit/lab-lock.ts';
import { repoRoot, stackPaths } from '../../../scripts/stack/index.ts';

const LAB = '99-lock-test';

/** A process that takes the lab's lock, logs when it holds it, and then lets go (or not). */
function holderScript(dir: string): string {
  const file = join(dir, 'holder.ts');
  writeFileSync(
    file,
    `import { appendFileSync } from 'node:fs';
import { acquireLabLock } from ${JSON.stringify(join(repoRoot, 'labs/kit/lab-lock.ts'))};
import { stackPaths } from ${JSON.stringify(join(repoRoot, 'scripts/stack/paths.ts'))};
const [root, verb, waitMs, holdMs, log, how] = process.argv.slice(2);
try {
  const release = await acquireLabLock(${JSON.stringify(LAB)}, verb, { paths: stackPaths(root), waitMs: Number(waitMs) });
  appendFileSync(log, \`start \${process.pid} \${Date.now()}\\n\`);
  await new Promise((resolve) => setTimeout(resolve, Number(holdMs)));
  appendFileSync(log, \`end \${process.pid} \${Date.now()}\\n\`);
  if (how === 'exit') process.exit(0);
  release();
} catch (error) {
  console.error(\`error: \${error.message}\`);
  process.exitCode = 1;
}
`,
  );
  return file;
}

interface Run {
  readonly pid: number;
  readonly done: Promise<{ code: number | null; stderr: string }>;
}

function runHolder(
  root: string,
  args: { verb: string; waitMs: number; holdMs: number; how?: 'release' | 'exit' },
): Run {
  const log = join(root, 'log');
  const child = spawn(
    process.execPath,
    [
      holderScript(root),
      root,
      args.verb,
      String(args.waitMs),
      String(args.holdMs),
      log,
      args.how ?? 'release',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return {
    pid: child.pid ?? 0,
    done: new Promise((resolve) => {
      child.on('exit', (code) => {
        resolve({ code, stderr });
      });
    }),
  };
}

const until = async (what: string, ok: () => boolean, ms = 10_000): Promise<void> => {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

const readHolder = (file: string): LockHolder => JSON.parse(readFileSync(file, 'utf8')) as LockHolder;

describe('the lab lock', () => {
  it('makes two processes take turns', async () => {
    const root = mkdtempSync(join(tmpdir(), 'lab-lock-'));
    const runs = [0, 1].map(() => runHolder(root, { verb: 'check', waitMs: 15_000, holdMs: 400 }));
    const results = await Promise.all(runs.map((r) => r.done));
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    const events = readFileSync(join(root, 'log'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split(' '));
    // start A, end A, start B, end B: the second only starts once the first is done.
    expect(events.map((e) => e[0])).toEqual(['start', 'end', 'start', 'end']);
    expect(events[0]?.[1]).toBe(events[1]?.[1]);
    expect(events[2]?.[1]).toBe(events[3]?.[1]);
    expect(Number(events[2]?.[2])).toBeGreaterThanOrEqual(Number(events[1]?.[2]));
    expect(results.some((r) => r.stderr.includes(`lab ${LAB} is being checked by pid`))).toBe(true);
    expect(existsSync(lockFile(LAB, stackPaths(root)))).toBe(false);
  });

  it('makes a second caller wait a bounded time, then fail naming the holder', async () => {
    const root = mkdtempSync(join(tmpdir(), 'lab-lock-'));
    const paths = stackPaths(root);
    const release = await acquireLabLock(LAB, 'watch', { paths });
    const holder = readHolder(lockFile(LAB, paths));
    expect(holder).toMatchObject({ pid: process.pid, verb: 'watch' });
    expect(holder.startTime).toBe(processStartTime(process.pid));

    const started = Date.now();
    const second = await runHolder(root, { verb: 'check', waitMs: 600, holdMs: 0 }).done;
    expect(second.code).toBe(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(600);
    expect(second.stderr).toContain(`error: lab ${LAB} is being checked by pid ${process.pid} (lab watch?)`);
    expect(existsSync(join(root, 'log'))).toBe(false);

    release();
    expect(existsSync(lockFile(LAB, paths))).toBe(false);
  });

  it('takes over the lock of a process that was killed, with a note', async () => {
    const root = mkdtempSync(join(tmpdir(), 'lab-lock-'));
    const paths = stackPaths(root);
    const killed = runHolder(root, { verb: 'check', waitMs: 0, holdMs: 60_000 });
    await until('the first process to hold the lock', () => existsSync(join(root, 'log')));
    process.kill(killed.pid, 'SIGKILL');
    await killed.done;
    expect(readHolder(lockFile(LAB, paths)).pid).toBe(killed.pid);

    const notes: string[] = [];
    const release = await acquireLabLock(LAB, 'reset', { paths, waitMs: 0, note: (n) => notes.push(n) });
    expect(notes.join('\n')).toContain(`took over the lock of lab ${LAB} from pid ${killed.pid} (lab check`);
    expect(readHolder(lockFile(LAB, paths))).toMatchObject({ pid: process.pid, verb: 'reset' });
    release();
  });

  it('takes over a lock whose pid now belongs to a process that started at another time', async () => {
    expect(processStartTime(process.pid), 'reads /proc/<pid>/stat (Linux)').toMatch(/^\d+$/);
    const root = mkdtempSync(join(tmpdir(), 'lab-lock-'));
    const paths = stackPaths(root);
    const file = lockFile(LAB, paths);
    mkdirSync(dirname(file), { recursive: true });
    // A live pid (this one), recorded with a start time it never had: the pid was reused.
    const reused: LockHolder = {
      pid: process.pid,
      startTime: '1',
      verb: 'watch',
      at: new Date(0).toISOString(),
      token: 'old',
    };
    writeFileSync(file, JSON.stringify(reused));
    const notes: string[] = [];
    const release = await acquireLabLock(LAB, 'check', { paths, waitMs: 0, note: (n) => notes.push(n) });
    expect(notes.join('\n')).toContain(`from pid ${process.pid} (lab watch`);
    expect(readHolder(file).token).not.toBe('old');
    release();
  });

  it('is let go when its holder exits, and is shared by nested callers of one process', async () => {
    const root = mkdtempSync(join(tmpdir(), 'lab-lock-'));
    const paths = stackPaths(root);
    const exited = await runHolder(root, { verb: 'check', waitMs: 0, holdMs: 0, how: 'exit' }).done;
    expect(exited.code, exited.stderr).toBe(0);
    expect(existsSync(lockFile(LAB, paths))).toBe(false);

    const outer = await acquireLabLock(LAB, 'reset', { paths, waitMs: 0 });
    const inner = await acquireLabLock(LAB, 'stop', { paths, waitMs: 0 });
    inner();
    expect(readHolder(lockFile(LAB, paths)).verb).toBe('reset');
    outer();
    expect(existsSync(lockFile(LAB, paths))).toBe(false);
  });
});
