/**
 * `lab watch <id>`: checks once, then again each time a file in workspace/<id>/ changes. It
 * polls the files' contents rather than relying on file-system events, which editors that
 * save by renaming and WSL2's mounted drives do not deliver reliably. A save during a check
 * stops that check's waiting and starts a new one. Each check holds the lab's lock, so "Check
 * my work" in the page runs between them, never during one.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LabEntry } from '../../labs/manifest.ts';
import { LabBusyError, withLabLock } from '../../labs/kit/lab-lock.ts';
import { bold, dim, yellow } from '../../labs/kit/report.ts';
import { shownPath } from '../../labs/kit/shown.ts';
import { filesUnder } from './files.ts';
import { recordCheck } from './verbs.ts';
import { checkDir } from './run-check.ts';
import { sleep } from '../lib/sleep.ts';

export const POLL_MS = 700;

/** A fingerprint of every file in dir (names and contents). */
export function fingerprint(dir: string): string {
  const hash = createHash('sha256');
  for (const file of filesUnder(dir)) {
    hash.update(`${file}\0`);
    try {
      hash.update(readFileSync(join(dir, file)));
    } catch {
      // deleted between listing and reading: the next poll sees it
    }
  }
  return hash.digest('hex');
}

/** Polls until dir's fingerprint differs from `seen` (returns the new one) or `over()` says stop. */
async function nextChange(dir: string, seen: string, over: () => boolean): Promise<string | undefined> {
  while (!over()) {
    await sleep(POLL_MS);
    const now = fingerprint(dir);
    if (now !== seen) return now;
  }
  return undefined;
}

export async function watch(entry: LabEntry, dir: string, stop: AbortSignal): Promise<void> {
  let seen = fingerprint(dir);
  while (!stop.aborted) {
    const run = new AbortController();
    console.log(bold(`\n── checking ${entry.id} (${new Date().toLocaleTimeString()}) ──`));
    let finished = false;
    const checking = withLabLock(entry.id, 'watch', async () =>
      recordCheck(entry, await checkDir(entry, dir, { signal: run.signal })),
    )
      .catch((error: unknown) => {
        // Someone else checks it right now: say so, and check again on the next save.
        if (!(error instanceof LabBusyError)) throw error;
        console.log(yellow(error.message));
      })
      .finally(() => {
        finished = true;
      });
    // A save while the check runs aborts it (its remaining checks are reported as skipped).
    const during = await nextChange(dir, seen, () => finished || stop.aborted);
    if (during !== undefined) {
      seen = during;
      run.abort();
    }
    await checking;
    if (during !== undefined) continue;
    console.log(dim(`watching ${shownPath(dir)} for changes (Ctrl-C to stop)`));
    const after = await nextChange(dir, seen, () => stop.aborted);
    if (after !== undefined) seen = after;
  }
}
