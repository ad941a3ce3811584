/**
 * Where the stack keeps its files. Everything generated lives under .stack/ (git-ignored):
 * built binaries, build sources, rendered configs, data, logs and pid files.
 */
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { ServiceName } from '../../stack/services.ts';

/** The repository root (this file is scripts/stack/paths.ts). */
export const repoRoot = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');

export interface StackPaths {
  /** The repository root. */
  readonly root: string;
  /** stack/: configs written once for both modes, compose.yaml, versions.env. */
  readonly stackDir: string;
  /** stack/versions.env. */
  readonly versionsFile: string;
  /** stack/compose.yaml. */
  readonly composeFile: string;
  /** .stack/: everything generated. */
  readonly home: string;
  /** .stack/bin: binaries, one folder per component and version. */
  readonly bin: string;
  /** .stack/build: copies of upstream module sources being built. */
  readonly build: string;
  /** .stack/logs: one log per process, one per build. */
  readonly logs: string;
  /** .stack/run: pid records and the mode the stack runs in. */
  readonly run: string;
  /** .stack/run/config: configs rendered for native mode. */
  readonly config: string;
  /** .stack/data: one data folder per service. */
  readonly data: string;
  /** .stack/convert: alloy convert input and output. */
  readonly convert: string;
}

export function stackPaths(root: string = repoRoot): StackPaths {
  const home = join(root, '.stack');
  return {
    root,
    stackDir: join(root, 'stack'),
    versionsFile: join(root, 'stack', 'versions.env'),
    composeFile: join(root, 'stack', 'compose.yaml'),
    home,
    bin: join(home, 'bin'),
    build: join(home, 'build'),
    logs: join(home, 'logs'),
    run: join(home, 'run'),
    config: join(home, 'run', 'config'),
    data: join(home, 'data'),
    convert: join(home, 'convert'),
  };
}

export const logFile = (paths: StackPaths, service: ServiceName): string =>
  join(paths.logs, `${service}.log`);
export const buildLogFile = (paths: StackPaths, name: string): string =>
  join(paths.logs, `build-${name}.log`);
export const dataDir = (paths: StackPaths, service: ServiceName): string => join(paths.data, service);
