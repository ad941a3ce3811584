/**
 * Reference decoders the classroom tests read the sender's bytes back with, written from the
 * specifications rather than from the encoders: protobuf's wire format (varint keys, wire types
 * 0, 1, 2) for prometheus.WriteRequest (prompb/remote.proto, prompb/types.proto), and snappy's
 * block format (google/snappy format_description.txt: the varint preamble, literals, and the
 * three kinds of copy, which the encoder never emits but a decoder must read).
 */

function readVarint(bytes: Uint8Array, at: number): [bigint, number] {
  let value = 0n;
  let shift = 0n;
  for (let i = at; i < bytes.length; i++) {
    const byte = bytes[i] ?? 0;
    value |= BigInt(byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) return [value, i + 1];
    shift += 7n;
  }
  throw new Error(`varint runs past the end at ${at}`);
}

/** A message's fields in order: number, wire type, and the raw value. */
export function fields(bytes: Uint8Array): { field: number; wire: number; value: bigint | Uint8Array }[] {
  const out: { field: number; wire: number; value: bigint | Uint8Array }[] = [];
  let at = 0;
  while (at < bytes.length) {
    const [key, next] = readVarint(bytes, at);
    const field = Number(key >> 3n);
    const wire = Number(key & 7n);
    at = next;
    if (wire === 0) {
      const [v, after] = readVarint(bytes, at);
      out.push({ field, wire, value: v });
      at = after;
    } else if (wire === 1) {
      out.push({ field, wire, value: bytes.subarray(at, at + 8) });
      at += 8;
    } else if (wire === 2) {
      const [length, after] = readVarint(bytes, at);
      const end = after + Number(length);
      if (end > bytes.length) throw new Error(`field ${field} runs past the end`);
      out.push({ field, wire, value: bytes.subarray(after, end) });
      at = end;
    } else throw new Error(`wire type ${wire} is not used by WriteRequest`);
  }
  return out;
}

export interface DecodedSeries {
  labels: [string, string][];
  samples: { value: number; timestamp: bigint }[];
}

const bytesOf = (v: bigint | Uint8Array): Uint8Array => {
  if (typeof v === 'bigint') throw new Error('expected a length-delimited field');
  return v;
};
const text = (v: bigint | Uint8Array): string => new TextDecoder().decode(bytesOf(v));

/** prometheus.WriteRequest: timeseries = 1 { labels = 1 {name = 1, value = 2}, samples = 2 {value = 1 double, timestamp = 2 int64} }. */
export function decodeWriteRequest(bytes: Uint8Array): DecodedSeries[] {
  return fields(bytes).map((ts) => {
    if (ts.field !== 1) throw new Error(`WriteRequest field ${ts.field} is unexpected`);
    const series: DecodedSeries = { labels: [], samples: [] };
    for (const f of fields(bytesOf(ts.value))) {
      const inner = fields(bytesOf(f.value));
      if (f.field === 1) {
        const name = inner.find((x) => x.field === 1);
        const value = inner.find((x) => x.field === 2);
        series.labels.push([name ? text(name.value) : '', value ? text(value.value) : '']);
      } else if (f.field === 2) {
        const v = inner.find((x) => x.field === 1 && x.wire === 1);
        const t = inner.find((x) => x.field === 2 && x.wire === 0);
        const raw = v ? bytesOf(v.value) : new Uint8Array(8);
        series.samples.push({
          value: new DataView(raw.buffer, raw.byteOffset, 8).getFloat64(0, true),
          timestamp: BigInt.asIntN(64, typeof t?.value === 'bigint' ? t.value : 0n),
        });
      } else throw new Error(`TimeSeries field ${f.field} is unexpected`);
    }
    return series;
  });
}

/** Snappy block format: preamble (uncompressed length, varint), then literals and copies. */
export function snappyDecode(block: Uint8Array): Uint8Array {
  const [length, start] = readVarint(block, 0);
  const out = new Uint8Array(Number(length));
  let o = 0;
  let i = start;
  const le = (n: number): number => {
    let v = 0;
    for (let k = 0; k < n; k++) v += (block[i + k] ?? 0) * 2 ** (8 * k);
    i += n;
    return v;
  };
  const copy = (offset: number, len: number): void => {
    if (offset === 0 || offset > o) throw new Error(`copy offset ${offset} at output ${o} is invalid`);
    for (let k = 0; k < len; k++, o++) out[o] = out[o - offset] ?? 0;
  };
  while (i < block.length) {
    const tag = block[i++] ?? 0;
    const m = tag >> 2;
    switch (tag & 3) {
      case 0: {
        const len = (m < 60 ? m : le(m - 59)) + 1;
        if (i + len > block.length || o + len > out.length) throw new Error('literal runs past the end');
        out.set(block.subarray(i, i + len), o);
        i += len;
        o += len;
        break;
      }
      case 1:
        copy(((m >> 3) << 8) | le(1), 4 + (m & 7));
        break;
      case 2:
        copy(le(2), m + 1);
        break;
      default:
        copy(le(4), m + 1);
    }
  }
  if (o !== out.length) throw new Error(`decoded ${o} bytes, the preamble said ${out.length}`);
  return out;
}
