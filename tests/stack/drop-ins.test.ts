/**
 * Lab drop-ins with the real promtool: a file it refuses never reaches the folder Prometheus
 * loads, a checker killed (SIGTERM, SIGINT) while applying one leaves the previous file, and
 * the stack's render step quarantines a broken drop-in with a warning instead of letting
 * Prometheus fail to start. Everything happens in a throwaway WORKSHOP_STATE_DIR, never in
 * stack/prometheus/labs; no running stack is needed, only the built promtool.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { applyDropIn } from '../../labs/kit/drop-in.ts';
import {
  checkWithDropIns,
  loadVersions,
  nativePromtool,
  type Promtool,
  quarantineDir,
  readDropIns,
  renderConfigs,
  renderedPath,
  repoRoot,
  run,
  stackPaths,
  type StackPaths,
  toolPath,
} from '../../scripts/stack/index.ts';

const LAB = '01-scrape-the-app';
const scrape = (job: string, extra = ''): string =>
  `scrape_configs:\n  - job_name: ${job}\n${extra}    static_configs:\n      - targets: ['app:8080']\n`;
const PREVIOUS = scrape('gin-app-before');

let promtool: Promtool;

beforeAll(() => {
  const found = nativePromtool(stackPaths());
  if (!found)
    throw new Error(
      'promtool is not built (it comes with the native Prometheus build in .stack/bin): run `npm run stack -- build prometheus`',
    );
  promtool = found;
});

/** A state folder whose drop-in folder holds lab 01's previous, valid file. */
function stateWithPrevious(): { state: string; paths: StackPaths; file: string } {
  const state = mkdtempSync(join(tmpdir(), 'drop-ins-'));
  const paths = stackPaths(undefined, state);
  mkdirSync(paths.dropIns, { recursive: true });
  const file = join(paths.dropIns, `${LAB}.yml`);
  writeFileSync(file, PREVIOUS);
  return { state, paths, file };
}

/** Only finished drop-ins are in the folder, and promtool takes them with the stack's prometheus.yml. */
function expectLoadable(paths: StackPaths): void {
  expect(readdirSync(paths.dropIns).filter((n) => n.endsWith('.pending'))).toEqual([]);
  const verdict = checkWithDropIns(paths, readDropIns(paths), promtool);
  expect(verdict.ok, verdict.output).toBe(true);
}

describe('applying a drop-in', () => {
  it('leaves the folder as it was when promtool refuses the file next to the others', async () => {
    const { paths, file } = stateWithPrevious();
    const verdict = await applyDropIn(LAB, scrape('app'), `workspace/${LAB}/scrape.yml`, {
      paths,
      reload: () => Promise.reject(new Error('a refused file must never be reloaded')),
    });
    expect(verdict.kind).toBe('fail');
    if (verdict.kind !== 'fail') return;
    expect(verdict.output).toContain(
      `"workspace/${LAB}/scrape.yml": found multiple scrape configs with job name "app"`,
    );
    expect(verdict.hint).toContain('job "app" already exists');
    expect(readFileSync(file, 'utf8')).toBe(PREVIOUS);
    expectLoadable(paths);
  });

  /** A checker applying a new file; its reload waits (as for a slow Prometheus) until it is killed. */
  function applyInChild(state: string): {
    said: (text: string) => Promise<void>;
    kill: (signal: NodeJS.Signals) => void;
    exit: Promise<number | null>;
  } {
    const driver = join(state, 'apply.ts');
    writeFileSync(
      driver,
      `import { applyDropIn } from ${JSON.stringify(join(repoRoot, 'labs/kit/drop-in.ts'))};
let reloads = 0;
console.log('applying');
const verdict = await applyDropIn(${JSON.stringify(LAB)}, ${JSON.stringify(scrape('gin-app'))}, 'scrape.yml', {
  // The first reload hangs (a Prometheus slow to confirm) until the kill; the undo's answers.
  reload: () => {
    reloads++;
    if (reloads > 1) return Promise.resolve(undefined);
    console.log('reloading');
    return new Promise(() => setInterval(() => {}, 1_000));
  },
});
console.log(JSON.stringify(verdict));
`,
    );
    const child = spawn(process.execPath, [driver], {
      env: { ...process.env, WORKSHOP_STATE_DIR: state },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    const waiters: { text: string; resolve: () => void }[] = [];
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      for (const w of waiters) if (stdout.includes(w.text)) w.resolve();
    });
    return {
      said: (text) =>
        new Promise((resolve) => {
          if (stdout.includes(text)) resolve();
          else waiters.push({ text, resolve });
        }),
      kill: (signal) => child.kill(signal),
      exit: new Promise((resolve) => {
        child.on('exit', resolve);
      }),
    };
  }

  it.each([
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const)(
    'killed with %s after the rename, puts the previous file back and exits %i',
    async (signal, code) => {
      const { state, paths, file } = stateWithPrevious();
      const child = applyInChild(state);
      await child.said('reloading');
      // The new file is in place while Prometheus reloads: exactly the moment a kill used to break.
      expect(readFileSync(file, 'utf8')).toBe(scrape('gin-app'));
      child.kill(signal);
      expect(await child.exit).toBe(code);
      expect(readFileSync(file, 'utf8')).toBe(PREVIOUS);
      expectLoadable(paths);
    },
  );

  it('killed while promtool checks it, leaves the folder untouched', async () => {
    const { state, paths, file } = stateWithPrevious();
    const child = applyInChild(state);
    await child.said('applying');
    child.kill('SIGTERM');
    await child.exit;
    expect(readFileSync(file, 'utf8')).toBe(PREVIOUS);
    expectLoadable(paths);
  });
});

describe('the stack’s render step', () => {
  it('quarantines the drop-ins promtool refuses, says which and why, and renders the rest', async () => {
    const state = mkdtempSync(join(tmpdir(), 'drop-ins-'));
    const paths = stackPaths(undefined, state);
    mkdirSync(paths.dropIns, { recursive: true });
    writeFileSync(join(paths.dropIns, 'a-broken.yml'), scrape('broken', '    scrape_interval: soon\n'));
    writeFileSync(join(paths.dropIns, 'b-duplicate.yml'), scrape('app'));
    writeFileSync(join(paths.dropIns, 'c-good.yml'), scrape('gin-app'));
    const warnings: { message: string; detail: string }[] = [];
    renderConfigs(paths, (message, detail) => warnings.push({ message, detail }));

    expect(warnings.map((w) => w.message.split(':')[0])).toEqual([
      join(paths.dropIns, 'a-broken.yml'),
      join(paths.dropIns, 'b-duplicate.yml'),
    ]);
    expect(warnings[0]?.message).toMatch(
      /promtool refuses it, so Prometheus runs without it; moved to .*quarantine/,
    );
    expect(warnings[0]?.detail).toContain('not a valid duration string: "soon"');
    expect(warnings[1]?.detail).toContain('found multiple scrape configs with job name "app"');
    expect(readdirSync(paths.dropIns).filter((n) => n.endsWith('.yml'))).toEqual(['c-good.yml']);
    expect(
      readdirSync(quarantineDir(paths))
        .map((n) => n.replace(/^\d{8}T\d{6}Z-/, ''))
        .sort(),
    ).toEqual(['a-broken.yml', 'b-duplicate.yml']);
    const rendered = renderedPath(paths, 'prometheus');
    expect(readdirSync(join(rendered, '..', 'labs'))).toEqual(['c-good.yml']);
    const binary = toolPath(paths, loadVersions(paths.versionsFile), 'promtool');
    const check = await run(binary, ['check', 'config', rendered]);
    expect(check.code, check.stdout + check.stderr).toBe(0);
  });
});
