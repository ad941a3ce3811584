/**
 * A token bucket per learner: a learner may send a burst, then a steady trickle. Check results
 * come seconds apart, so a learner above it is a loop or a flood, not a class at work. The
 * number of learners tracked is bounded too, so made-up names cannot grow the gateway's memory.
 */
export interface RateLimitOptions {
  /** Requests a learner may send at once. */
  readonly burst: number;
  /** Requests per second that refill the bucket. */
  readonly perSecond: number;
  /** Learners tracked at most; a new one beyond it is refused until buckets refill and go. */
  readonly maxLearners: number;
}

export const defaultRateLimit: RateLimitOptions = { burst: 20, perSecond: 2, maxLearners: 1000 };

export type RateVerdict = 'ok' | 'too fast' | 'too many learners';

export class LearnerRateLimit {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly options: RateLimitOptions;

  constructor(options: RateLimitOptions = defaultRateLimit) {
    this.options = options;
  }

  /** Takes one request's token from `learner`'s bucket, at time `now` (ms). */
  take(learner: string, now = Date.now()): RateVerdict {
    const { burst, perSecond, maxLearners } = this.options;
    const bucket = this.buckets.get(learner);
    if (!bucket) {
      if (this.buckets.size >= maxLearners) this.forgetFull(now);
      if (this.buckets.size >= maxLearners) return 'too many learners';
      this.buckets.set(learner, { tokens: burst - 1, at: now });
      return 'ok';
    }
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * perSecond);
    bucket.at = now;
    if (bucket.tokens < 1) return 'too fast';
    bucket.tokens -= 1;
    return 'ok';
  }

  /** Drops the buckets that have refilled: those learners start afresh, as if new. */
  private forgetFull(now: number): void {
    const { burst, perSecond } = this.options;
    for (const [learner, bucket] of this.buckets)
      if (bucket.tokens + ((now - bucket.at) / 1000) * perSecond >= burst) this.buckets.delete(learner);
  }
}
