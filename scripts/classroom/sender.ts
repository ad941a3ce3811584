/**
 * Sends the queued check results to the classroom's gateway, oldest first, in batches that stay
 * well under the gateway's body bound, until the queue is empty, a send fails, or the deadline
 * passes. What it sends is a remote-write 1.0 request: the results' series (check-samples.ts)
 * as a protobuf WriteRequest (write-request.ts) in a snappy block (snappy.ts).
 *
 * How an answer is taken, after remote-write 1.0: 2xx stored (dequeued); 400 and 413 mean the
 * payload itself is refused and would be again (dequeued, and said so in the status); anything
 * else (a network error, a timeout, 5xx, 429, a code the gateway no longer knows) is kept in the
 * queue and sent first next time. Nothing here throws at a check, and nothing prints: what
 * happened is written to last-send.json for `lab join --status`.
 */
import { checkSeries, describeSeries } from './check-samples.ts';
import type { Joined, LastSend } from './join-state.ts';
import { writeLastSend } from './join-state.ts';
import { classroomOfCode, learnerHeader, maxBodyBytes, pushPath, remoteWriteHeaders } from './protocol.ts';
import type { QueuedFile } from './send-queue.ts';
import { dequeue, oldest } from './send-queue.ts';
import { postBytes } from './post-bytes.ts';
import { releaseSenderLock, takeSenderLock } from './sender-lock.ts';
import { snappyEncode } from './snappy.ts';
import { encodeWriteRequest } from './write-request.ts';

export interface SendOptions {
  /** How long one request may take: short, since the learner's command waits for it to exit. */
  readonly requestTimeoutMs?: number;
  /** How long the whole drain may take. */
  readonly deadlineMs?: number;
}

/** A batch's protobuf stays under this, leaving the gateway's 64 KiB bound a margin. */
const BATCH_BYTES = maxBodyBytes * 0.75;
/** Results read from the queue per batch, before the size decides. */
const BATCH_READ = 100;

export type Outcome = LastSend['outcome'];

/** One remote-write request to the gateway, and what its answer means for the queue. */
export async function push(
  joined: Joined,
  body: Uint8Array,
  timeoutMs: number,
): Promise<{ outcome: Outcome; detail: string; status?: number }> {
  try {
    const { status, text } = await postBytes(`${joined.url}${pushPath}`, body, {
      headers: {
        ...remoteWriteHeaders,
        Authorization: `Bearer ${joined.code}`,
        [learnerHeader]: joined.name,
      },
      timeoutMs,
    });
    const detail = `HTTP ${status}${text ? `: ${text.slice(0, 200)}` : ''}`;
    if (status >= 200 && status < 300) return { outcome: 'sent', detail, status };
    return { outcome: status === 400 || status === 413 ? 'refused' : 'queued', detail, status };
  } catch (error) {
    const timedOut = (error as Error).name === 'TimeoutError';
    return {
      outcome: 'queued',
      detail: timedOut
        ? `no answer within ${timeoutMs} ms`
        : ((error as NodeJS.ErrnoException).code ?? (error as Error).message),
    };
  }
}

/** The oldest results whose request fits the batch bound (at least one, so nothing sticks). */
function batch(files: readonly QueuedFile[], joined: Joined): { files: QueuedFile[]; body: Uint8Array } {
  const sender = { classroom: classroomOfCode(joined.code), learner: joined.name };
  let taken: QueuedFile[] = [];
  let body = new Uint8Array();
  for (const file of files) {
    const next = [...taken, file];
    const encoded = encodeWriteRequest(
      checkSeries(
        next.flatMap((f) => (f.result ? [f.result] : [])),
        sender,
      ),
    );
    if (taken.length > 0 && encoded.length > BATCH_BYTES) break;
    taken = next;
    body = encoded;
  }
  return { files: taken, body };
}

const example = (files: readonly QueuedFile[], joined: Joined): string[] =>
  checkSeries(files.flatMap((f) => (f.result ? [f.result] : [])).slice(-1), {
    classroom: classroomOfCode(joined.code),
    learner: joined.name,
  })
    .flatMap(describeSeries)
    .slice(0, 3);

/**
 * Drains the queue as far as it goes; returns the last send's record, or undefined when there
 * was nothing to send or another sender holds the queue.
 */
export async function sendQueued(joined: Joined, options: SendOptions = {}): Promise<LastSend | undefined> {
  if (!takeSenderLock()) return undefined;
  const requestTimeoutMs = options.requestTimeoutMs ?? 2_000;
  const deadline = Date.now() + (options.deadlineMs ?? 3_000);
  let last: LastSend | undefined;
  try {
    while (Date.now() < deadline) {
      const queued = oldest(BATCH_READ);
      if (queued.length === 0) break;
      const { files, body } = batch(queued, joined);
      const { outcome, detail } = await push(joined, snappyEncode(body), requestTimeoutMs);
      last = {
        at: new Date().toISOString(),
        outcome,
        detail,
        results: files.length,
        example: example(files, joined),
      };
      writeLastSend(last);
      if (outcome === 'queued') break;
      dequeue(files);
    }
  } finally {
    releaseSenderLock();
  }
  return last;
}
