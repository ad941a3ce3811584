/**
 * WORKSHOP_STATE_DIR, the one seam that moves mutable state: the stack's run, data and logs,
 * the lab folders, the lab workspace with its progress file and the Prometheus drop-ins all
 * follow it, the binaries and the build cache do not. `npm test` relies on it to keep off
 * the learner's own state.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { repoRoot, stackPaths, stateDirFromEnv } from '../../../scripts/stack/paths.ts';

const state = '/tmp/workshop-test-state';

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

describe('stackPaths', () => {
  it('keeps the learner’s state in the repository by default', () => {
    vi.stubEnv('WORKSHOP_STATE_DIR', '');
    const paths = stackPaths();
    expect(paths.run).toBe(join(repoRoot, '.stack', 'run'));
    expect(paths.labs).toBe(join(repoRoot, '.stack', 'lab'));
    expect(paths.workspace).toBe(join(repoRoot, 'workspace'));
    expect(paths.dropIns).toBe(join(repoRoot, 'stack', 'prometheus', 'labs'));
  });

  it('moves every piece of mutable state under WORKSHOP_STATE_DIR, and no binaries', () => {
    vi.stubEnv('WORKSHOP_STATE_DIR', state);
    const paths = stackPaths();
    for (const dir of [
      paths.run,
      paths.config,
      paths.data,
      paths.logs,
      paths.labs,
      paths.workspace,
      paths.dropIns,
    ])
      expect(dir.startsWith(`${state}/`), dir).toBe(true);
    expect(paths.bin).toBe(join(repoRoot, '.stack', 'bin'));
    expect(paths.build).toBe(join(repoRoot, '.stack', 'build'));
    expect(paths.stackDir).toBe(join(repoRoot, 'stack'));
  });

  it('keeps a caller’s own root self-contained whatever the variable says', () => {
    vi.stubEnv('WORKSHOP_STATE_DIR', state);
    const paths = stackPaths('/tmp/some-root');
    expect(paths.run).toBe('/tmp/some-root/.stack/run');
    expect(paths.workspace).toBe('/tmp/some-root/workspace');
  });

  it('refuses a relative WORKSHOP_STATE_DIR, saying what to do', () => {
    expect(() => stateDirFromEnv({ WORKSHOP_STATE_DIR: 'tmp/state' })).toThrow(
      /WORKSHOP_STATE_DIR="tmp\/state" must be an absolute path: name an absolute folder, or unset it/,
    );
  });
});

describe('the lab side', () => {
  it('derives the workspace, progress file, lab homes and drop-ins from the same seam', async () => {
    vi.stubEnv('WORKSHOP_STATE_DIR', state);
    vi.resetModules();
    const { workspaceDir, dirsOf } = await import('../../../scripts/lab/labs.ts');
    const { progressFile } = await import('../../../scripts/lab/progress.ts');
    const { labHome, labLogFile } = await import('../../../labs/kit/processes.ts');
    const { dropInFile } = await import('../../../labs/kit/drop-in.ts');
    expect(workspaceDir).toBe(join(state, 'workspace'));
    expect(dirsOf('01-scrape-the-app').workspace).toBe(join(state, 'workspace', '01-scrape-the-app'));
    expect(progressFile()).toBe(join(state, 'workspace', '.progress.json'));
    expect(labHome('02-x')).toBe(join(state, 'lab', '02-x'));
    expect(labLogFile('02-x', 'checkout', stackPaths())).toBe(join(state, 'logs', 'lab-02-x-checkout.log'));
    expect(dropInFile('01-scrape-the-app')).toBe(join(state, 'prometheus', 'labs', '01-scrape-the-app.yml'));
  });
});
