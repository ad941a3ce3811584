/** The exposition reader, on an OpenMetrics answer recorded from the stack's app (fixtures/). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isOpenMetrics, parseExposition, sampleValue } from '../../../labs/kit/exposition.ts';

const families = parseExposition(
  readFileSync(new URL('fixtures/app-openmetrics.txt', import.meta.url), 'utf8'),
);

describe('parseExposition', () => {
  it('files a counter under its family name, without _total, with its samples (exemplars ignored)', () => {
    const orders = families.get('shop_orders');
    expect(orders?.type).toBe('counter');
    expect(orders?.samples.map((s) => s.labels['result'])).toEqual(['accepted', 'declined', 'invalid']);
    expect(sampleValue(families, 'shop_orders_total')).toBe(151 + 17 + 33);
  });

  it('attaches _bucket, _sum and _count to their histogram', () => {
    const histogram = families.get('http_request_duration_seconds');
    expect(histogram?.type).toBe('histogram');
    const names = new Set(histogram?.samples.map((s) => s.name));
    expect([...names].sort()).toEqual([
      'http_request_duration_seconds_bucket',
      'http_request_duration_seconds_count',
      'http_request_duration_seconds_sum',
    ]);
  });

  it('reads UNIT lines', () => {
    const parsed = parseExposition(
      '# TYPE d_seconds histogram\n# UNIT d_seconds seconds\nd_seconds_count 1\n# EOF\n',
    );
    expect(parsed.get('d_seconds')?.unit).toBe('seconds');
  });

  it('is undefined for a sample that is not there', () => {
    expect(sampleValue(families, 'shop_checkouts_total')).toBeUndefined();
  });
});

describe('isOpenMetrics', () => {
  it('tells the two content types apart', () => {
    expect(isOpenMetrics('application/openmetrics-text; version=1.0.0; charset=utf-8')).toBe(true);
    expect(isOpenMetrics('text/plain; version=0.0.4; charset=utf-8')).toBe(false);
    expect(isOpenMetrics(null)).toBe(false);
  });
});
