/** The pre-flight's closing table and the line a learner pastes to the instructor. */
import { describe, expect, it } from 'vitest';
import type { Outcome } from '../../scripts/preflight/summary.ts';
import { formatSummary, passed, reportLine } from '../../scripts/preflight/summary.ts';

const machine = {
  platform: 'linux-x64',
  cores: 2,
  memoryBytes: 24 * 1024 ** 3,
  node: 'v22.23.3',
  go: 'go1.26.0',
  mode: 'native',
};
const at = new Date('2026-12-03T17:40:12Z');
const green: Outcome[] = [
  { area: 'machine', status: 'ok', detail: 'linux-x64' },
  { area: 'ports', status: 'ok', detail: '20 ports free' },
];

describe('preflight summary', () => {
  it('passes when nothing is red, warnings named in the report', () => {
    const outcomes: Outcome[] = [...green, { area: 'site', status: 'warn', detail: 'slow' }];
    expect(passed(outcomes)).toBe(true);
    expect(reportLine(outcomes, machine, at)).toBe(
      'workshop preflight PASS · native · linux-x64 · 2 cores · 24 GiB · node v22.23.3 · go1.26.0 · warnings: site · 2026-12-03T17:40Z',
    );
  });

  it('fails naming every red area, and says when Go or a mode is missing', () => {
    const outcomes: Outcome[] = [
      ...green,
      { area: 'stack', status: 'fail', detail: 'x' },
      { area: 'labs', status: 'fail', detail: 'y' },
    ];
    expect(passed(outcomes)).toBe(false);
    const bare = { platform: 'linux-x64', cores: 2, memoryBytes: 24 * 1024 ** 3, node: 'v22.23.3' };
    expect(reportLine(outcomes, bare, at)).toBe(
      'workshop preflight FAIL (stack, labs) · no mode · linux-x64 · 2 cores · 24 GiB · node v22.23.3 · no go · 2026-12-03T17:40Z',
    );
  });

  it('aligns the table and marks each row', () => {
    expect(formatSummary([...green, { area: 'labs', status: 'fail', detail: 'install Go' }])).toBe(
      ['  ✓ machine  linux-x64', '  ✓ ports    20 ports free', '  ✗ labs     install Go'].join('\n'),
    );
  });
});
