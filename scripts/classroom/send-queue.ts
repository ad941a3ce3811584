/**
 * Check results waiting to be sent: one file per result in <state>/classroom/queue/, named so
 * that names sort in the order the checks ran. Each is written atomically (a finished temporary
 * file renamed in), so a check killed half-way leaves no half a result, and two lab commands
 * queueing at once never rewrite each other's file. The queue is bounded: past maxQueued the
 * oldest results go, so a laptop offline all day does not fill its disk.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../lib/atomic-file.ts';
import type { QueuedResult } from './check-samples.ts';
import { queuedResultSchema } from './check-samples.ts';
import { learnerDir } from './join-state.ts';

export const maxQueued = 500;

const queueDir = (): string => join(learnerDir(), 'queue');

export interface QueuedFile {
  /** The file's name in the queue folder. */
  readonly name: string;
  /** Its result; undefined when the file does not read as one (it is sent never, and removed). */
  readonly result: QueuedResult | undefined;
}

/** Names sort by check time, then by a per-process sequence for two results in one millisecond. */
let sequence = 0;
const nameFor = (result: QueuedResult): string =>
  `${String(result.atMs).padStart(15, '0')}-${String(sequence++).padStart(6, '0')}-${randomBytes(4).toString('hex')}.json`;

/** The queued files' names, oldest first; temporary files (hidden) are not part of it. */
const names = (): string[] => {
  try {
    return readdirSync(queueDir())
      .filter((n) => n.endsWith('.json') && !n.startsWith('.'))
      .sort();
  } catch {
    return [];
  }
};

export const queueLength = (): number => names().length;

/** Queues a result behind those already waiting; returns how many old ones it pushed out. */
export function enqueue(result: QueuedResult): number {
  mkdirSync(queueDir(), { recursive: true });
  writeFileAtomic(join(queueDir(), nameFor(result)), `${JSON.stringify(result)}\n`);
  const all = names();
  const excess = all.slice(0, Math.max(0, all.length - maxQueued));
  for (const name of excess) rmSync(join(queueDir(), name), { force: true });
  return excess.length;
}

/** The oldest `limit` queued results, oldest first. */
export function oldest(limit: number): QueuedFile[] {
  return names()
    .slice(0, limit)
    .map((name) => {
      let result: QueuedResult | undefined;
      try {
        const parsed = queuedResultSchema.safeParse(JSON.parse(readFileSync(join(queueDir(), name), 'utf8')));
        result = parsed.success ? parsed.data : undefined;
      } catch {
        result = undefined;
      }
      return { name, result };
    });
}

export function dequeue(files: readonly QueuedFile[]): void {
  for (const f of files) rmSync(join(queueDir(), f.name), { force: true });
}
