/**
 * A half-made change is put back on SIGINT and SIGTERM: in a real process, signalled while it
 * waits, the undo runs, and the process then exits with 130 or 143, unless it handles the
 * signal itself (lab watch), which then decides.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../../scripts/stack/index.ts';

function start(mode: 'alone' | 'with-own-handler'): {
  file: string;
  signal: (s: NodeJS.Signals) => void;
  done: Promise<{ code: number | null; stdout: string }>;
} {
  const dir = mkdtempSync(join(tmpdir(), 'undo-on-signal-'));
  const file = join(dir, 'state');
  const script = join(dir, 'change.ts');
  writeFileSync(
    script,
    `import { writeFileSync } from 'node:fs';
import { undoOnSignal } from ${JSON.stringify(join(repoRoot, 'labs/kit/undo-on-signal.ts'))};
const file = ${JSON.stringify(file)};
writeFileSync(file, 'half-made');
if (${JSON.stringify(mode)} === 'with-own-handler') process.on('SIGINT', () => console.log('own handler ran'));
const guard = undoOnSignal(async () => { writeFileSync(file, 'previous'); });
console.log('waiting');
while (!guard.interrupted()) await new Promise((resolve) => setTimeout(resolve, 20));
await guard.undone();
guard.release();
console.log('interrupted, carrying on');
`,
  );
  const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  const ready = new Promise<void>((resolve) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('waiting')) resolve();
    });
  });
  return {
    file,
    signal: (s) => void ready.then(() => child.kill(s)),
    done: new Promise((resolve) => {
      child.on('exit', (code) => {
        resolve({ code, stdout });
      });
    }),
  };
}

describe('undoOnSignal', () => {
  it.each([
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const)('puts the change back on %s and exits with %i', async (signal, code) => {
    const run = start('alone');
    run.signal(signal);
    const result = await run.done;
    expect(result.code).toBe(code);
    expect(result.stdout).not.toContain('carrying on');
    expect(readFileSync(run.file, 'utf8')).toBe('previous');
  });

  it('leaves the exit to a process that handles the signal itself', async () => {
    const run = start('with-own-handler');
    run.signal('SIGINT');
    const result = await run.done;
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('own handler ran');
    expect(result.stdout).toContain('interrupted, carrying on');
    expect(readFileSync(run.file, 'utf8')).toBe('previous');
  });
});
