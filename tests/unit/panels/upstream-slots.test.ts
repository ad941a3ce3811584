import { describe, expect, it } from 'vitest';
import { SlotPool, releaseAtEnd } from '../../../site/lib/stack-proxy/upstream-slots.ts';

describe('the proxy slot pool', () => {
  it('runs a bounded number at once, queues the next ones in order, refuses past the queue', async () => {
    const pool = new SlotPool<'mimir'>(2, 1);
    const first = await pool.acquire('mimir');
    const second = await pool.acquire('mimir');
    expect(pool.inFlight('mimir')).toBe(2);
    let thirdGranted = false;
    const third = pool.acquire('mimir').then((slot) => {
      thirdGranted = true;
      return slot;
    });
    expect(await pool.acquire('mimir')).toBeUndefined();
    await Promise.resolve();
    expect(thirdGranted).toBe(false);
    first?.release();
    first?.release();
    expect(await third).toBeDefined();
    expect(pool.inFlight('mimir')).toBe(2);
    second?.release();
    (await third)?.release();
    expect(pool.inFlight('mimir')).toBe(0);
  });

  it('gives the slot back when a streamed body ends or is cancelled', async () => {
    const pool = new SlotPool<'prometheus'>(1, 0);
    const slot = await pool.acquire('prometheus');
    const body = releaseAtEnd(new Response('abc').body, slot as NonNullable<typeof slot>);
    expect(await new Response(body).text()).toBe('abc');
    expect(pool.inFlight('prometheus')).toBe(0);

    const again = await pool.acquire('prometheus');
    const stream = releaseAtEnd(new Response('x'.repeat(1 << 20)).body, again as NonNullable<typeof again>);
    await stream?.cancel('client went away');
    expect(pool.inFlight('prometheus')).toBe(0);
  });
});
