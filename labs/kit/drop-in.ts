/**
 * Applying a learner's scrape file to the stack's Prometheus as the drop-in
 * <drop-ins>/<lab-id>.yml (loaded through scrape_config_files). promtool checks it off to the
 * side first, on a throwaway prometheus.yml with the other drop-ins next to it; only a file it
 * accepts is renamed into place (atomically), and Prometheus is reloaded. A reload Prometheus
 * refuses, or a Ctrl-C or SIGTERM meanwhile, puts the previous file back, so the folder never
 * holds a file Prometheus cannot start with. The caller holds the lab's lock (lab-lock.ts).
 */
import { spawnSync } from 'node:child_process';
import { basename, join } from 'node:path';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { removePending, writeFileAtomic } from '../../scripts/lib/atomic-file.ts';
import {
  checkWithDropIns,
  labFilesDir,
  nativePromtool,
  type Promtool,
  readDropIns,
  silentReporter,
  stackPaths,
  type StackPaths,
  stackReload,
} from '../../scripts/stack/index.ts';
import { imageStatus } from './docker-run.ts';
import { shownPath } from './shown.ts';
import { tool } from './tools.ts';
import { validatorArgs } from './validators.ts';
import { undoOnSignal } from './undo-on-signal.ts';
import type { Final } from './verdict.ts';
import { fail, pass } from './verdict.ts';

/** stack/prometheus/labs (or under WORKSHOP_STATE_DIR): loaded by the stack's Prometheus through scrape_config_files. */
export const dropInDir = (paths: StackPaths = stackPaths()): string => paths.dropIns;

export const dropInFile = (labId: string, paths: StackPaths = stackPaths()): string =>
  join(dropInDir(paths), `${labId}.yml`);

/** `npm run stack -- reload prometheus` (renders natively, then SIGHUP); the error or undefined. */
export async function reloadPrometheus(paths: StackPaths = stackPaths()): Promise<string | undefined> {
  try {
    await stackReload('prometheus', { reporter: silentReporter, paths });
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/**
 * promtool as tools.ts decides: the built one, or the Prometheus image's with the throwaway
 * folder mounted at its own path (so its messages name the same files as natively).
 */
async function dropInPromtool(paths: StackPaths): Promise<Promtool | Final> {
  const info = tool('promtool', paths);
  if (info.mode === 'native') {
    const promtool = nativePromtool(paths);
    return (
      promtool ??
      fail('promtool is not built yet, so the drop-in cannot be checked', {
        hint: 'run `npm run stack -- build prometheus` (or `npm run stack -- up`, which builds what is missing)',
      })
    );
  }
  const image = await imageStatus(info);
  if (!image.ok) return fail(`${image.reason}, so the drop-in cannot be checked`, { hint: image.hint });
  return {
    scratch: join(paths.state, 'tmp'),
    check: (dir) => {
      const args = validatorArgs(info, ['check', 'config', join(dir, 'prometheus.yml')], {
        files: [join(dir, 'prometheus.yml')],
      });
      const result = spawnSync('docker', args, { cwd: paths.root, timeout: 60_000 });
      const output = `${result.stdout.toString()}${result.stderr.toString()}${result.error ? `\n${result.error.message}` : ''}`;
      return { code: result.status ?? -1, output: output.trim() };
    },
  };
}

/** A file of the lab's own folder (labFilesDir) that its drop-in's job reads, such as a file_sd file. */
export interface LabFile {
  readonly content: string;
  /** How the learner knows it (workspace/<lab-id>/targets.json), for promtool's messages. */
  readonly shown: string;
}

export interface ApplyOptions {
  readonly paths?: StackPaths;
  /**
   * Files for <drop-ins>/<lab-id>/, by name, checked by promtool with the drop-in and put in
   * place before it (a job must not start reading a folder that is not there yet).
   */
  readonly files?: ReadonlyMap<string, LabFile>;
  /** Reloads the stack's Prometheus: the error, or undefined (default: reloadPrometheus). */
  readonly reload?: () => Promise<string | undefined>;
}

const readIfThere = (file: string): string | undefined =>
  existsSync(file) ? readFileSync(file, 'utf8') : undefined;

/**
 * promtool checks the drop-in next to the stack's whole prometheus.yml and the other drop-ins
 * (which finds what a file alone cannot: a job name the stack already uses); then it is renamed
 * into place and Prometheus reloads. Whatever fails leaves the previous file in place.
 */
export async function applyDropIn(
  labId: string,
  content: string,
  shown: string,
  options: ApplyOptions = {},
): Promise<Final> {
  const paths = options.paths ?? stackPaths();
  const reload = options.reload ?? (() => reloadPrometheus(paths));
  const file = dropInFile(labId, paths);
  const name = basename(file);
  const labFiles = [...(options.files ?? new Map<string, LabFile>())].map(([fileName, labFile]) => ({
    ...labFile,
    name: `${labId}/${fileName}`,
    path: join(labFilesDir(paths, labId), fileName),
  }));
  const promtool = await dropInPromtool(paths);
  if ('kind' in promtool) return promtool;
  // What a run killed with SIGKILL left: only this lab's checks write these names, under its lock.
  for (const f of [file, ...labFiles.map((l) => l.path)]) removePending(f);
  const together = readDropIns(paths);
  together.set(name, content);
  for (const l of labFiles) together.set(l.name, l.content);
  const shownAs = new Map([[name, shown], ...labFiles.map((l): [string, string] => [l.name, l.shown])]);
  const checked = checkWithDropIns(paths, together, promtool, shownAs);
  if (!checked.ok) {
    const duplicate = /multiple scrape configs with job name "([^"]+)"/.exec(checked.output);
    return fail(`the stack's Prometheus cannot take ${shown} next to its own prometheus.yml:`, {
      output: checked.output,
      hint: duplicate
        ? `job "${duplicate[1] ?? ''}" already exists in stack/prometheus/prometheus.yml or another lab's file: give your job its own name`
        : `fix what is named above; ${shownPath(file)} was left as it was`,
    });
  }

  const written = [file, ...labFiles.map((l) => l.path)];
  const previous = new Map(written.map((f) => [f, readIfThere(f)]));
  const restore = (): void => {
    for (const [f, text] of previous) {
      if (text === undefined) rmSync(f, { force: true });
      else writeFileAtomic(f, text);
    }
  };
  const guard = undoOnSignal(async () => {
    restore();
    await reload();
  });
  try {
    for (const l of labFiles) writeFileAtomic(l.path, l.content);
    writeFileAtomic(file, content);
    const error = await reload();
    if (guard.interrupted()) {
      await guard.undone();
      return fail(`interrupted: ${shownPath(file)} is back as it was before this check`);
    }
    if (error === undefined) return pass(`copied to ${shownPath(file)}, Prometheus reloaded`);
    restore();
    await reload();
    return fail(`Prometheus refused the reload with ${shown} (it keeps running its previous config):`, {
      output: error,
      hint: `\`npm run stack -- logs prometheus\` shows why; ${shownPath(file)} is back as it was`,
    });
  } finally {
    guard.release();
  }
}

/** Removes the drop-in and the lab's own folder (if any) and reloads; returns what was done, for `lab stop`. */
export async function removeDropIn(labId: string, paths: StackPaths = stackPaths()): Promise<string[]> {
  const file = dropInFile(labId, paths);
  const folder = labFilesDir(paths, labId);
  const there = [file, folder].filter((f) => existsSync(f));
  if (there.length === 0) return [];
  for (const f of there) rmSync(f, { recursive: true, force: true });
  const error = await reloadPrometheus(paths);
  return [
    `removed ${there.map(shownPath).join(' and ')}${error ? ` (Prometheus not reloaded: ${error})` : ', Prometheus reloaded'}`,
  ];
}
