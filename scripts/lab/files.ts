/**
 * Copying a lab's files: `start` puts start/ into workspace/<id>/ without touching files the
 * learner already has, `reset` puts start/ back over them, `solution` copies solution/ next to
 * (never over) the learner's work.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

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

/** Replaces `to` with an exact copy of `from` (files the learner added are removed too). */
export function replaceDir(from: string, to: string): readonly string[] {
  rmSync(to, { recursive: true, force: true });
  return copyFiles(from, to, true).copied;
}
