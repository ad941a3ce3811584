/**
 * The hand-written WriteRequest encoder, read back with a decoder written from protobuf's wire
 * format: every series, its labels sorted by name, each sample's double and int64 timestamp.
 */
import { describe, expect, it } from 'vitest';
import { encodeWriteRequest } from '../../../scripts/classroom/write-request.ts';
import { decodeWriteRequest, fields } from './remote-write-decode.ts';

describe('encodeWriteRequest', () => {
  it('writes each series as field 1 with its labels sorted by name and its samples in order', () => {
    const bytes = encodeWriteRequest([
      {
        labels: { learner: 'Ada L', __name__: 'workshop_check_passed', check: 'config parses', lab: '01' },
        samples: [
          { value: 1, timestampMs: 1_796_319_984_725 },
          { value: 0, timestampMs: 1_796_319_990_000 },
        ],
      },
      {
        labels: { __name__: 'workshop_check_duration_seconds' },
        samples: [{ value: 0.012, timestampMs: 5 }],
      },
    ]);
    expect(decodeWriteRequest(bytes)).toEqual([
      {
        labels: [
          ['__name__', 'workshop_check_passed'],
          ['check', 'config parses'],
          ['lab', '01'],
          ['learner', 'Ada L'],
        ],
        samples: [
          { value: 1, timestamp: 1_796_319_984_725n },
          { value: 0, timestamp: 1_796_319_990_000n },
        ],
      },
      {
        labels: [['__name__', 'workshop_check_duration_seconds']],
        samples: [{ value: 0.012, timestamp: 5n }],
      },
    ]);
  });

  it('encodes label values as UTF-8 and lengths past 127 as multi-byte varints', () => {
    const long = 'x'.repeat(300);
    const [series] = decodeWriteRequest(
      encodeWriteRequest([{ labels: { check: `番号 ${long}` }, samples: [{ value: -2.5, timestampMs: 0 }] }]),
    );
    expect(series?.labels).toEqual([['check', `番号 ${long}`]]);
    expect(series?.samples).toEqual([{ value: -2.5, timestamp: 0n }]);
  });

  it('uses the wire types types.proto implies: strings and messages length-delimited, value fixed64, timestamp varint', () => {
    const bytes = encodeWriteRequest([{ labels: { a: 'b' }, samples: [{ value: 1, timestampMs: 7 }] }]);
    const [timeseries] = fields(bytes);
    expect(timeseries).toMatchObject({ field: 1, wire: 2 });
    const inner = fields(timeseries?.value as Uint8Array);
    expect(inner.map((f) => [f.field, f.wire])).toEqual([
      [1, 2],
      [2, 2],
    ]);
    expect(fields(inner[1]?.value as Uint8Array).map((f) => [f.field, f.wire])).toEqual([
      [1, 1],
      [2, 0],
    ]);
  });

  it('is empty for no series: an empty WriteRequest, which `lab join` sends to test the code', () => {
    expect(encodeWriteRequest([]).length).toBe(0);
  });
});

describe('native histograms (the PromQL exercises load theirs with it)', () => {
  it('writes a Histogram as types.proto numbers its fields: zigzag schema and offsets, packed deltas', () => {
    const body = encodeWriteRequest([
      {
        labels: { __name__: 'h' },
        samples: [],
        histograms: [
          {
            timestampMs: 1000,
            count: 3,
            sum: 1.5,
            schema: 2,
            zeroThreshold: 0,
            zeroCount: 0,
            positiveSpans: [{ offset: -1, length: 2 }],
            positiveDeltas: [1, 1],
          },
        ],
      },
    ]);
    const histogram = [
      ...[0x08, 0x03], // count_int = 3
      ...[0x19, 0, 0, 0, 0, 0, 0, 0xf8, 0x3f], // sum = 1.5
      ...[0x20, 0x04], // schema = 2, zigzag
      ...[0x29, 0, 0, 0, 0, 0, 0, 0, 0], // zero_threshold = 0
      ...[0x30, 0x00], // zero_count_int = 0
      ...[0x5a, 0x04, 0x08, 0x01, 0x10, 0x02], // positive_spans { offset -1 (zigzag 1), length 2 }
      ...[0x62, 0x02, 0x02, 0x02], // positive_deltas [1, 1], packed zigzag
      ...[0x78, 0xe8, 0x07], // timestamp = 1000
    ];
    // TimeSeries field 4 (histograms), length-delimited, holding exactly the bytes above.
    const field = [0x22, histogram.length, ...histogram];
    expect(Buffer.from(body).includes(Buffer.from(field))).toBe(true);
  });
});
