/**
 * The lab drop-ins of the stack's Prometheus (paths.dropIns, loaded through scrape_config_files
 * `labs/*.yml`) are checked by promtool before Prometheus may read them. promtool runs on a
 * throwaway copy of stack/prometheus/prometheus.yml whose labs/ folder holds exactly the
 * drop-ins given, so a job name that two files use is found too. A drop-in promtool refuses is
 * moved to quarantine/ (a subfolder, which `labs/*.yml` does not match): its lab loses its
 * scrape job instead of Prometheus failing to start.
 */
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, relative } from 'node:path';
import { utcStamp } from '../lib/utc-stamp.ts';
import { companionFiles } from '../../stack/services.ts';
import { composeArgs } from './docker.ts';
import { upstreamBinDir } from './native/build.ts';
import { recipes } from './native/components.ts';
import type { Reporter } from './output.ts';
import type { StackPaths } from './paths.ts';
import { loadVersions } from './versions.ts';

/** The names Prometheus loads from the folder: Go's glob `*.yml` (hidden files too, no subfolders). */
export const isDropIn = (name: string): boolean => name.endsWith('.yml');

export const quarantineDir = (paths: StackPaths): string => join(paths.dropIns, 'quarantine');

/**
 * A lab's own folder beside the drop-ins, <drop-ins>/<lab-id>/: files its job reads at run
 * time, such as file_sd target files (a drop-in's relative paths are relative to its folder).
 */
export const labFilesDir = (paths: StackPaths, labId: string): string => join(paths.dropIns, labId);

/** The lab folders in a drop-in folder: every subfolder but quarantine/. */
export function labFolders(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && e.name !== 'quarantine')
    .map((e) => e.name)
    .sort();
}

/** A path as the learner sees it: relative to the repository root when inside it. */
const shown = (paths: StackPaths, file: string): string => {
  const rel = relative(paths.root, file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
};

export interface PromtoolVerdict {
  readonly ok: boolean;
  /** What promtool printed, with the throwaway folder's paths given as the files they copy. */
  readonly output: string;
}

/** `promtool check config <dir>/prometheus.yml`, natively or in the stack's Prometheus image. */
export interface Promtool {
  /** Where the throwaway folders go: one the runner can read (Docker mounts it). */
  readonly scratch: string;
  /** Exit code and output, with the paths it printed given as under `dir`. */
  readonly check: (dir: string) => { readonly code: number; readonly output: string };
}

const PROMTOOL_TIMEOUT_MS = 60_000;

const spawnOutput = (result: ReturnType<typeof spawnSync>): string =>
  `${result.stdout.toString()}${result.stderr.toString()}${result.error ? `\n${result.error.message}` : ''}`.trim();

/** The built promtool in .stack/bin (it comes with the native Prometheus build), if it is there. */
export function nativePromtool(paths: StackPaths): Promtool | undefined {
  const binary = join(
    upstreamBinDir(paths, recipes(loadVersions(paths.versionsFile)).prometheus),
    'promtool',
  );
  if (!existsSync(binary)) return undefined;
  return {
    scratch: tmpdir(),
    check: (dir) => {
      const result = spawnSync(binary, ['check', 'config', join(dir, 'prometheus.yml')], {
        timeout: PROMTOOL_TIMEOUT_MS,
      });
      return { code: result.status ?? -1, output: spawnOutput(result) };
    },
  };
}

/** promtool from the Prometheus image compose.yaml pins, for Docker mode without a native build. */
export function dockerPromtool(paths: StackPaths): Promtool {
  const mount = '/check';
  return {
    scratch: join(paths.state, 'tmp'),
    check: (dir) => {
      // The image runs as nobody: the folder and its files must be readable by others.
      chmodSync(dir, 0o755);
      const args = [
        ...composeArgs(paths),
        ...['run', '--rm', '--no-deps', '-T', '--entrypoint', 'promtool', '--volume', `${dir}:${mount}:ro`],
        ...['prometheus', 'check', 'config', `${mount}/prometheus.yml`],
      ];
      const result = spawnSync('docker', args, { cwd: paths.root, timeout: 180_000 });
      return { code: result.status ?? -1, output: spawnOutput(result).replaceAll(mount, dir) };
    },
  };
}

/**
 * promtool's verdict on the stack's prometheus.yml with exactly these drop-ins (name → content)
 * in its labs/ folder; a name with a folder ("<lab-id>/targets.json") is a lab's own file. `shownAs`
 * names how a file appears in the output (default: its path in paths.dropIns).
 */
export function checkWithDropIns(
  paths: StackPaths,
  dropIns: ReadonlyMap<string, string>,
  promtool: Promtool,
  shownAs: ReadonlyMap<string, string> = new Map(),
): PromtoolVerdict {
  mkdirSync(promtool.scratch, { recursive: true });
  const dir = mkdtempSync(join(promtool.scratch, 'drop-in-check-'));
  try {
    mkdirSync(join(dir, 'labs'));
    writeFileSync(
      join(dir, 'prometheus.yml'),
      readFileSync(join(paths.stackDir, 'prometheus', 'prometheus.yml')),
    );
    // The rule files prometheus.yml names, at the same place beside it.
    for (const file of companionFiles.filter((f) => f.startsWith('prometheus/'))) {
      const copy = join(dir, relative('prometheus', file));
      mkdirSync(dirname(copy), { recursive: true, mode: 0o755 });
      writeFileSync(copy, readFileSync(join(paths.stackDir, file)), { mode: 0o644 });
    }
    for (const [name, text] of dropIns) {
      // A name with a folder is a lab's own file (labFilesDir), which the drop-in's job reads.
      mkdirSync(dirname(join(dir, 'labs', name)), { recursive: true, mode: 0o755 });
      writeFileSync(join(dir, 'labs', name), text, { mode: 0o644 });
    }
    const result = promtool.check(dir);
    let output = result.output;
    // Longest names first, so "a.yml" never rewrites part of "ba.yml".
    for (const name of [...dropIns.keys()].sort((a, b) => b.length - a.length))
      output = output.replaceAll(
        join(dir, 'labs', name),
        shownAs.get(name) ?? shown(paths, join(paths.dropIns, name)),
      );
    output = output.replaceAll(join(dir, 'prometheus.yml'), 'stack/prometheus/prometheus.yml');
    return { ok: result.code === 0, output };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The drop-ins in paths.dropIns, by name, in the order Prometheus reads them. */
export function readDropIns(paths: StackPaths): Map<string, string> {
  const files = new Map<string, string>();
  if (!existsSync(paths.dropIns)) return files;
  for (const name of readdirSync(paths.dropIns).filter(isDropIn).sort())
    files.set(name, readFileSync(join(paths.dropIns, name), 'utf8'));
  return files;
}

export interface Quarantined {
  readonly name: string;
  /** Where the file is now. */
  readonly movedTo: string;
  /** promtool's message. */
  readonly output: string;
}

export interface DropInReview {
  /** Drop-ins promtool accepts together (left in place). */
  readonly kept: readonly string[];
  readonly quarantined: readonly Quarantined[];
  /** Set when prometheus.yml fails on its own: nothing is quarantined then, the fault is not theirs. */
  readonly mainConfigError?: string;
}

/**
 * Checks the drop-ins together, and when promtool refuses them, one at a time next to those
 * already accepted (in name order): each it refuses is moved to quarantine/.
 */
export function quarantineBrokenDropIns(
  paths: StackPaths,
  promtool: Promtool,
  now = new Date(),
): DropInReview {
  const all = readDropIns(paths);
  if (all.size === 0 || checkWithDropIns(paths, all, promtool).ok)
    return { kept: [...all.keys()], quarantined: [] };
  const alone = checkWithDropIns(paths, new Map(), promtool);
  if (!alone.ok) return { kept: [...all.keys()], quarantined: [], mainConfigError: alone.output };
  const accepted = new Map<string, string>();
  const quarantined: Quarantined[] = [];
  for (const [name, text] of all) {
    const verdict = checkWithDropIns(paths, new Map([...accepted, [name, text]]), promtool);
    if (verdict.ok) {
      accepted.set(name, text);
      continue;
    }
    mkdirSync(quarantineDir(paths), { recursive: true });
    const movedTo = join(quarantineDir(paths), `${utcStamp(now)}-${name}`);
    renameSync(join(paths.dropIns, name), movedTo);
    quarantined.push({ name, movedTo, output: verdict.output });
  }
  return { kept: [...accepted.keys()], quarantined };
}

/** How a quarantined drop-in is reported: a line, and promtool's message under it. */
export type Warn = (message: string, detail: string) => void;

/** Tells, for each quarantined file, where it went and why (and when prometheus.yml itself fails). */
export function warnAbout(paths: StackPaths, review: DropInReview, warn: Warn): void {
  for (const q of review.quarantined)
    warn(
      `${shown(paths, join(paths.dropIns, q.name))}: promtool refuses it, so Prometheus runs without it; moved to ${shown(paths, q.movedTo)} (fix the lab's file and check the lab again)`,
      q.output,
    );
  if (review.mainConfigError !== undefined)
    warn(
      'stack/prometheus/prometheus.yml fails promtool on its own: the lab drop-ins were left as they are',
      review.mainConfigError,
    );
}

/**
 * Docker mode: compose mounts the drop-in folder as it is, so what promtool refuses is
 * quarantined before Prometheus starts or reloads.
 */
export function quarantineForDocker(paths: StackPaths, reporter: Reporter): void {
  warnAbout(
    paths,
    quarantineBrokenDropIns(paths, nativePromtool(paths) ?? dockerPromtool(paths)),
    reporter.fail,
  );
}
