/**
 * The lab CLI's one hook into the classroom (scripts/lab/verbs.ts's recordCheck, which both
 * `lab check` — the terminal's and the site's "Check my work" — and `lab watch` go through): when
 * the learner has joined a classroom, the result is queued on disk at once, then the queue is
 * sent in the background. The check's verdict, output and exit code never depend on it: a
 * failure here is one line on stderr, and a send is bounded by sender.ts's short deadline.
 */
import type { LabReport } from '../../labs/kit/runner.ts';
import { queuedResult } from './check-samples.ts';
import { readJoined } from './join-state.ts';
import { enqueue } from './send-queue.ts';

const say = (error: unknown): void => {
  console.error(`classroom: ${(error as Error).message} (your check is not affected)`);
};

export function reportCheck(report: LabReport, atMs: number): void {
  try {
    const joined = readJoined();
    if (!joined) return;
    enqueue(queuedResult(report, atMs));
    // The sender (HTTP, TLS, the encoders) loads only for a learner who joined: every other
    // lab command starts as fast as before.
    import('./sender.ts').then(({ sendQueued }) => sendQueued(joined)).catch(say);
  } catch (error) {
    say(error);
  }
}
