/**
 * Waiting with a visible countdown. On a terminal a single line updates in place; elsewhere
 * (CI, pipes) a plain line is printed every few seconds so logs show progress without noise.
 */
import { sleep } from '../../scripts/lib/sleep.ts';
import type { Budget } from './timing.ts';
import { formatMs } from './timing.ts';
import type { Final, Verdict } from './verdict.ts';
import { fail } from './verdict.ts';

/** Where countdown lines go. */
export interface Progress {
  /** A waiting probe reports its state; the sink decides whether and how to show it. */
  readonly tick: (line: string) => void;
  /** The wait is over: clear an in-place line. */
  readonly clear: () => void;
}

export const silentProgress: Progress = { tick: () => {}, clear: () => {} };

/** "⧗ waiting for job gin-app to be scraped · 12s left · target health unknown" */
export function countdownLine(what: string, remainingMs: number, reason: string): string {
  const left = Math.max(0, Math.ceil(remainingMs / 1000));
  return `⧗ waiting for ${what} · ${left}s left · ${reason}`;
}

/** A terminal: rewrites one line in place, cut to the terminal's width. */
export function ttyProgress(stream: NodeJS.WriteStream, indent = '    '): Progress {
  let shown = false;
  return {
    tick: (line) => {
      const width = Math.max(20, (stream.columns || 100) - 1);
      const text = `${indent}${line}`;
      stream.write(`\r\u001b[2K${text.length > width ? `${text.slice(0, width - 1)}…` : text}`);
      shown = true;
    },
    clear: () => {
      if (shown) stream.write('\r\u001b[2K');
      shown = false;
    },
  };
}

/** Not a terminal: one line every `everyMs`, the first one right away. */
export function lineProgress(
  write: (line: string) => void,
  everyMs = 5_000,
  now: () => number = Date.now,
  indent = '    ',
): Progress {
  let last = -Infinity;
  return {
    tick: (line) => {
      const t = now();
      if (t - last < everyMs) return;
      last = t;
      write(`${indent}${line}`);
    },
    clear: () => {
      last = -Infinity;
    },
  };
}

/** The progress sink for this process's stdout. */
export function defaultProgress(): Progress {
  return process.stdout.isTTY && !process.env['CI']
    ? ttyProgress(process.stdout)
    : lineProgress((line) => {
        console.log(line);
      });
}

export interface WaitSpec {
  /** What is awaited, for the countdown ("series in tenant lab-04"). */
  readonly what: string;
  readonly budget: Budget;
  /** Decides: pass, fail, or wait (not yet). Exceptions count as "wait" with their message. */
  readonly probe: () => Promise<Verdict>;
  /** Pause between probes (default 1 s). */
  readonly everyMs?: number;
  readonly progress?: Progress;
  /** Stops waiting early (watch mode: the file changed again). */
  readonly signal?: AbortSignal;
  /** Injected clock and sleep, for tests. */
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * Probes until a final verdict or until the budget runs out. Running out turns the last
 * "wait" into a failure that says how long was waited and why that long.
 */
export async function waitUntil(spec: WaitSpec): Promise<Final> {
  const now = spec.now ?? (() => performance.now());
  const pause = spec.sleep ?? sleep;
  const progress = spec.progress ?? silentProgress;
  const start = now();
  let lastReason: string;
  let lastHint: string | undefined;
  let lastOutput: string | undefined;
  try {
    for (;;) {
      let verdict: Verdict;
      try {
        verdict = await spec.probe();
      } catch (error) {
        verdict = { kind: 'wait', reason: (error as Error).message };
      }
      if (verdict.kind !== 'wait') return verdict;
      lastReason = verdict.reason;
      lastHint = verdict.hint;
      lastOutput = verdict.output;
      const remaining = spec.budget.ms - (now() - start);
      if (remaining <= 0 || spec.signal?.aborted) break;
      progress.tick(countdownLine(spec.what, remaining, verdict.reason));
      await pause(Math.min(spec.everyMs ?? 1_000, remaining));
    }
  } finally {
    progress.clear();
  }
  const waited = formatMs(now() - start);
  const extra = { ...(lastHint ? { hint: lastHint } : {}), ...(lastOutput ? { output: lastOutput } : {}) };
  if (spec.signal?.aborted) return fail(`stopped waiting for ${spec.what}: ${lastReason}`, extra);
  return fail(`${lastReason} (waited ${waited} for ${spec.what}: ${spec.budget.because})`, extra);
}
