import type { ProxyService } from './routes.ts';

/**
 * Bounds how many proxied queries each stack service runs at once. A lesson page with a
 * dashboard sends a dozen queries per refresh, which queue here for a moment; a page that
 * floods the proxy gets 429 instead of queueing heavy range queries onto a 2-core laptop.
 */

export interface Slot {
  /** Gives the slot back; later calls do nothing. */
  release(): void;
}

export class SlotPool<K extends string> {
  private readonly running = new Map<K, number>();
  private readonly waiting = new Map<K, (() => void)[]>();

  private readonly perKey: number;
  private readonly maxWaiting: number;

  constructor(perKey: number, maxWaiting: number) {
    this.perKey = perKey;
    this.maxWaiting = maxWaiting;
  }

  /** A slot for `key`, after waiting for one if all are taken; undefined when the queue is full. */
  async acquire(key: K): Promise<Slot | undefined> {
    if ((this.running.get(key) ?? 0) >= this.perKey) {
      const queue = this.waiting.get(key) ?? [];
      if (queue.length >= this.maxWaiting) return undefined;
      this.waiting.set(key, queue);
      // release() hands its slot straight to the first waiter, so the count stays as it is.
      await new Promise<void>((resolve) => queue.push(resolve));
    } else {
      this.running.set(key, (this.running.get(key) ?? 0) + 1);
    }
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        const next = this.waiting.get(key)?.shift();
        if (next) next();
        else this.running.set(key, (this.running.get(key) ?? 1) - 1);
      },
    };
  }

  /** Queries running for `key` (for tests). */
  inFlight(key: K): number {
    return this.running.get(key) ?? 0;
  }
}

/** Six at a time per service, as a browser allows per host; up to 64 waiting. */
export const upstreamSlots = new SlotPool<ProxyService>(6, 64);

/** Passes `body` through and releases `slot` once it has been read, cancelled or failed. */
export function releaseAtEnd(
  body: ReadableStream<Uint8Array> | null,
  slot: Slot,
): ReadableStream<Uint8Array> | null {
  if (body === null) {
    slot.release();
    return null;
  }
  const reader = body.getReader();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) {
          slot.release();
          controller.close();
        } else {
          controller.enqueue(value);
        }
      } catch (error) {
        slot.release();
        controller.error(error);
      }
    },
    async cancel(reason) {
      slot.release();
      await reader.cancel(reason);
    },
  });
}
