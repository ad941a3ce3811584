/**
 * The learner's progress, in one file: workspace/.progress.json (git-ignored with the rest of
 * workspace/). It says not to edit it; a file that does not parse is set aside, not trusted.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
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

export function readProgress(file = progressFile()): Progress {
  if (!existsSync(file)) return { labs: {} };
  let parsed: z.ZodSafeParseResult<Progress> | undefined;
  try {
    parsed = progressSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    parsed = undefined;
  }
  if (parsed?.success) return parsed.data;
  // Keep the unreadable file for the learner to look at, and start clean.
  renameSync(file, `${file}.broken-${Date.now()}`);
  return { labs: {} };
}

export function writeProgress(progress: Progress, file = progressFile()): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify({ ...progress, note: NOTE }, null, 2)}\n`);
}

/** Reads, changes one lab's entry, writes; returns the new entry. */
export function updateLab(
  id: string,
  change: (current: LabProgress) => LabProgress,
  file = progressFile(),
): LabProgress {
  const progress = readProgress(file);
  const next = change(progress.labs[id] ?? { hintsShown: 0 });
  writeProgress({ ...progress, labs: { ...progress.labs, [id]: next } }, file);
  return next;
}
