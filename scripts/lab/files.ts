/**
 * Copying a lab's files: `start` puts start/ into workspace/<id>/ without touching files the
 * learner already has, `reset` puts start/ back in place of them, `solution` copies solution/
 * next to (never over) the learner's work. Nothing is deleted: a folder that is replaced is
 * moved to workspace/.trash/ first.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { utcStamp } from '../lib/utc-stamp.ts';

/** Every file under dir, relative to it, sorted. */
export function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (current: string): void => {
    for (const entry of readdirSync(current).sort()) {
      const full = join(current, entry);
      if (statSync(full).isDirectory()) walk(full);
      else out.push(relative(dir, full));
    }
  };
  walk(dir);
  return out;
}

export interface CopyResult {
  readonly copied: readonly string[];
  /** Files left as they were because the learner has them already. */
  readonly kept: readonly string[];
}

/** Copies from → to, file by file; existing files are kept unless `overwrite`. */
export function copyFiles(from: string, to: string, overwrite: boolean): CopyResult {
  const copied: string[] = [];
  const kept: string[] = [];
  for (const file of filesUnder(from)) {
    const target = join(to, file);
    if (existsSync(target) && !overwrite) {
      kept.push(file);
      continue;
    }
    mkdirSync(dirname(target), { recursive: true });
    cpSync(join(from, file), target);
    copied.push(file);
  }
  return { copied, kept };
}

/** The files of `dir` that are not exactly those of `from`: changed, added or missing (sorted). */
export function changedFiles(from: string, dir: string): string[] {
  const theirs = filesUnder(from);
  const ours = filesUnder(dir);
  const differs = (file: string): boolean =>
    !theirs.includes(file) ||
    !ours.includes(file) ||
    !readFileSync(join(from, file)).equals(readFileSync(join(dir, file)));
  return [...new Set([...theirs, ...ours])].filter(differs).sort();
}

/** Moves `dir` to <trash>/<name>-<UTC time>/ (with -2, -3… when that is taken); returns where. */
export function moveToTrash(dir: string, trash: string, name: string, now = new Date()): string {
  mkdirSync(trash, { recursive: true });
  const base = join(trash, `${name}-${utcStamp(now)}`);
  let target = base;
  for (let n = 2; existsSync(target); n++) target = `${base}-${n}`;
  renameSync(dir, target);
  return target;
}

export interface Replaced {
  readonly files: readonly string[];
  /** Where the folder's previous contents went, when it had any that differ. */
  readonly trashed?: string;
}

/**
 * Makes `to` an exact copy of `from`. A `to` that holds anything else is first moved to the
 * trash as <name>-<UTC time>/, files the learner added included.
 */
export function replaceDir(from: string, to: string, trash: string, name: string): Replaced {
  const trashed =
    existsSync(to) && changedFiles(from, to).length > 0 ? moveToTrash(to, trash, name) : undefined;
  const files = copyFiles(from, to, true).copied;
  return trashed === undefined ? { files } : { files, trashed };
}
