/**
 * The literal-only snappy encoder against a decoder written in the test from google/snappy's
 * format_description.txt: every length round-trips, including those at the tag boundaries (60
 * bytes fit the tag, 61 need a length byte, 256 two) and past the 64 KiB literal cut.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { snappyEncode } from '../../../scripts/classroom/snappy.ts';
import { snappyDecode } from './remote-write-decode.ts';

describe('snappyEncode', () => {
  it.each([0, 1, 59, 60, 61, 255, 256, 257, 65_535, 65_536, 65_537, 200_000])(
    'round-trips %i bytes',
    (size) => {
      const data = new Uint8Array(randomBytes(size));
      expect(snappyDecode(snappyEncode(data))).toEqual(data);
    },
  );

  it('starts with the uncompressed length as a varint (the preamble)', () => {
    expect([...snappyEncode(new Uint8Array(300)).subarray(0, 2)]).toEqual([0xac, 0x02]);
  });

  it('the reference decoder reads copies too, so it is not shaped after the encoder', () => {
    // "abcd" as a literal, then a 1-byte-offset copy (tag 01) of 8 bytes from 4 back.
    const block = Uint8Array.from([12, 3 << 2, 0x61, 0x62, 0x63, 0x64, 0b000_100_01, 4]);
    expect(new TextDecoder().decode(snappyDecode(block))).toBe('abcdabcdabcd');
  });
});
