/**
 * Replacing a file so that a reader, or a process killed half-way, only ever sees the old
 * content or the new one: the new content goes to a temporary file in the same folder (so the
 * rename stays on one file system), is flushed, and is renamed over the target.
 */
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';

const PENDING = '.pending';

/** A hidden name ending in .pending next to `file`: no `*.yml` or `*.json` glob picks it up. */
export const pendingName = (file: string): string =>
  join(dirname(file), `.${basename(file)}.${process.pid}-${randomBytes(4).toString('hex')}${PENDING}`);

/** `mode` applies from the first byte: a file holding a secret is never readable by others. */
export function writeFileAtomic(file: string, content: string, mode = 0o666): void {
  mkdirSync(dirname(file), { recursive: true });
  const temp = pendingName(file);
  try {
    writeFileSync(temp, content, { flush: true, mode });
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

/** A lock older than this was left by a killed process: the section it guards takes milliseconds. */
const staleLockMs = 10_000;
const lockWaitMs = 5_000;

/**
 * Runs a short synchronous read-modify-write of `file` while holding `<file>.lock` (created with
 * O_EXCL), so two processes changing different parts of one file (two labs' progress) cannot
 * lose each other's change. Waits up to 5 s; a lock left by a killed process is taken over.
 */
export function withFileLock<T>(file: string, section: () => T): T {
  mkdirSync(dirname(file), { recursive: true });
  const lock = `${file}.lock`;
  const deadline = Date.now() + lockWaitMs;
  for (;;) {
    try {
      closeSync(openSync(lock, 'wx'));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = lockAgeMs(lock);
      if (age !== undefined && age > staleLockMs) rmSync(lock, { force: true });
      else if (Date.now() > deadline)
        throw new Error(`${file} stayed locked by another process for ${lockWaitMs / 1000} s (${lock})`, {
          cause: error,
        });
      else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
    }
  }
  try {
    return section();
  } finally {
    rmSync(lock, { force: true });
  }
}

function lockAgeMs(lock: string): number | undefined {
  try {
    return Date.now() - statSync(lock).mtimeMs;
  } catch {
    return undefined;
  }
}
