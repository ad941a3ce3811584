/** The per-learner token bucket, on a clock the test sets. */
import { describe, expect, it } from 'vitest';
import { LearnerRateLimit } from '../../../scripts/classroom/rate-limit.ts';

describe('LearnerRateLimit', () => {
  it('lets a burst through, then refills at the steady rate', () => {
    const limit = new LearnerRateLimit({ burst: 2, perSecond: 1, maxLearners: 10 });
    expect([limit.take('a', 0), limit.take('a', 0), limit.take('a', 0)]).toEqual(['ok', 'ok', 'too fast']);
    expect(limit.take('a', 500)).toBe('too fast');
    expect(limit.take('a', 1_000)).toBe('ok');
    expect(limit.take('b', 1_000)).toBe('ok');
  });

  it('tracks a bounded number of learners, and frees the places of those whose bucket refilled', () => {
    const limit = new LearnerRateLimit({ burst: 1, perSecond: 1, maxLearners: 1 });
    expect(limit.take('a', 0)).toBe('ok');
    expect(limit.take('b', 0)).toBe('too many learners');
    expect(limit.take('b', 1_000)).toBe('ok');
  });
});
