/**
 * Docker mode: docker compose over stack/compose.yaml with stack/versions.env as env file.
 * Also answers whether Docker mode is possible here (daemon up, images present or pullable).
 */
import { parse } from 'yaml';
import { readFileSync } from 'node:fs';
import type { ServiceName } from '../../stack/services.ts';
import { run } from './exec.ts';
import type { RunResult } from './exec.ts';
import type { StackPaths } from './paths.ts';

export interface DockerInfo {
  /** The daemon answers `docker info`. */
  readonly daemon: boolean;
  /** `docker compose version`, or undefined without the plugin. */
  readonly compose: string | undefined;
  /** `docker --version`, or undefined without the client. */
  readonly client: string | undefined;
  /** The daemon's Engine version (`docker info`'s ServerVersion), when it answers. */
  readonly engine: string | undefined;
  /** Why Docker mode can't run, when it can't. */
  readonly problem: string | undefined;
}

export async function dockerInfo(): Promise<DockerInfo> {
  const client = await run('docker', ['--version'], { timeoutMs: 10_000 });
  if (client.code !== 0)
    return {
      daemon: false,
      compose: undefined,
      client: undefined,
      engine: undefined,
      problem: 'the docker command is not installed',
    };
  const compose = await run('docker', ['compose', 'version', '--short'], { timeoutMs: 10_000 });
  const info = await run('docker', ['info', '--format', '{{.ServerVersion}}'], { timeoutMs: 15_000 });
  const composeVersion = compose.code === 0 ? compose.stdout.trim() : undefined;
  let problem: string | undefined;
  if (info.code !== 0) problem = 'no Docker daemon answers (docker info failed)';
  else if (!composeVersion) problem = 'the docker compose plugin is missing';
  return {
    daemon: info.code === 0,
    compose: composeVersion,
    client: client.stdout.trim(),
    engine: info.code === 0 ? info.stdout.trim() : undefined,
    problem,
  };
}

/**
 * Variables compose.yaml reads that the CLI sets per run rather than versions.env pins, with
 * the defaults compose.yaml falls back to.
 */
export const composeRuntimeDefaults: Readonly<Record<string, string>> = { APP_LOGS_EXPORTER: 'none' };

/** Arguments every compose command starts with. */
export const composeArgs = (paths: StackPaths): string[] => [
  'compose',
  '--env-file',
  paths.versionsFile,
  '--file',
  paths.composeFile,
];

export function compose(
  paths: StackPaths,
  args: readonly string[],
  timeoutMs = 600_000,
  env: Readonly<Record<string, string>> = {},
): Promise<RunResult> {
  return run('docker', [...composeArgs(paths), ...args], {
    cwd: paths.root,
    timeoutMs,
    env: { ...process.env, ...env },
  });
}

/** Image references compose.yaml uses for pulled (not built) services, with env defaults applied. */
export function composeImages(paths: StackPaths, env: Readonly<Record<string, string>>): string[] {
  const doc = parse(readFileSync(paths.composeFile, 'utf8')) as {
    services: Record<string, { image?: string }>;
  };
  const expand = (ref: string): string =>
    ref.replace(/\$\{(\w+):-([^}]*)\}/g, (_m, name: string, fallback: string) => env[name] ?? fallback);
  return [...new Set(Object.values(doc.services).flatMap((s) => (s.image ? [expand(s.image)] : [])))];
}

/** True when every image is present locally, or `docker compose pull` fetches them. */
export async function imagesAvailable(
  paths: StackPaths,
  env: Readonly<Record<string, string>>,
): Promise<{ ok: boolean; missing: string[] }> {
  const missing: string[] = [];
  for (const image of composeImages(paths, env)) {
    const inspect = await run('docker', ['image', 'inspect', image], { timeoutMs: 15_000 });
    if (inspect.code !== 0) missing.push(image);
  }
  if (missing.length === 0) return { ok: true, missing };
  const pull = await compose(paths, ['pull', '--quiet', '--ignore-buildable'], 300_000);
  return { ok: pull.code === 0, missing };
}

export async function composeUp(
  paths: StackPaths,
  selected: readonly ServiceName[],
  env: Readonly<Record<string, string>>,
): Promise<RunResult> {
  return compose(
    paths,
    ['up', '--detach', '--build', '--wait', '--wait-timeout', '180', ...selected],
    600_000,
    env,
  );
}

/** Every profile compose.yaml names (the stack's optional ones, and its tools). */
export function composeProfiles(paths: StackPaths): string[] {
  const doc = parse(readFileSync(paths.composeFile, 'utf8')) as {
    services: Record<string, { profiles?: string[] }>;
  };
  return [...new Set(Object.values(doc.services).flatMap((s) => s.profiles ?? []))].sort();
}

/** `down` with every profile named: compose leaves the services of an unnamed profile running. */
export const composeDownArgs = (paths: StackPaths): string[] => [
  ...composeProfiles(paths).flatMap((p) => ['--profile', p]),
  'down',
  '--remove-orphans',
];

export async function composeDown(paths: StackPaths): Promise<RunResult> {
  return compose(paths, composeDownArgs(paths), 180_000);
}

/** Resident memory per compose service, from `docker stats`. */
export async function composeRss(paths: StackPaths): Promise<Partial<Record<string, number>>> {
  const ps = await compose(paths, ['ps', '--format', '{{.Service}} {{.ID}}'], 30_000);
  const out: Partial<Record<string, number>> = {};
  for (const line of ps.stdout.trim().split('\n').filter(Boolean)) {
    const [service, id] = line.split(' ');
    if (!service || !id) continue;
    const stats = await run('docker', ['stats', '--no-stream', '--format', '{{.MemUsage}}', id], {
      timeoutMs: 15_000,
    });
    const match = /^([\d.]+)\s*([KMG]i?B)/.exec(stats.stdout.trim());
    if (!match?.[1] || !match[2]) continue;
    const unit = { KiB: 1024, KB: 1000, MiB: 1024 ** 2, MB: 1e6, GiB: 1024 ** 3, GB: 1e9 }[match[2]] ?? 1;
    out[service] = Number(match[1]) * unit;
  }
  return out;
}
