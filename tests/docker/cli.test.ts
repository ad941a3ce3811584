/**
 * The CLI's own Docker path, as a learner runs it: `stack up --mode docker`, `status`, a lab's
 * checker against that stack, `convert`, `down` leaving no container behind, and a failed `up`
 * that cleans up after itself. Run by `npm run test:docker` with the native stack down.
 */
import { statSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { services } from '../../stack/services.ts';
import { composeProject, repoRoot, run, stackPaths, type RunResult } from '../../scripts/stack/index.ts';
import { assertDockerReady, coreWithImages } from './docker-env.ts';

/** Labs whose checkers need no Go toolchain, run by dev-check against the Docker stack. */
const DOCKER_LABS = ['01-scrape-the-app'];

const node = (script: string, args: readonly string[], timeoutMs: number): Promise<RunResult> =>
  run(process.execPath, [script, ...args], { cwd: repoRoot, timeoutMs, env: process.env });
const stack = (...args: string[]): Promise<RunResult> => node('scripts/stack/cli.ts', args, 1_800_000);
const lab = (...args: string[]): Promise<RunResult> => node('scripts/lab/cli.ts', args, 900_000);

/** Containers of the CLI's compose project, running or not. */
async function projectContainers(): Promise<string[]> {
  const ps = await run('docker', [
    'ps',
    '--all',
    '--filter',
    `label=com.docker.compose.project=${composeProject()}`,
    '--format',
    '{{.Names}}',
  ]);
  expect(ps.code, ps.stderr).toBe(0);
  return ps.stdout.split('\n').filter(Boolean);
}

const output = (r: RunResult): string => `${r.stdout}\n${r.stderr}`;

beforeAll(async () => {
  await assertDockerReady();
  expect(await projectContainers(), 'a stack of this project is already there').toEqual([]);
}, 60_000);

afterAll(async () => {
  await stack('down');
}, 300_000);

describe('a failed `stack up --mode docker`', () => {
  let holder: Server | undefined;

  afterAll(() => {
    holder?.close();
  });

  it('fails naming the busy port, and leaves no container behind', async () => {
    // Something else on Alloy's port: compose has already started Mimir when Alloy's port
    // binding fails, so only the CLI's clean-up can remove it.
    holder = createServer();
    await new Promise<void>((resolve) => holder?.listen(services.alloy.port, '127.0.0.1', resolve));
    const up = await stack('up', '--mode', 'docker', ...coreWithImages);
    expect(up.code).not.toBe(0);
    expect(output(up)).toContain(String(services.alloy.port));
    expect(await projectContainers()).toEqual([]);
  }, 1_800_000);
});

describe('`stack up --mode docker`, then the learner’s commands', () => {
  beforeAll(async () => {
    const started = performance.now();
    const up = await stack('up', '--mode', 'docker', ...coreWithImages);
    expect(up.code, output(up)).toBe(0);
    console.log(
      `[docker] stack up --mode docker: ready in ${Math.round((performance.now() - started) / 1000)} s`,
    );
  }, 1_800_000);

  it('reports every service it started as ready, in Docker mode', async () => {
    const status = await stack('status', '--json');
    expect(status.code, output(status)).toBe(0);
    const rows = JSON.parse(status.stdout) as { service: string; mode: string; ready: boolean }[];
    for (const service of coreWithImages) {
      expect(
        rows.find((r) => r.service === service),
        service,
      ).toMatchObject({ mode: 'docker', ready: true });
    }
  });

  it.each(DOCKER_LABS)(
    'runs lab %s’s checker: fails on start/, passes on solution/',
    async (id) => {
      const checked = await lab('dev-check', id);
      expect(checked.code, output(checked)).toBe(0);
    },
    900_000,
  );

  it('converts prometheus.yml to Alloy syntax that alloy fmt accepts, owned by the learner', async () => {
    const converted = await stack('convert');
    expect(converted.code, output(converted)).toBe(0);
    expect(output(converted)).toMatch(/alloy fmt accepts it/);
    const file = statSync(join(stackPaths().convert, 'prometheus.alloy'));
    expect(file.uid).toBe(process.getuid?.());
  }, 300_000);

  it('`stack down` leaves no container of the project', async () => {
    const down = await stack('down');
    expect(down.code, output(down)).toBe(0);
    expect(await projectContainers()).toEqual([]);
  }, 300_000);
});
