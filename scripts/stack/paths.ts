/**
 * Where the stack and the labs keep their files. Everything generated lives under .stack/
 * (git-ignored): built binaries, build sources, rendered configs, data, logs and pid files.
 *
 * WORKSHOP_STATE_DIR moves the mutable state (run, data, logs, lab folders, the lab
 * workspace with its progress file, and the Prometheus drop-ins) elsewhere; the binaries
 * and the build cache stay shared in .stack/. `npm test` sets it, so a test run never
 * touches the learner's workspace or running stack.
 */
import { fileURLToPath } from 'node:url';
import { isAbsolute, join } from 'node:path';
import { z } from 'zod';
import type { ServiceName } from '../../stack/services.ts';

/** The repository root (this file is scripts/stack/paths.ts). */
export const repoRoot = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');

export const STATE_DIR_VARIABLE = 'WORKSHOP_STATE_DIR';

const stateDirSchema = z.string().refine(isAbsolute, { message: 'must be an absolute path' }).optional();

/** The state folder WORKSHOP_STATE_DIR names, or undefined when it is unset or empty. */
export function stateDirFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const value = env[STATE_DIR_VARIABLE] || undefined;
  const parsed = stateDirSchema.safeParse(value);
  if (!parsed.success)
    throw new Error(
      `${STATE_DIR_VARIABLE}=${JSON.stringify(value)} ${parsed.error.issues[0]?.message ?? 'is invalid'}: name an absolute folder, or unset it to use .stack/ and workspace/ in the repository`,
    );
  return parsed.data;
}

export interface StackPaths {
  /** The repository root. */
  readonly root: string;
  /** stack/: configs written once for both modes, compose.yaml, versions.env. */
  readonly stackDir: string;
  /** stack/versions.env. */
  readonly versionsFile: string;
  /** stack/compose.yaml. */
  readonly composeFile: string;
  /** .stack/: binaries and the build cache, shared by every state folder. */
  readonly home: string;
  /** .stack/bin: binaries, one folder per component and version. */
  readonly bin: string;
  /** .stack/build: copies of upstream module sources being built. */
  readonly build: string;
  /** Mutable state: .stack/, or WORKSHOP_STATE_DIR. */
  readonly state: string;
  /** <state>/logs: one log per process, one per build. */
  readonly logs: string;
  /** <state>/run: pid records and the mode the stack runs in. */
  readonly run: string;
  /** <state>/run/config: configs rendered for native mode. */
  readonly config: string;
  /** <state>/data: one data folder per service. */
  readonly data: string;
  /** <state>/convert: alloy convert input and output. */
  readonly convert: string;
  /** <state>/lab: one folder per lab (builds, rendered configs, data of its processes). */
  readonly labs: string;
  /** workspace/ (or <state>/workspace): the learner's lab files and progress. */
  readonly workspace: string;
  /** stack/prometheus/labs (or <state>/prometheus/labs): lab scrape files, loaded by the stack's Prometheus. */
  readonly dropIns: string;
}

/**
 * The paths for a repository root. A caller that names its own root (a test's throwaway
 * folder) keeps all state inside it; otherwise WORKSHOP_STATE_DIR decides, when set.
 */
export function stackPaths(
  root?: string,
  state: string | undefined = root ? undefined : stateDirFromEnv(),
): StackPaths {
  const base = root ?? repoRoot;
  const home = join(base, '.stack');
  const stateDir = state ?? home;
  return {
    root: base,
    stackDir: join(base, 'stack'),
    versionsFile: join(base, 'stack', 'versions.env'),
    composeFile: join(base, 'stack', 'compose.yaml'),
    home,
    bin: join(home, 'bin'),
    build: join(home, 'build'),
    state: stateDir,
    logs: join(stateDir, 'logs'),
    run: join(stateDir, 'run'),
    config: join(stateDir, 'run', 'config'),
    data: join(stateDir, 'data'),
    convert: join(stateDir, 'convert'),
    labs: join(stateDir, 'lab'),
    workspace: state ? join(state, 'workspace') : join(base, 'workspace'),
    // Docker mode mounts this folder too (compose.yaml's WORKSHOP_DROP_INS_DIR, set by the CLI).
    dropIns: state ? join(state, 'prometheus', 'labs') : join(base, 'stack', 'prometheus', 'labs'),
  };
}

export const logFile = (paths: StackPaths, service: ServiceName): string =>
  join(paths.logs, `${service}.log`);
export const buildLogFile = (paths: StackPaths, name: string): string =>
  join(paths.logs, `build-${name}.log`);
export const dataDir = (paths: StackPaths, service: ServiceName): string => join(paths.data, service);
