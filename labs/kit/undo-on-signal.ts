/**
 * While shared state is half changed (a drop-in renamed into place, Prometheus not yet
 * reloaded), SIGINT and SIGTERM first put it back. Then the process ends with the conventional
 * code (130, 143), unless it handles the signal itself (`lab watch` and the dev-check stop their
 * loop and report): the interrupted caller then sees `interrupted` and changes nothing more.
 */
const exitCodes = { SIGINT: 130, SIGTERM: 143 } as const;
type Handled = keyof typeof exitCodes;

/** How long the undo's asynchronous part (a reload) may take before the process exits anyway. */
const UNDO_BOUND_MS = 5_000;

export interface SignalGuard {
  /** A signal came and the undo ran (or runs): change nothing more. */
  readonly interrupted: () => boolean;
  /** The undo a signal started, to await before returning. */
  readonly undone: () => Promise<void>;
  /** Takes the handlers away again. */
  readonly release: () => void;
}

/**
 * Installs the handlers until release(). `undo` runs once, on the first signal; its
 * synchronous part (up to its first await) runs at once, so put the file back before awaiting.
 */
export function undoOnSignal(undo: () => Promise<void>): SignalGuard {
  let running: Promise<void> | undefined;
  const handler = (signal: Handled): void => {
    if (running) {
      // A second signal: the learner means it.
      process.exit(exitCodes[signal]);
    }
    running = undo().catch(() => undefined);
    // Another handler (watch, dev-check) decides when this process ends.
    if (process.listenerCount(signal) > 1) return;
    const bound = new Promise((resolve) => setTimeout(resolve, UNDO_BOUND_MS).unref());
    void Promise.race([running, bound]).finally(() => process.exit(exitCodes[signal]));
  };
  const signals = Object.keys(exitCodes) as Handled[];
  for (const signal of signals) process.on(signal, handler);
  return {
    interrupted: () => running !== undefined,
    undone: () => running ?? Promise.resolve(),
    release: () => {
      for (const signal of signals) process.off(signal, handler);
    },
  };
}
