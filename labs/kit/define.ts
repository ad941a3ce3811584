/**
 * How a lab's checker is written: `defineLab({ id, init, checks })`. Checks run in order
 * against one directory of learner files (workspace/<id>, or start/ and solution/ in the
 * dev-check); each returns a verdict, and the first failure skips the rest.
 */
import type { Progress, WaitSpec } from './countdown.ts';
import type { Intervals } from './timing.ts';
import type { Final, Verdict } from './verdict.ts';

export interface CheckContext {
  /** The lab's id, e.g. "04-remote-write-tenant". */
  readonly labId: string;
  /** Absolute path of the directory being checked. */
  readonly dir: string;
  /** The directory as the learner sees it (relative to the repository root when inside it). */
  readonly shownDir: string;
  /** Absolute path of a learner file ("scrape.yml" → /…/workspace/01-scrape-the-app/scrape.yml). */
  readonly path: (file: string) => string;
  /** A learner file as the learner sees it: relative to the repository root when inside it. */
  readonly shown: (file: string) => string;
  /** Reads a learner file (UTF-8). Throws a CheckFailure naming the file when it is missing. */
  readonly read: (file: string) => string;
  /** The stack's intervals (scrape, rule evaluation, ...), from its configs. */
  readonly intervals: Intervals;
  /** Waits for data with a visible countdown, up to spec.budget; see countdown.ts. */
  readonly waitUntil: (spec: Omit<WaitSpec, 'progress' | 'signal'>) => Promise<Final>;
  /** Where countdown lines go (quiet under --json). */
  readonly progress: Progress;
  /** Set when the run should stop early (watch mode saw another save). */
  readonly signal: AbortSignal | undefined;
}

export interface Check<S> {
  /** Shown with ✓/✗: what is true when it passes ("job gin-app is a target"). */
  readonly name: string;
  readonly run: (ctx: CheckContext, state: S) => Promise<Verdict> | Verdict;
}

export interface Lab<S = unknown> {
  readonly id: string;
  /** Fresh per-run state the checks share (ports, a run id, what was applied). */
  readonly init: () => S;
  readonly checks: readonly Check<S>[];
  /** Undoes what checking applied beyond lab processes (a drop-in file, uploaded rules). */
  readonly teardown?: () => Promise<string[]>;
}

/** Identity with types: lets a check.ts infer its state type from init. */
export function defineLab<S>(lab: Lab<S>): Lab<S> {
  return lab;
}

/** A check without shared state. */
export function check<S>(
  name: string,
  run: (ctx: CheckContext, state: S) => Promise<Verdict> | Verdict,
): Check<S> {
  return { name, run };
}
