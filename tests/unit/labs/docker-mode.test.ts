/**
 * The labs' stack tools in Docker mode: which way a tool runs follows the stack's recorded mode,
 * and the `docker run` command lines mount, publish and run as the brief of docker-run.ts says.
 * The image comes from the same versions.env and compose.yaml the Docker stack runs; the docker
 * messages are recorded from a real docker client (fixtures/docker-*.txt).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  composeNetwork,
  dockerCommandLine,
  dockerRunArgs,
  imageProblem,
} from '../../../labs/kit/docker-run.ts';
import { noGoHint } from '../../../labs/kit/go.ts';
import { labContainerName, labServerArgs } from '../../../labs/kit/lab-services.ts';
import { ensureProcess, stopLabProcesses } from '../../../labs/kit/processes.ts';
import type { ImageTool } from '../../../labs/kit/tools.ts';
import { imageTool, nativeTool, tool, toolMode } from '../../../labs/kit/tools.ts';
import { validatorArgs } from '../../../labs/kit/validators.ts';
import {
  composeImages,
  parseEnvFile,
  repoRoot,
  stackPaths,
  writeState,
} from '../../../scripts/stack/index.ts';

const fixture = (name: string): string => readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8');

/** The repository's versions and binaries, with a throwaway state folder for the mode file. */
const freshPaths = () => stackPaths(repoRoot, mkdtempSync(join(tmpdir(), 'kit-docker-mode-')));

const user = `${process.getuid?.() ?? 0}:${process.getgid?.() ?? 0}`;

/** The value after each occurrence of `flag`. */
const valuesOf = (argv: readonly string[], flag: string): string[] =>
  argv.flatMap((arg, i) => (arg === flag && argv[i + 1] !== undefined ? [argv[i + 1] ?? ''] : []));

function asImage(source: ReturnType<typeof tool>): ImageTool {
  if (source.mode !== 'docker') throw new Error(`expected the image, got ${source.mode}`);
  return source;
}

describe('which way a stack tool runs', () => {
  it("follows the stack's mode, and with the stack down prefers a built binary", () => {
    expect(toolMode('docker', true)).toBe('docker');
    expect(toolMode('native', false)).toBe('native');
    expect(toolMode(undefined, true)).toBe('native');
    expect(toolMode(undefined, false)).toBe('docker');
  });

  it('runs in Docker mode from the very image compose.yaml runs', () => {
    const paths = freshPaths();
    writeState(paths, 'docker');
    // What compose resolves with --env-file stack/versions.env.
    const composed = composeImages(paths, parseEnvFile(readFileSync(paths.versionsFile, 'utf8')));
    for (const name of ['promtool', 'prometheus', 'alloy', 'mimir'] as const) {
      const source = asImage(tool(name, paths));
      expect(composed).toContain(source.image);
      expect(source.path).toMatch(new RegExp(`^/.*/${name}$`));
      expect(source.stackInDocker).toBe(true);
    }
  });

  it('runs natively from .stack/bin in native mode, built or not', () => {
    const paths = freshPaths();
    writeState(paths, 'native');
    const source = tool('promtool', paths);
    expect(source.mode).toBe('native');
    expect(source.path.startsWith(`${paths.bin}/`)).toBe(true);
  });

  it('with the stack down: the built binary when there is one, else the image', () => {
    const paths = freshPaths();
    const built = existsSync(nativeTool('alloy', paths).path);
    const source = tool('alloy', paths);
    expect(source.mode).toBe(built ? 'native' : 'docker');
    if (source.mode === 'docker') expect(source.stackInDocker).toBe(false);
  });
});

describe('a validator in its image', () => {
  const promtool = imageTool('promtool', freshPaths());
  const file = '/home/learner/workshop/workspace/01-scrape-the-app/scrape.yml';
  const argv = validatorArgs(promtool, ['check', 'config', file], { files: [file] });
  const imageAt = argv.indexOf(promtool.image);

  it("mounts the file's folder read-only at its own path, so messages name the learner's path", () => {
    expect(valuesOf(argv, '--volume')).toEqual([
      '/home/learner/workshop/workspace/01-scrape-the-app:/home/learner/workshop/workspace/01-scrape-the-app:ro',
    ]);
  });

  it("runs the image's binary as the learner, without a network, never pulling", () => {
    expect(argv.slice(0, 2)).toEqual(['run', '--rm']);
    expect(valuesOf(argv, '--entrypoint')).toEqual([promtool.path]);
    expect(valuesOf(argv, '--user')).toEqual([user]);
    expect(valuesOf(argv, '--network')).toEqual(['none']);
    expect(valuesOf(argv, '--pull')).toEqual(['never']);
    expect(argv).not.toContain('--publish');
    expect(argv).not.toContain('-i');
  });

  it("passes the tool's arguments after the image, untouched", () => {
    expect(imageAt).toBeGreaterThan(0);
    expect(argv.slice(imageAt + 1)).toEqual(['check', 'config', file]);
  });

  it('keeps standard input open only for a tool that reads it (promtool check metrics)', () => {
    const metrics = validatorArgs(promtool, ['check', 'metrics'], { input: 'x 1\n' });
    expect(metrics.indexOf('-i')).toBeGreaterThan(0);
    expect(metrics.indexOf('-i')).toBeLessThan(metrics.indexOf(promtool.image));
    expect(valuesOf(metrics, '--volume')).toEqual([]);
  });
});

describe('a lab server in its image', () => {
  const paths = freshPaths();
  const alloy = imageTool('alloy', paths);
  const home = join(paths.labs, '05-alloy-pipeline', 'alloy');
  const network = composeNetwork(paths);
  const server = { labId: '05-alloy-pipeline', name: 'alloy', port: 19050 };
  const serverArgs = ['run', '--server.http.listen-addr=0.0.0.0:19050', join(home, 'config.alloy')];
  const argv = labServerArgs(server, alloy, network, home, 'the-key', serverArgs);

  it("joins the compose project's default network, where mimir:9009 and app:8080 resolve", () => {
    const project = (parse(readFileSync(paths.composeFile, 'utf8')) as { name: string }).name;
    expect(network).toBe(`${project}_default`);
    expect(valuesOf(argv, '--network')).toEqual([network]);
  });

  it('publishes its port on 127.0.0.1 only, and mounts its home read-write at the same path', () => {
    expect(valuesOf(argv, '--publish')).toEqual(['127.0.0.1:19050:19050']);
    expect(valuesOf(argv, '--volume')).toEqual([`${home}:${home}`]);
  });

  it('has one name per lab and server, the input key as a label, and runs as the learner', () => {
    expect(valuesOf(argv, '--name')).toEqual([labContainerName('05-alloy-pipeline', 'alloy')]);
    expect(labContainerName('05-alloy-pipeline', 'alloy')).toBe('workshop-lab-05-alloy-pipeline-alloy');
    expect(valuesOf(argv, '--label')).toEqual(['workshop.lab=05-alloy-pipeline', 'workshop.lab.key=the-key']);
    expect(valuesOf(argv, '--user')).toEqual([user]);
    expect(valuesOf(argv, '--entrypoint')).toEqual([alloy.path]);
    expect(argv.slice(argv.indexOf(alloy.image) + 1)).toEqual(serverArgs);
  });
});

describe('a leftover on the port', () => {
  it('is cleared before the port check, so a container a killed client left does not block the start', async () => {
    const paths = stackPaths(mkdtempSync(join(tmpdir(), 'kit-leftover-')));
    // What the leftover container is to the host: a listener on the lab port, owned by someone else.
    const leftover = createServer();
    await new Promise<void>((resolve) => leftover.listen(0, '127.0.0.1', resolve));
    const address = leftover.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    let cleared = false;
    const script = `require('node:http').createServer((q, s) => s.end('ok')).listen(${port}, '127.0.0.1')`;
    const result = await ensureProcess(
      {
        labId: '99-leftover',
        name: 'server',
        binary: process.execPath,
        args: ['-e', script],
        cwd: join(paths.labs, '99-leftover'),
        version: 'test',
        port,
        readyPath: '/',
        key: 'k',
        readyTimeoutMs: 10_000,
        clearLeftover: () =>
          new Promise<void>((resolve) => {
            cleared = true;
            leftover.close(() => {
              resolve();
            });
          }),
      },
      paths,
    );
    await stopLabProcesses('99-leftover', paths);
    expect(cleared).toBe(true);
    expect(result.ok ? 'started' : result.reason).toBe('started');
  });
});

describe('what a learner is told', () => {
  const promtool = imageTool('promtool', freshPaths(), false);

  it('a missing image: the pull that fetches it, and the native build while the stack is down', () => {
    const problem = imageProblem(promtool, fixture('docker-no-such-image.txt'));
    expect(problem.reason).toBe(`the image ${promtool.image} is not on this machine`);
    expect(problem.hint).toContain(`\`docker pull ${promtool.image}\``);
    expect(problem.hint).toContain('`npm run stack -- build prometheus`');
    expect(
      imageProblem({ ...promtool, stackInDocker: true }, fixture('docker-no-such-image.txt')).hint,
    ).not.toContain('build');
  });

  it('no daemon: start Docker, with what the client said', () => {
    const problem = imageProblem(promtool, fixture('docker-no-daemon.txt'));
    expect(problem.reason).toContain('Docker does not answer');
    expect(problem.reason).toContain('Cannot connect to the Docker daemon');
    expect(problem.hint).toContain('start Docker');
  });

  it('a command line to type, quoted so a shell gives the tool exactly these arguments', () => {
    const dir = '/tmp/a folder/06';
    const args = ['convert', `--output=${dir}/config.alloy`, `${dir}/it's.yml`];
    const line = dockerCommandLine(promtool, args, [{ dir, writable: true }]);
    // The shell splits the line; what it hands `docker` is printed one word per line.
    const words = spawnSync(
      '/bin/sh',
      ['-c', `set -- ${line.replace(/^docker /, '')}; printf '%s\\n' "$@"`],
      {
        encoding: 'utf8',
      },
    ).stdout.trimEnd();
    expect(words.split('\n')).toEqual(
      dockerRunArgs(
        {
          image: promtool.image,
          entrypoint: promtool.path,
          user,
          network: 'none',
          mounts: [{ dir, writable: true }],
        },
        args,
      ),
    );
  });

  it('a Go lab without Go says that Docker mode does not make Go optional', () => {
    expect(noGoHint('docker')).toContain('needs Go even with the stack in Docker mode');
    expect(noGoHint('native')).not.toContain('Docker');
  });
});
