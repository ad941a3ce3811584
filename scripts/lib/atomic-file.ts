/**
 * Replacing a file so that a reader, or a process killed half-way, only ever sees the old
 * content or the new one: the new content goes to a temporary file in the same folder (so the
 * rename stays on one file system), is flushed, and is renamed over the target.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

const PENDING = '.pending';

/** A hidden name ending in .pending next to `file`: no `*.yml` or `*.json` glob picks it up. */
export const pendingName = (file: string): string =>
  join(dirname(file), `.${basename(file)}.${process.pid}-${randomBytes(4).toString('hex')}${PENDING}`);

export function writeFileAtomic(file: string, content: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const temp = pendingName(file);
  try {
    writeFileSync(temp, content, { flush: true });
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

/** Removes the temporary files a killed writer of `file` left behind (only ever written by one owner). */
export function removePending(file: string): void {
  const prefix = `.${basename(file)}.`;
  let names: string[];
  try {
    names = readdirSync(dirname(file));
  } catch {
    return;
  }
  for (const name of names)
    if (name.startsWith(prefix) && name.endsWith(PENDING)) rmSync(join(dirname(file), name), { force: true });
}
