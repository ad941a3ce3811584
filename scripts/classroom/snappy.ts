/**
 * Snappy's block format, as remote-write 1.0 requires of a request body, written with literals
 * only. google/snappy's format_description.txt: a block is the uncompressed length as a
 * little-endian base-128 varint (§1, "Preamble"), then elements; a literal (§2.1) is a tag byte
 * whose low two bits are 00 and whose upper six bits hold length-1 when it is below 60, or
 * 60..63 to say that length-1 follows in 1..4 little-endian bytes; then the bytes themselves.
 * A block of literals only is valid snappy (no element must be a copy), which every decoder
 * reads, golang/snappy's Decode in Mimir among them. It does not compress: a batch of check
 * results is a few KiB, so the saving would not pay for a compressor or a dependency.
 */
import { concatBytes } from './bytes.ts';

/** Literals are cut at 64 KiB: a two-byte length (tag 61) covers that, and decoders expect it. */
const MAX_LITERAL = 65_536;

function varint(value: number): number[] {
  const bytes: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    bytes.push((rest & 0x7f) | 0x80);
    rest = Math.floor(rest / 128);
  }
  bytes.push(rest);
  return bytes;
}

function literalTag(length: number): number[] {
  const n = length - 1;
  if (n < 60) return [n << 2];
  if (n < 0x100) return [60 << 2, n];
  return [61 << 2, n & 0xff, n >> 8];
}

/** `data` as one snappy block of literal elements. */
export function snappyEncode(data: Uint8Array): Uint8Array<ArrayBuffer> {
  const parts: Uint8Array[] = [Uint8Array.from(varint(data.length))];
  for (let at = 0; at < data.length; at += MAX_LITERAL) {
    const chunk = data.subarray(at, at + MAX_LITERAL);
    parts.push(Uint8Array.from(literalTag(chunk.length)), chunk);
  }
  return concatBytes(parts);
}
