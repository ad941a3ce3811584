import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../../scripts/stack/exec.ts';
import { stackPaths } from '../../../scripts/stack/paths.ts';
import type { Reporter } from '../../../scripts/stack/output.ts';
import {
  CompileProgress,
  etaMs,
  parsePackageList,
  progressLine,
  stalePackagesArgs,
} from '../../../scripts/stack/native/compile-progress.ts';

function recorder(live: boolean): { reporter: Reporter; shown: string[]; notes: string[] } {
  const shown: string[] = [];
  const notes: string[] = [];
  const reporter: Reporter = {
    step: () => {},
    ok: () => {},
    fail: () => {},
    note: (m) => notes.push(m),
    progress: { live, show: (l) => shown.push(l), end: () => {} },
  };
  return { reporter, shown, notes };
}

describe('compile progress', () => {
  it('asks the real go list for the library packages a build would compile, mains left out', async () => {
    // The sample app, under a build cache of its own: everything is stale there.
    const cache = mkdtempSync(join(tmpdir(), 'gocache-'));
    try {
      const listed = await run('go', stalePackagesArgs(['-trimpath'], ['.']), {
        cwd: join(stackPaths().stackDir, 'app'),
        env: { ...process.env, GOCACHE: cache },
      });
      expect(listed.code, listed.stderr).toBe(0);
      const packages = parsePackageList(listed.stdout);
      expect(packages).toContain('github.com/gin-gonic/gin');
      expect(packages).toContain('fmt');
      expect([...packages].filter((p) => !p.includes('.') && !p.includes('/')).length).toBeGreaterThan(5);
      expect(packages.has('workshop/stack/app')).toBe(false);
      expect([...packages].some((p) => p.startsWith('workshop/stack/app/internal/'))).toBe(true);
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
    expect([...parsePackageList('a/b\n\nc\n  d  \n')]).toEqual(['a/b', 'c', 'd']);
  }, 60_000);

  it('estimates the time left from the rate so far', () => {
    expect(etaMs(0, 100, 5000)).toBeUndefined();
    expect(etaMs(25, 100, 60_000)).toBe(180_000);
    expect(etaMs(100, 100, 60_000)).toBeUndefined();
    expect(progressLine('mimir', 25, 100, 60_000)).toBe(
      'mimir: compile [######------------------] 25/100 packages · 1m00s · about 3m00s left',
    );
  });

  it('counts each pending package once and ignores other go output', () => {
    const { reporter, notes } = recorder(true);
    const progress = new CompileProgress('app', new Set(['x/a', 'x/b', 'x/c']), reporter, '/tmp/log');
    expect(notes[0]).toContain('compiling 3 packages · tail -f /tmp/log');
    for (const line of ['x/a', 'x/a', '# x/b', 'x/b: some warning', 'std/fmt', '  x/c  '])
      progress.onLine(line);
    expect(progress.done).toBe(2);
  });

  it('in a plain log, prints a line per tenth, not per package', () => {
    const { reporter, shown } = recorder(false);
    const pending = new Set(Array.from({ length: 200 }, (_, i) => `p/${i}`));
    const progress = new CompileProgress('alloy', pending, reporter, '/tmp/log');
    for (const pkg of pending) progress.onLine(pkg);
    expect(shown.length).toBeGreaterThanOrEqual(10);
    expect(shown.length).toBeLessThanOrEqual(12);
    expect(shown.at(-1)).toContain('200/200 packages');
  });
});
