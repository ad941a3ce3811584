/**
 * One sender at a time per machine: `lab watch` and "Check my work" may finish checks at once,
 * and two senders draining one queue could send a series' samples out of order (which Mimir
 * refuses). The lock is <state>/classroom/send.lock, created with O_EXCL and holding the pid;
 * one whose process is gone, or older than any send can take, is stale and taken over. A caller
 * that finds it held does not wait: its result is already queued, and the holder or the next
 * check sends it.
 */
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { processStartTime } from '../../labs/kit/lab-lock.ts';
import { learnerDir } from './join-state.ts';

/** Far above a drain's own deadline (sender.ts): a lock this old was left by a killed process. */
const STALE_MS = 60_000;

const lockFile = (): string => join(learnerDir(), 'send.lock');

function stale(): boolean {
  try {
    const pid = Number(readFileSync(lockFile(), 'utf8'));
    return Date.now() - statSync(lockFile()).mtimeMs > STALE_MS || processStartTime(pid) === undefined;
  } catch {
    // Gone meanwhile, or not written yet by a creator that is still alive: try again next time.
    return false;
  }
}

/** Takes the lock, or returns false when another live sender holds it. */
export function takeSenderLock(): boolean {
  mkdirSync(learnerDir(), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockFile(), 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (!stale()) return false;
      rmSync(lockFile(), { force: true });
    }
  }
  return false;
}

export const releaseSenderLock = (): void => {
  rmSync(lockFile(), { force: true });
};
