/** `classroom start --listen`: IP:PORT only, and which addresses count as loopback. */
import { describe, expect, it } from 'vitest';
import { isLoopbackOnly, learnerUrls, listenSchema } from '../../../scripts/classroom/listen-address.ts';

describe('--listen', () => {
  it.each([
    ['127.0.0.1:9309', { host: '127.0.0.1', port: 9309 }, true],
    ['0.0.0.0:9309', { host: '0.0.0.0', port: 9309 }, false],
    ['192.168.1.20:80', { host: '192.168.1.20', port: 80 }, false],
    ['[::1]:9309', { host: '::1', port: 9309 }, true],
  ])('takes %s', (text, address, loopback) => {
    const parsed = listenSchema.parse(text);
    expect(parsed).toEqual(address);
    expect(isLoopbackOnly(parsed)).toBe(loopback);
  });

  it.each(['localhost:9309', '9309', '127.0.0.1', '127.0.0.1:99999', 'example.org:80'])(
    'refuses %s',
    (text) => {
      expect(listenSchema.safeParse(text).success).toBe(false);
    },
  );

  it('gives learners the bound address itself when it is one', () => {
    expect(learnerUrls('192.168.1.20', 9309)).toEqual(['http://192.168.1.20:9309']);
  });
});
