/**
 * Compose v2 and buildx for the test run. A machine whose Docker has both, new enough, keeps
 * its own; otherwise (Debian 12's docker.io has neither) both are built from their
 * Apache-2.0 Go modules at the versions.env pins, as the main module (`go install` refuses
 * Compose's exclude directives), into the harness cache (cache.ts), and the run's DOCKER_CONFIG
 * points the docker CLI at them. The version ldflags are upstream's Makefiles', so the
 * plugins report their real versions and doctor's checks hold.
 */
import { cpSync, existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { dockerInfo, formatDuration, goEnv, run, type StackPaths, type Versions } from '../stack/index.ts';
import { harnessCache } from './cache.ts';

interface Plugin {
  readonly name: 'docker-compose' | 'docker-buildx';
  readonly module: string;
  readonly version: (v: Versions) => string;
  readonly pkg: string;
  /** The -X flag upstream's build sets the version with. */
  readonly versionVar: string;
}

const plugins: readonly Plugin[] = [
  {
    name: 'docker-compose',
    module: 'github.com/docker/compose/v2',
    version: (v) => v.COMPOSE_VERSION,
    pkg: './cmd',
    versionVar: 'github.com/docker/compose/v2/internal.Version',
  },
  {
    name: 'docker-buildx',
    module: 'github.com/docker/buildx',
    version: (v) => v.BUILDX_VERSION,
    pkg: './cmd/buildx',
    versionVar: 'github.com/docker/buildx/version.Version',
  },
];

async function build(
  paths: StackPaths,
  versions: Versions,
  plugin: Plugin,
  log: (l: string) => void,
): Promise<string> {
  const version = plugin.version(versions);
  const out = join(harnessCache(), plugin.name, version, plugin.name);
  if (existsSync(out)) {
    log(`${plugin.name} ${version}: built before (${out})`);
    return out;
  }
  const started = Date.now();
  log(`building ${plugin.name} ${version} from ${plugin.module} (Go module proxy)`);
  const download = await run('go', ['mod', 'download', '-json', `${plugin.module}@${version}`], {
    env: goEnv(),
    timeoutMs: 900_000,
  });
  if (download.code !== 0)
    throw new Error(`go mod download ${plugin.module}@${version}:\n${download.stdout}${download.stderr}`);
  const { Dir: dir } = JSON.parse(download.stdout) as { Dir: string };
  const source = join(paths.build, 'docker-cli', `${plugin.name}-${version}`);
  rmSync(source, { recursive: true, force: true });
  mkdirSync(source, { recursive: true });
  // The module cache is read-only; a build as the main module writes go.sum beside go.mod.
  cpSync(dir, source, { recursive: true });
  await run('chmod', ['-R', 'u+w', source]);
  const compiled = await run(
    'go',
    ['build', '-trimpath', '-ldflags', `-s -w -X ${plugin.versionVar}=${version}`, '-o', out, plugin.pkg],
    { cwd: source, env: goEnv(), timeoutMs: 1_800_000 },
  );
  rmSync(source, { recursive: true, force: true });
  if (compiled.code !== 0) throw new Error(`building ${plugin.name} ${version} failed:\n${compiled.stderr}`);
  log(`built ${plugin.name} ${version} in ${formatDuration(Date.now() - started)}`);
  return out;
}

/**
 * Environment for every docker command of the run: empty when the machine's Compose and
 * buildx do, else DOCKER_CONFIG naming a folder whose cli-plugins are the ones built here.
 */
export async function ensurePlugins(
  paths: StackPaths,
  versions: Versions,
  log: (line: string) => void,
): Promise<Record<string, string>> {
  const info = await dockerInfo();
  if (info.daemon && !info.problem) {
    log(`using this machine's docker compose ${info.compose ?? '?'} and buildx ${info.buildx ?? '?'}`);
    return {};
  }
  const config = join(paths.bin, 'docker-cli', 'config');
  const pluginDir = join(config, 'cli-plugins');
  mkdirSync(pluginDir, { recursive: true });
  for (const plugin of plugins) {
    const binary = await build(paths, versions, plugin, log);
    const link = join(pluginDir, plugin.name);
    rmSync(link, { force: true });
    symlinkSync(binary, link);
  }
  return { DOCKER_CONFIG: config };
}
