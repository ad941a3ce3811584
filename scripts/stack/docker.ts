/**
 * Docker mode: docker compose over stack/compose.yaml with stack/versions.env as env file, and
 * what the daemon holds for the project (its containers, the images its services use).
 * docker-info.ts says whether Docker mode can run at all.
 */
import { parse } from 'yaml';
import { readFileSync } from 'node:fs';
import { run } from './exec.ts';
import type { RunResult } from './exec.ts';
import type { StackPaths } from './paths.ts';
import { stackPaths } from './paths.ts';

/**
 * Variables compose.yaml reads that the CLI sets per run rather than versions.env pins, with
 * the defaults compose.yaml falls back to.
 */
export const composeRuntimeDefaults: Readonly<Record<string, string>> = {
  APP_LOGS_EXPORTER: 'none',
  WORKSHOP_UID: '0',
  WORKSHOP_GID: '0',
  WORKSHOP_CONVERT_DIR: '../.stack/convert',
  WORKSHOP_DROP_INS_DIR: './prometheus/labs',
};

/** The learner's user and group, for containers that write into the repository (alloy-convert). */
export const learnerIds = (): Record<'WORKSHOP_UID' | 'WORKSHOP_GID', string> => ({
  WORKSHOP_UID: String(process.getuid?.() ?? 0),
  WORKSHOP_GID: String(process.getgid?.() ?? 0),
});

/** A first pull of every image is several hundred MB: allow a slow link an hour before giving up. */
export const pullTimeoutMs = 60 * 60_000;

/** Arguments every compose command starts with. */
export const composeArgs = (paths: StackPaths): string[] => [
  'compose',
  '--env-file',
  paths.versionsFile,
  '--file',
  paths.composeFile,
];

/** `stream`: show compose's own output (its progress) on the terminal instead of collecting it. */
export function compose(
  paths: StackPaths,
  args: readonly string[],
  timeoutMs = 600_000,
  env: Readonly<Record<string, string>> = {},
  stream = false,
): Promise<RunResult> {
  return run('docker', [...composeArgs(paths), ...args], {
    cwd: paths.root,
    timeoutMs,
    env: { ...process.env, ...env },
    stream,
  });
}

interface ComposeDoc {
  readonly name: string;
  readonly services: Record<
    string,
    { image?: string; build?: { args?: Record<string, string> }; profiles?: string[] }
  >;
}

const composeDoc = (paths: StackPaths): ComposeDoc =>
  parse(readFileSync(paths.composeFile, 'utf8')) as ComposeDoc;

const expander =
  (env: Readonly<Record<string, string>>) =>
  (ref: string): string =>
    ref.replace(/\$\{(\w+):-([^}]*)\}/g, (_m, name: string, fallback: string) => env[name] ?? fallback);

/** Image references compose.yaml uses for pulled (not built) services, with env defaults applied. */
export function composeImages(paths: StackPaths, env: Readonly<Record<string, string>>): string[] {
  const expand = expander(env);
  return [
    ...new Set(Object.values(composeDoc(paths).services).flatMap((s) => (s.image ? [expand(s.image)] : []))),
  ];
}

/**
 * The images each service runs on: its `image`, or for a built one the base images its build
 * args name (*_IMAGE).
 */
export function serviceImages(
  paths: StackPaths,
  env: Readonly<Record<string, string>>,
  selected: readonly string[],
): Record<string, string[]> {
  const expand = expander(env);
  const all = composeDoc(paths).services;
  return Object.fromEntries(
    selected.map((name) => {
      const service = all[name] ?? {};
      const bases = Object.entries(service.build?.args ?? {})
        .filter(([arg]) => arg.endsWith('_IMAGE'))
        .map(([, value]) => expand(value));
      return [name, service.image ? [expand(service.image)] : bases];
    }),
  );
}

/** The compose project's name (compose.yaml `name:`), which labels its containers. */
export const composeProject = (paths: StackPaths = stackPaths()): string => composeDoc(paths).name;

/**
 * The services of the project's containers (running ones only, or all), from the daemon's
 * labels; undefined when Docker does not answer. Works without a state file and whatever
 * profiles started them.
 */
export async function projectContainers(
  paths: StackPaths,
  which: 'running' | 'all',
): Promise<string[] | undefined> {
  const ps = await run(
    'docker',
    [
      'ps',
      ...(which === 'all' ? ['--all'] : []),
      '--filter',
      `label=com.docker.compose.project=${composeProject(paths)}`,
      '--format',
      '{{.Label "com.docker.compose.service"}}',
    ],
    { timeoutMs: 15_000 },
  );
  if (ps.code !== 0) return undefined;
  return ps.stdout.split('\n').filter(Boolean);
}

/** Image references not present on the daemon. */
export async function missingImages(refs: readonly string[]): Promise<string[]> {
  const missing: string[] = [];
  for (const ref of new Set(refs)) {
    const inspect = await run('docker', ['image', 'inspect', '--format', '{{.Id}}', ref], {
      timeoutMs: 15_000,
    });
    if (inspect.code !== 0) missing.push(ref);
  }
  return missing;
}

/** The labels of each present image; images not present are left out. */
export async function imageLabels(refs: readonly string[]): Promise<Record<string, Record<string, string>>> {
  const out: Record<string, Record<string, string>> = {};
  for (const ref of new Set(refs)) {
    const inspect = await run('docker', ['image', 'inspect', '--format', '{{json .Config.Labels}}', ref], {
      timeoutMs: 15_000,
    });
    if (inspect.code !== 0) continue;
    out[ref] = (JSON.parse(inspect.stdout.trim() || 'null') as Record<string, string> | null) ?? {};
  }
  return out;
}

/** `--profile` for each profile the services belong to, so compose sees profile services too. */
export function profileArgs(paths: StackPaths, selected: readonly string[]): string[] {
  const all = composeDoc(paths).services;
  const profiles = new Set(selected.flatMap((name) => all[name]?.profiles ?? []));
  return [...profiles].sort().flatMap((p) => ['--profile', p]);
}

/**
 * The three steps of a Docker `up`, in order: pull what is missing, build, then start and wait.
 * Pull and build print compose's own progress and get an hour (a first pull on a slow link);
 * `up` then only starts containers, so its output can be collected for a failure message.
 */
export const composeUpSteps = (paths: StackPaths, selected: readonly string[]) => {
  const profiles = profileArgs(paths, selected);
  return {
    pull: [...profiles, 'pull', '--ignore-buildable', ...selected],
    build: [...profiles, 'build', ...selected],
    up: [...profiles, 'up', '--detach', '--no-build', '--wait', '--wait-timeout', '180', ...selected],
  };
};

export function composePull(
  paths: StackPaths,
  selected: readonly string[],
  stream: boolean,
): Promise<RunResult> {
  return compose(paths, composeUpSteps(paths, selected).pull, pullTimeoutMs, {}, stream);
}

export function composeBuild(
  paths: StackPaths,
  selected: readonly string[],
  env: Readonly<Record<string, string>>,
  stream: boolean,
): Promise<RunResult> {
  return compose(paths, composeUpSteps(paths, selected).build, pullTimeoutMs, env, stream);
}

export async function composeUp(
  paths: StackPaths,
  selected: readonly string[],
  env: Readonly<Record<string, string>>,
): Promise<RunResult> {
  return compose(paths, composeUpSteps(paths, selected).up, 600_000, env);
}

/** Stops and removes these services' containers, leaving the rest of the project running. */
export function composeRemove(paths: StackPaths, selected: readonly string[]): Promise<RunResult> {
  return compose(paths, [...profileArgs(paths, selected), 'rm', '--stop', '--force', ...selected], 180_000);
}

/** Every profile compose.yaml names (the stack's optional ones, and its tools). */
export function composeProfiles(paths: StackPaths): string[] {
  return [...new Set(Object.values(composeDoc(paths).services).flatMap((s) => s.profiles ?? []))].sort();
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
