import { describe, expect, it } from 'vitest';
import { isLoopbackAddress } from '../../../scripts/lib/loopback.ts';

describe('isLoopbackAddress (the site guard and the socket audit)', () => {
  it('counts 127.0.0.0/8, ::1 and IPv4-mapped loopback as loopback', () => {
    for (const a of ['127.0.0.1', '127.1.2.3', '127.8.9.10', '::1', '::ffff:127.0.0.1', '::FFFF:127.0.0.1'])
      expect(isLoopbackAddress(a), a).toBe(true);
  });

  it('counts nothing else: wildcards, other hosts, look-alike names', () => {
    for (const a of [
      '0.0.0.0',
      '::',
      '*',
      '128.0.0.1',
      '192.168.1.4',
      '::2',
      '::ffff:10.0.0.1',
      'fe80::1',
      '127.0.0.1.example',
      'localhost',
    ])
      expect(isLoopbackAddress(a), a).toBe(false);
  });
});
