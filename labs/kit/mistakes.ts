/**
 * Wrong attempts a lab expects learners to make, written as one edit of the solution. The
 * dev-check applies each to a copy of solution/ and asserts the checker fails with a message
 * containing `expect`, so the messages stay good enough to fix the mistake from.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Mistake {
  /** What the learner did, in a few words. */
  readonly name: string;
  /** The file edited, relative to solution/. */
  readonly file: string;
  /** [from, to]: `from` must occur in the solution file. */
  readonly replace: readonly [string, string];
  /** A substring the failure message (message, hint or output) must contain. */
  readonly expect: string;
}

/** Copies solution/ to a temporary folder and applies the mistake; throws if `from` is not there. */
export function materialize(solutionDir: string, mistake: Mistake, labId: string): string {
  const dir = mkdtempSync(join(tmpdir(), `lab-${labId.slice(0, 2)}-mistake-`));
  cpSync(solutionDir, dir, { recursive: true });
  const file = join(dir, mistake.file);
  const text = readFileSync(file, 'utf8');
  const [from, to] = mistake.replace;
  if (!text.includes(from))
    throw new Error(
      `mistake "${mistake.name}": ${mistake.file} of the solution does not contain ${JSON.stringify(from)}`,
    );
  writeFileSync(file, text.replace(from, to));
  return dir;
}
