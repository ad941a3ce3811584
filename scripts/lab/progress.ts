/**
 * The learner's progress, in one file: workspace/.progress.json (git-ignored with the rest of
 * workspace/). It says not to edit it. It is replaced by renaming a finished temporary file over
 * it, so a reader never sees half of it; one that does not parse anyway (edited by hand) is
 * copied aside for the learner, not trusted, and never moved away.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { withFileLock, writeFileAtomic } from '../lib/atomic-file.ts';
import { workspaceDir } from './labs.ts';

const labProgressSchema = z.object({
  /** When `lab start` first copied the files. */
  startedAt: z.string().optional(),
  /** How many hints `lab hint` has shown (the next one is hints[hintsShown]). */
  hintsShown: z.number().int().min(0).default(0),
  /** When a check last passed on the workspace copy. */
  passedAt: z.string().optional(),
  /** When a check last ran, and whether it passed. */
  lastCheck: z.object({ at: z.string(), passed: z.boolean() }).optional(),
});
export type LabProgress = z.infer<typeof labProgressSchema>;

const progressSchema = z.object({
  note: z.string().optional(),
  labs: z.record(z.string(), labProgressSchema).default({}),
});
export type Progress = z.infer<typeof progressSchema>;

export const progressFile = (dir = workspaceDir): string => join(dir, '.progress.json');

const NOTE = 'Written by `npm run lab`; do not edit. `npm run lab -- reset <id>` starts a lab over.';

/** Where an unreadable progress file is copied: named by its content, so each is kept once. */
export const brokenCopy = (file: string, content: Buffer): string =>
  `${file}.broken-${createHash('sha256').update(content).digest('hex').slice(0, 12)}`;

export function readProgress(file = progressFile()): Progress {
  let content: Buffer;
  try {
    content = readFileSync(file);
  } catch {
    return { labs: {} };
  }
  let parsed: z.ZodSafeParseResult<Progress> | undefined;
  try {
    parsed = progressSchema.safeParse(JSON.parse(content.toString('utf8')));
  } catch {
    parsed = undefined;
  }
  if (parsed?.success) return parsed.data;
  // Keep a copy for the learner to look at, and start clean; the next write replaces the file.
  try {
    // The bytes read, not the file: a writer may have renamed a good one over it since.
    writeFileSync(brokenCopy(file, content), content, { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return { labs: {} };
}

export function writeProgress(progress: Progress, file = progressFile()): void {
  writeFileAtomic(file, `${JSON.stringify({ ...progress, note: NOTE }, null, 2)}\n`);
}

/** Reads, changes one lab's entry, writes, under the file's lock; returns the new entry. */
export function updateLab(
  id: string,
  change: (current: LabProgress) => LabProgress,
  file = progressFile(),
): LabProgress {
  return withFileLock(file, () => {
    const progress = readProgress(file);
    const next = change(progress.labs[id] ?? { hintsShown: 0 });
    writeProgress({ ...progress, labs: { ...progress.labs, [id]: next } }, file);
    return next;
  });
}
