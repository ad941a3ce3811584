/**
 * The attempts a lab's checker is proven against, in labs/<id>/cases.ts. Each attempt is the
 * lab's start/ or solution/ files with edits, and the dev-check runs every one against the
 * real stack:
 * - mistakes: wrong work; the checker must fail with a message containing `expect`, a failure
 *   of the learner's work (not of the stack or the checker), so the message names the fix;
 * - alternatives: correct work in another style than solution/ (other YAML or Alloy spellings,
 *   other valid rule forms, other Go structures, defaults left out); the checker must pass;
 * - sequences: attempts checked one after another in the same folder, as a learner edits and
 *   re-checks; each step must get its own verdict, which proves no check judges the state the
 *   previous attempt left in the stack.
 */
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** One change to one file: a replacement (`from` must occur in it), or the file's whole new text. */
export type Edit =
  | { readonly file: string; readonly replace: readonly [from: string, to: string] }
  | { readonly file: string; readonly text: string };

export interface Attempt {
  /** The files it starts from: the lab's solution/ (the default) or start/. */
  readonly from?: 'start' | 'solution';
  readonly edits?: readonly Edit[];
}

export interface Mistake extends Attempt {
  /** What the learner did, in a few words. */
  readonly name: string;
  /** A substring the failure (message, hint or output) must contain. */
  readonly expect: string;
}

export interface Alternative extends Attempt {
  /** How it differs from solution/, in a few words. */
  readonly name: string;
}

/** What one check of a sequence must say: pass, or fail with a message containing `fail`. */
export type Expectation = 'pass' | { readonly fail: string };

export interface Step extends Attempt {
  readonly expect: Expectation;
}

export interface Sequence {
  /** The story, in a few words: "pass, then break the job name, then re-check". */
  readonly name: string;
  readonly steps: readonly Step[];
}

export interface LabCases {
  readonly mistakes: readonly Mistake[];
  readonly alternatives: readonly Alternative[];
  readonly sequences: readonly Sequence[];
}

/** Identity with types, for labs/<id>/cases.ts. */
export const defineCases = (cases: LabCases): LabCases => cases;

/** The lab's own folders an attempt starts from. */
export interface AttemptBases {
  readonly start: string;
  readonly solution: string;
}

/**
 * Makes `dir` hold exactly the attempt's files: emptied, the base folder copied in, then the
 * edits applied. Throws naming the attempt when a replacement's `from` is not in its file, so
 * a solution change that makes a case meaningless fails the dev-check instead of passing it.
 */
export function writeAttempt(dir: string, bases: AttemptBases, attempt: Attempt, label: string): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const from = attempt.from ?? 'solution';
  cpSync(bases[from], dir, { recursive: true });
  for (const edit of attempt.edits ?? []) {
    const file = join(dir, edit.file);
    if ('text' in edit) {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, edit.text);
      continue;
    }
    const [before, after] = edit.replace;
    const text = readFileSync(file, 'utf8');
    if (!text.includes(before))
      throw new Error(`${label}: ${edit.file} of ${from}/ does not contain ${JSON.stringify(before)}`);
    writeFileSync(file, text.replace(before, after));
  }
}
