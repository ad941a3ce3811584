/**
 * The kit's readers for the Go labs: duration arguments in the learner's code (they size the
 * waits), error lines in a program's log (quoted when data is missing), and the bounds on a
 * duration histogram's _sum (timed by the checker from the outside).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { goDurationCalls, goDurationMs } from '../../../labs/kit/go.ts';
import { problemLines } from '../../../labs/kit/processes.ts';
import type { TrafficResult } from '../../../labs/kit/traffic.ts';
import { durationSumProblem } from '../../../labs/kit/traffic.ts';

describe('goDurationMs', () => {
  it.each([
    ['2 * time.Second', 2_000],
    ['time.Second*2', 2_000],
    ['time.Duration(500) * time.Millisecond', 500],
    ['time.Minute', 60_000],
    ['time.Second + 500*time.Millisecond', 1_500],
    ['1.5 * time.Second', 1_500],
    ['2000000000', 2_000],
  ])('%s is %d ms', (expr, ms) => {
    expect(goDurationMs(expr)).toBeCloseTo(ms);
  });

  it.each([['interval'], ['cfg.Interval()'], ['time.Fortnight'], ['']])('%j is not a constant', (expr) => {
    expect(goDurationMs(expr)).toBeUndefined();
  });
});

describe('goDurationCalls', () => {
  it('finds the calls in the Go files, but not in comments', () => {
    const dir = mkdtempSync(join(tmpdir(), 'go-durations-'));
    writeFileSync(
      join(dir, 'telemetry.go'),
      [
        'package main',
        '// sdkmetric.WithInterval(time.Hour) would be slow',
        'r := sdkmetric.NewPeriodicReader(exp, sdkmetric.WithInterval(5*time.Second)) // http://x',
        '/* sdkmetric.WithInterval(time.Minute) */',
      ].join('\n'),
    );
    writeFileSync(join(dir, 'notes.txt'), 'WithInterval(time.Hour)');
    expect(goDurationCalls(dir, 'workspace/x', 'WithInterval')).toEqual([
      { file: 'workspace/x/telemetry.go', text: '5*time.Second', ms: 5_000 },
    ]);
  });
});

describe('problemLines', () => {
  it('keeps the error lines without their timestamps, repeats folded, the latest last', () => {
    const log = [
      '2026/12/03 13:27:33 checkout listening on http://127.0.0.1:19030',
      '2026/12/03 13:27:34 failed to upload metrics: 404 Not Found',
      '2026/12/03 13:27:35 connection refused',
      '2026/12/03 13:27:36 failed to upload metrics: 404 Not Found',
    ].join('\n');
    expect(problemLines(log)).toEqual([
      { line: 'connection refused', times: 1 },
      { line: 'failed to upload metrics: 404 Not Found', times: 2 },
    ]);
  });

  it('is empty for a quiet log', () => {
    expect(problemLines('2026/12/03 13:27:33 checkout listening on http://127.0.0.1:19030\n')).toEqual([]);
  });
});

describe('durationSumProblem', () => {
  // Ten requests of 20 ms round trip each: each observation lies between 5 ms and 21 ms.
  const traffic: TrafficResult = { sent: 10, ok: 10, roundTripsMs: Array<number>(10).fill(20) };
  const judge = (sumSeconds: number): string | undefined =>
    durationSumProblem({ sumSeconds, traffic, minWorkMs: 5, metric: 'd_seconds_sum' });

  it('accepts seconds that fit the work and the round trips', () => {
    expect(judge(0.05)).toBeUndefined();
    expect(judge(0.15)).toBeUndefined();
    expect(judge(0.21)).toBeUndefined();
  });

  it('says the duration was observed before the work', () => {
    expect(judge(0.0001)).toContain('observed before the work is done');
    expect(judge(0)).toContain('observed before the work is done');
  });

  it('says milliseconds when the sum is a thousand times too large', () => {
    expect(judge(150)).toContain('not milliseconds');
  });

  it('says too long otherwise', () => {
    expect(judge(3)).toContain('more than the requests took');
  });
});
