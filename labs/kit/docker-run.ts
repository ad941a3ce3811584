/**
 * `docker run` command lines for the stack tools in Docker mode (tools.ts decides when). Every
 * folder a tool reads is mounted at its own absolute path, so the tool names the same paths it
 * would natively and the messages reach the learner through the same path rewriting. Tools run
 * as the learner's user, so whatever they write belongs to the learner; `--pull never` keeps a
 * check from downloading anything (the fix for a missing image is named instead).
 */
import { dirname } from 'node:path';
import { z } from 'zod';
import { composeProject, run, type StackPaths, standInRefusal } from '../../scripts/stack/index.ts';
import { STAND_IN_LABEL } from '../../stack/images.ts';
import type { ImageTool } from './tools.ts';

export interface Mount {
  /** Absolute folder, mounted at the same path. */
  readonly dir: string;
  readonly writable: boolean;
}

export interface ContainerSpec {
  readonly image: string;
  /** The binary inside the image. */
  readonly entrypoint: string;
  /** "uid:gid". */
  readonly user: string;
  /** "none" for a validator; the compose project's network for a lab server. */
  readonly network: string;
  readonly mounts: readonly Mount[];
  /** Keeps standard input open (promtool check metrics reads the exposition from it). */
  readonly stdin?: boolean;
  readonly name?: string;
  /** Ports published on 127.0.0.1 only, at the same number. */
  readonly publish?: readonly number[];
  readonly labels?: Readonly<Record<string, string>>;
}

/** `docker run` arguments (without "docker") that run `args` in the container `spec` describes. */
export function dockerRunArgs(spec: ContainerSpec, args: readonly string[]): string[] {
  return [
    'run',
    '--rm',
    ...(spec.stdin ? ['-i'] : []),
    ...(spec.name ? ['--name', spec.name] : []),
    ...Object.entries(spec.labels ?? {}).flatMap(([key, value]) => ['--label', `${key}=${value}`]),
    '--pull',
    'never',
    '--network',
    spec.network,
    '--user',
    spec.user,
    ...(spec.publish ?? []).flatMap((port) => ['--publish', `127.0.0.1:${port}:${port}`]),
    ...spec.mounts.flatMap((m) => ['--volume', `${m.dir}:${m.dir}${m.writable ? '' : ':ro'}`]),
    '--entrypoint',
    spec.entrypoint,
    spec.image,
    ...args,
  ];
}

const shellWord = (word: string): string =>
  /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;

/** `docker run …` as a learner would type it: the tool in its image as the learner's user, no network. */
export function dockerCommandLine(
  tool: ImageTool,
  args: readonly string[],
  mounts: readonly Mount[],
): string {
  const argv = dockerRunArgs(
    { image: tool.image, entrypoint: tool.path, user: learnerUser(), network: 'none', mounts },
    args,
  );
  return ['docker', ...argv].map(shellWord).join(' ');
}

/** The folders holding `files`, each once, read-only. */
export const readOnlyMounts = (files: readonly string[]): Mount[] =>
  [...new Set(files.map((f) => dirname(f)))].map((dir) => ({ dir, writable: false }));

/** The user this process runs as, for --user. */
export const learnerUser = (): string => `${process.getuid?.() ?? 0}:${process.getgid?.() ?? 0}`;

/**
 * What the docker client needs to reach the learner's daemon, for a client started through the
 * child allowlist (child-env.ts), which keeps DOCKER_HOST, DOCKER_CONTEXT and the like out.
 */
export function dockerEnv(from: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(from))
    if (value !== undefined && name.startsWith('DOCKER_')) env[name] = value;
  return env;
}

/** The compose project's default network, which compose names <project>_default. */
export const composeNetwork = (paths: StackPaths): string => `${composeProject(paths)}_default`;

export type ImageStatus =
  | { readonly ok: true; readonly id: string }
  | { readonly ok: false; readonly reason: string; readonly hint: string };

/** Why a `docker` command that failed did: the image is missing, or Docker itself does not answer. */
export function imageProblem(tool: ImageTool, stderr: string): { reason: string; hint: string } {
  const native = tool.stackInDocker ? '' : ` (or run it natively: \`${tool.buildCommand}\`)`;
  if (/no such image/i.test(stderr))
    return {
      reason: `the image ${tool.image} is not on this machine`,
      hint: `run \`${tool.pullCommand}\` (\`npm run stack -- up --mode docker\` pulls every pinned image)${native}`,
    };
  const first = stderr.trim().split('\n').at(-1) ?? '';
  return {
    reason: `Docker does not answer, so ${tool.image} cannot run${first ? `: ${first}` : ''}`,
    hint: `start Docker (\`docker info\` must answer)${native}`,
  };
}

/** An image's id and labels as one JSON object. */
export const IMAGE_FORMAT = '{"Id":{{json .Id}},"Labels":{{json .Config.Labels}}}';

const inspectSchema = z.object({ Id: z.string(), Labels: z.record(z.string(), z.string()).nullable() });

/**
 * Whether the tool's image is here, Docker answers, and it is not one of the test harness's
 * stand-ins (which the stack refuses too): the image id, or what to do.
 */
export async function imageStatus(tool: ImageTool): Promise<ImageStatus> {
  const inspect = await run('docker', ['image', 'inspect', '--format', IMAGE_FORMAT, tool.image], {
    timeoutMs: 15_000,
  });
  if (inspect.error)
    return {
      ok: false,
      reason: `the docker command is not installed, so ${tool.image} cannot run`,
      hint: tool.stackInDocker ? 'install Docker' : `run it natively: \`${tool.buildCommand}\``,
    };
  if (inspect.code !== 0) return { ok: false, ...imageProblem(tool, inspect.stderr) };
  return inspected(tool, inspect.stdout);
}

/** What `docker image inspect --format IMAGE_FORMAT` said of an image that is here. */
export function inspected(
  tool: ImageTool,
  stdout: string,
  env: NodeJS.ProcessEnv = process.env,
): ImageStatus {
  const found = inspectSchema.parse(JSON.parse(stdout));
  const refusal = standInRefusal(STAND_IN_LABEL in (found.Labels ?? {}) ? [tool.image] : [], env);
  if (refusal) return { ok: false, reason: `${tool.image} is not the upstream image`, hint: refusal };
  return { ok: true, id: found.Id };
}

/** Whether a container can join `network`: it exists only while the Docker stack is up. */
export async function networkExists(network: string): Promise<boolean> {
  const inspect = await run('docker', ['network', 'inspect', '--format', '{{.Name}}', network], {
    timeoutMs: 15_000,
  });
  return inspect.code === 0;
}

/**
 * Exit codes that come from `docker run` itself, not the tool: 125 (the daemon refused, e.g. a
 * mount), 126 (the entrypoint cannot run), 127 (no such entrypoint).
 */
export const isDockerFailure = (code: number): boolean => code === 125 || code === 126 || code === 127;
