/**
 * How the stack scripts talk to a person: one line per step, elapsed times, failures with
 * what to run next. Under CI (CI set) failures are also printed as GitHub annotations.
 */
const useColor = process.stdout.isTTY && !process.env['NO_COLOR'];
const paint = (code: string, text: string): string => (useColor ? `\u001b[${code}m${text}\u001b[0m` : text);

export const bold = (text: string): string => paint('1', text);
export const dim = (text: string): string => paint('2', text);
export const green = (text: string): string => paint('32', text);
export const red = (text: string): string => paint('31', text);
export const yellow = (text: string): string => paint('33', text);

/** 1.2s, 42s, 3m05s: short enough for a progress line. */
export function formatDuration(ms: number): string {
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)}s`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes}m${String(seconds % 60).padStart(2, '0')}s`;
}

export interface Reporter {
  /** A step begins. */
  readonly step: (message: string) => void;
  /** A step or service is fine. */
  readonly ok: (message: string) => void;
  /** Something to know that is not a failure (e.g. Grafana skipped natively). */
  readonly note: (message: string) => void;
  /** A failure, with an optional block of detail (log lines) and the command to run next. */
  readonly fail: (message: string, detail?: string) => void;
  /**
   * Where a long step's progress goes. `live`: one line redrawn in place (a terminal), so it
   * may be called often; otherwise every call prints a line, and callers call it sparingly.
   * Absent: progress is shown through `note`, sparingly.
   */
  readonly progress?: {
    readonly live: boolean;
    readonly show: (line: string) => void;
    readonly end: () => void;
  };
}

const liveTerminal = process.stdout.isTTY && !process.env['CI'];

/** Prints to the terminal; the default for the CLI. */
export const consoleReporter: Reporter = {
  step: (message) => {
    console.log(`${bold('==>')} ${message}`);
  },
  ok: (message) => {
    console.log(`  ${green('✓')} ${message}`);
  },
  note: (message) => {
    console.log(`  ${yellow('•')} ${message}`);
  },
  fail: (message, detail) => {
    console.error(`  ${red('✗')} ${message}`);
    if (detail) console.error(detail.replace(/^/gm, '    │ '));
    if (process.env['CI']) console.error(`::error title=stack::${message.replace(/\n/g, '%0A')}`);
  },
  progress: {
    live: liveTerminal,
    show: (line) => {
      // \r and erase-line redraw one line; a plain log gets one line per call.
      if (liveTerminal) process.stdout.write(`\r\u001b[2K  ${dim('…')} ${line}`);
      else console.log(`  ${dim('…')} ${line}`);
    },
    end: () => {
      if (liveTerminal) process.stdout.write('\r\u001b[2K');
    },
  },
};

/** Says nothing; for callers (tests, bench) that only want the return values. */
export const silentReporter: Reporter = { step: () => {}, ok: () => {}, note: () => {}, fail: () => {} };

/** Runs fn and returns its result with the wall time it took. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - start };
}

/** An error the CLI prints as is (no stack trace) before exiting 1. */
export class StackError extends Error {
  override name = 'StackError';
}
