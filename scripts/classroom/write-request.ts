/**
 * A minimal protobuf encoder for Prometheus remote-write 1.0's `prometheus.WriteRequest`: only
 * the fields check results need. Field numbers from prometheus/prometheus prompb/remote.proto
 * and prompb/types.proto:
 *
 *   WriteRequest { repeated TimeSeries timeseries = 1; }
 *   TimeSeries   { repeated Label labels = 1; repeated Sample samples = 2; repeated Histogram histograms = 4; }
 *   Label        { string name = 1; string value = 2; }
 *   Sample       { double value = 1; int64 timestamp = 2; }   // timestamp in ms
 *   Histogram    { uint64 count_int = 1; double sum = 3; sint32 schema = 4; double zero_threshold = 5;
 *                  uint64 zero_count_int = 6; repeated BucketSpan positive_spans = 11;
 *                  repeated sint64 positive_deltas = 12 (packed); int64 timestamp = 15; }
 *   BucketSpan   { sint32 offset = 1; uint32 length = 2; }
 *
 * Histograms are the integer native histograms of the PromQL exercises' dataset (observations
 * are never negative there, so no negative buckets); check results send none.
 *
 * Wire format (protobuf encoding guide): a field is a varint key `(number << 3) | wire type`,
 * wire type 0 for varints, 1 for 64-bit (double), 2 for length-delimited (strings, messages).
 * Hand-written rather than generated: a dozen fields do not warrant a protobuf toolchain.
 */
import { concatBytes } from './bytes.ts';

/** One native histogram sample: buckets of `schema`, their counts as deltas, as Prometheus keeps them. */
export interface NativeHistogramSample {
  readonly timestampMs: number;
  readonly count: number;
  readonly sum: number;
  readonly schema: number;
  readonly zeroThreshold: number;
  readonly zeroCount: number;
  readonly positiveSpans: readonly { readonly offset: number; readonly length: number }[];
  /** The first bucket's count, then each bucket's difference from the one before. */
  readonly positiveDeltas: readonly number[];
}

/** A series to write: its labels (the metric name as `__name__`) and its samples, oldest first. */
export interface Series {
  readonly labels: Readonly<Record<string, string>>;
  readonly samples: readonly { readonly value: number; readonly timestampMs: number }[];
  readonly histograms?: readonly NativeHistogramSample[];
}

const VARINT = 0;
const FIXED64 = 1;
const LENGTH_DELIMITED = 2;

/** Collects bytes; every write appends. */
class Writer {
  private readonly chunks: Uint8Array[] = [];

  /** A base-128 varint of a non-negative integer up to 2^63 (bigint: int64 timestamps). */
  varint(value: bigint): void {
    const bytes: number[] = [];
    let rest = value;
    while (rest >= 0x80n) {
      bytes.push(Number(rest & 0x7fn) | 0x80);
      rest >>= 7n;
    }
    bytes.push(Number(rest));
    this.chunks.push(Uint8Array.from(bytes));
  }

  key(field: number, wireType: number): void {
    this.varint(BigInt((field << 3) | wireType));
  }

  bytes(field: number, data: Uint8Array): void {
    this.key(field, LENGTH_DELIMITED);
    this.varint(BigInt(data.length));
    this.chunks.push(data);
  }

  double(field: number, value: number): void {
    this.key(field, FIXED64);
    const data = new Uint8Array(8);
    new DataView(data.buffer).setFloat64(0, value, true);
    this.chunks.push(data);
  }

  /** A uint64 field. */
  uint64(field: number, value: number): void {
    this.key(field, VARINT);
    this.varint(BigInt(value));
  }

  /** A sint32 or sint64 field: zigzag, so small negative numbers stay small. */
  sint(field: number, value: number): void {
    this.key(field, VARINT);
    this.varint(zigzag(value));
  }

  /** A packed repeated sint64 field. */
  packedSint(field: number, values: readonly number[]): void {
    const inner = new Writer();
    for (const v of values) inner.varint(zigzag(v));
    this.bytes(field, inner.finish());
  }

  /** An int64 field: negative values are two's complement in ten bytes, as protobuf says. */
  int64(field: number, value: number): void {
    this.key(field, VARINT);
    this.varint(BigInt.asUintN(64, BigInt(value)));
  }

  finish(): Uint8Array<ArrayBuffer> {
    return concatBytes(this.chunks);
  }
}

const zigzag = (value: number): bigint => {
  const n = BigInt(value);
  return n >= 0n ? n << 1n : (-n << 1n) - 1n;
};

const utf8 = new TextEncoder();

function encodeLabel(name: string, value: string): Uint8Array {
  const w = new Writer();
  w.bytes(1, utf8.encode(name));
  w.bytes(2, utf8.encode(value));
  return w.finish();
}

function encodeSample(value: number, timestampMs: number): Uint8Array {
  const w = new Writer();
  w.double(1, value);
  w.int64(2, timestampMs);
  return w.finish();
}

function encodeHistogram(h: NativeHistogramSample): Uint8Array {
  const w = new Writer();
  w.uint64(1, h.count);
  w.double(3, h.sum);
  w.sint(4, h.schema);
  w.double(5, h.zeroThreshold);
  w.uint64(6, h.zeroCount);
  for (const span of h.positiveSpans) {
    const s = new Writer();
    s.sint(1, span.offset);
    s.uint64(2, span.length);
    w.bytes(11, s.finish());
  }
  if (h.positiveDeltas.length > 0) w.packedSint(12, h.positiveDeltas);
  w.int64(15, h.timestampMs);
  return w.finish();
}

/** Label names sorted by their bytes, as the remote-write spec requires of a sender. */
const sortedLabels = (labels: Readonly<Record<string, string>>): [string, string][] =>
  Object.entries(labels).sort(([a], [b]) => Buffer.compare(Buffer.from(a), Buffer.from(b)));

function encodeSeries(series: Series): Uint8Array {
  const w = new Writer();
  for (const [name, value] of sortedLabels(series.labels)) w.bytes(1, encodeLabel(name, value));
  for (const s of series.samples) w.bytes(2, encodeSample(s.value, s.timestampMs));
  for (const h of series.histograms ?? []) w.bytes(4, encodeHistogram(h));
  return w.finish();
}

/** The protobuf bytes of a WriteRequest holding `series` (not yet snappy-compressed). */
export function encodeWriteRequest(series: readonly Series[]): Uint8Array<ArrayBuffer> {
  const w = new Writer();
  for (const s of series) w.bytes(1, encodeSeries(s));
  return w.finish();
}
