/**
 * A minimal protobuf encoder for Prometheus remote-write 1.0's `prometheus.WriteRequest`: only
 * the fields check results need. Field numbers from prometheus/prometheus prompb/remote.proto
 * and prompb/types.proto:
 *
 *   WriteRequest { repeated TimeSeries timeseries = 1; }
 *   TimeSeries   { repeated Label labels = 1; repeated Sample samples = 2; }
 *   Label        { string name = 1; string value = 2; }
 *   Sample       { double value = 1; int64 timestamp = 2; }   // timestamp in ms
 *
 * Wire format (protobuf encoding guide): a field is a varint key `(number << 3) | wire type`,
 * wire type 0 for varints, 1 for 64-bit (double), 2 for length-delimited (strings, messages).
 * Hand-written rather than generated: five fields do not warrant a protobuf toolchain.
 */
import { concatBytes } from './bytes.ts';

/** A series to write: its labels (the metric name as `__name__`) and its samples, oldest first. */
export interface Series {
  readonly labels: Readonly<Record<string, string>>;
  readonly samples: readonly { readonly value: number; readonly timestampMs: number }[];
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

  /** An int64 field: negative values are two's complement in ten bytes, as protobuf says. */
  int64(field: number, value: number): void {
    this.key(field, VARINT);
    this.varint(BigInt.asUintN(64, BigInt(value)));
  }

  finish(): Uint8Array<ArrayBuffer> {
    return concatBytes(this.chunks);
  }
}

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

/** Label names sorted by their bytes, as the remote-write spec requires of a sender. */
const sortedLabels = (labels: Readonly<Record<string, string>>): [string, string][] =>
  Object.entries(labels).sort(([a], [b]) => Buffer.compare(Buffer.from(a), Buffer.from(b)));

function encodeSeries(series: Series): Uint8Array {
  const w = new Writer();
  for (const [name, value] of sortedLabels(series.labels)) w.bytes(1, encodeLabel(name, value));
  for (const s of series.samples) w.bytes(2, encodeSample(s.value, s.timestampMs));
  return w.finish();
}

/** The protobuf bytes of a WriteRequest holding `series` (not yet snappy-compressed). */
export function encodeWriteRequest(series: readonly Series[]): Uint8Array<ArrayBuffer> {
  const w = new Writer();
  for (const s of series) w.bytes(1, encodeSeries(s));
  return w.finish();
}
