/**
 * What a probe says about the learner's work: it passed, it failed for a reason the learner
 * can fix, or it cannot tell yet because data has not arrived (keep waiting).
 */

/** A problem a validator found, located in a learner's file. */
export interface Problem {
  /** The file as shown to the learner (relative to the repository root when inside it). */
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  readonly message: string;
}

export interface Pass {
  readonly kind: 'pass';
  /** One line shown after the check's name ("3 samples in tenant lab-04"). */
  readonly detail?: string;
}

export interface Fail {
  readonly kind: 'fail';
  /** What is wrong, naming what to fix. */
  readonly message: string;
  /** What to try. */
  readonly hint?: string;
  /** Verbatim tool output or log lines, printed as a block under the message. */
  readonly output?: string;
  /** Structured locations for --json and editors. */
  readonly problems?: readonly Problem[];
}

export interface Wait {
  readonly kind: 'wait';
  /** Why it is not decided yet; becomes the failure message if time runs out. */
  readonly reason: string;
  /** Shown with the failure if time runs out. */
  readonly hint?: string;
  readonly output?: string;
}

export type Verdict = Pass | Fail | Wait;
/** A verdict that ends a check: waiting is over. */
export type Final = Pass | Fail;

export const pass = (detail?: string): Pass =>
  detail === undefined ? { kind: 'pass' } : { kind: 'pass', detail };

export function fail(message: string, extra: Omit<Fail, 'kind' | 'message'> = {}): Fail {
  return { kind: 'fail', message, ...extra };
}

export function wait(reason: string, extra: Omit<Wait, 'kind' | 'reason'> = {}): Wait {
  return { kind: 'wait', reason, ...extra };
}

/** Thrown inside a check to end it with a failure (e.g. from a helper several calls deep). */
export class CheckFailure extends Error {
  override name = 'CheckFailure';
  readonly verdict: Fail;
  constructor(verdict: Fail) {
    super(verdict.message);
    this.verdict = verdict;
  }
}
