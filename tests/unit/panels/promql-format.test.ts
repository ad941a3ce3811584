import { describe, expect, it } from 'vitest';
import { formatPromQLVariable } from '../../../site/islands/grafana/promql-format.ts';

describe('dashboard variables in PromQL', () => {
  it('leaves "/" alone: PromQL strings reject Grafana’s "\\/" regex escape', () => {
    expect(formatPromQLVariable('/api/products/:id', { multi: false, includeAll: false })).toBe(
      '/api/products/:id',
    );
    expect(formatPromQLVariable(['/api/orders'], { multi: true })).toBe('/api/orders');
  });

  it('joins several values into an escaped alternation for =~', () => {
    expect(formatPromQLVariable(['/api/orders', '/api/slow.v2'], { multi: true })).toBe(
      '(/api/orders|/api/slow\\\\.v2)',
    );
  });

  it('escapes quotes and backslashes for a double-quoted PromQL string', () => {
    expect(formatPromQLVariable('say "hi" \\o/', {})).toBe('say \\"hi\\" \\\\o/');
  });
});
