/** Wait bounds and the countdown: how long a check may wait for data, and what it says when it gives up. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { countdownLine, lineProgress, waitUntil } from '../../../labs/kit/countdown.ts';
import { budget, defaults, formatMs, parseDuration, stackIntervals } from '../../../labs/kit/timing.ts';
import { fail, pass, wait } from '../../../labs/kit/verdict.ts';

describe('parseDuration', () => {
  it.each([
    ['5s', 5_000],
    ['1m30s', 90_000],
    ['250ms', 250],
    ['1h', 3_600_000],
  ])('%s is %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it('refuses what is not a duration', () => {
    expect(parseDuration('5')).toBeUndefined();
    expect(parseDuration('five seconds')).toBeUndefined();
    expect(parseDuration(undefined)).toBeUndefined();
  });
});

describe('budget', () => {
  it('sums the terms and slack and explains each', () => {
    const b = budget([
      { what: 'scrape interval', ms: 5_000, times: 2 },
      { what: 'batch_send_deadline', ms: 1_000 },
    ]);
    expect(b.ms).toBe(21_000);
    expect(b.because).toBe('2 × scrape interval 5s + batch_send_deadline 1s + 10s slack');
  });
});

describe('stackIntervals', () => {
  const root = (files: Record<string, string>): string => {
    const dir = mkdtempSync(join(tmpdir(), 'intervals-'));
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, 'stack', file)), { recursive: true });
      writeFileSync(join(dir, 'stack', file), text);
    }
    return dir;
  };

  it('reads each interval from the config that sets it', () => {
    const intervals = stackIntervals(
      root({
        'prometheus/prometheus.yml': 'global:\n  scrape_interval: 7s\n',
        'mimir/mimir.yaml':
          'ruler:\n  evaluation_interval: 20s\n  poll_interval: 3s\nalertmanager:\n  poll_interval: 4s\nlimits:\n  ruler_evaluation_delay_duration: 2s\n',
        'alloy/config.alloy': 'otelcol.processor.batch "default" {\n  timeout = "1500ms"\n  output {}\n}\n',
      }),
    );
    expect(intervals).toMatchObject({
      scrapeMs: 7_000,
      ruleEvaluationMs: 20_000,
      rulerPollMs: 3_000,
      ruleEvaluationDelayMs: 2_000,
      alertmanagerPollMs: 4_000,
      otlpBatchMs: 1_500,
    });
  });

  it('falls back to the documented defaults where a config leaves a setting out', () => {
    const intervals = stackIntervals(
      root({ 'prometheus/prometheus.yml': 'global: {}\n', 'mimir/mimir.yaml': '{}\n' }),
    );
    expect(intervals).toMatchObject({
      scrapeMs: defaults.prometheusScrapeMs,
      ruleEvaluationMs: defaults.ruleEvaluationMs,
      rulerPollMs: defaults.rulerPollMs,
      ruleEvaluationDelayMs: defaults.ruleEvaluationDelayMs,
      alertmanagerPollMs: defaults.alertmanagerPollMs,
      otlpBatchMs: defaults.otlpBatchMs,
    });
  });
});

/** A fake clock: sleeping advances it, so waits run instantly and exactly. */
function clock(): { now: () => number; sleep: (ms: number) => Promise<void> } {
  let t = 0;
  return {
    now: () => t,
    sleep: (ms) => {
      t += ms;
      return Promise.resolve();
    },
  };
}

describe('waitUntil', () => {
  it('keeps probing while data is late, then passes', async () => {
    let calls = 0;
    const lines: string[] = [];
    const verdict = await waitUntil({
      what: 'series in tenant lab-04',
      budget: budget([{ what: 'scrape interval', ms: 5_000 }]),
      probe: () => Promise.resolve(++calls < 4 ? wait('no series yet') : pass('3 series')),
      progress: { tick: (line) => lines.push(line), clear: () => {} },
      ...clock(),
    });
    expect(verdict).toEqual(pass('3 series'));
    expect(lines[0]).toBe('⧗ waiting for series in tenant lab-04 · 15s left · no series yet');
    expect(lines).toHaveLength(3);
  });

  it('gives up at the bound with the last reason, the time waited and why that long', async () => {
    const verdict = await waitUntil({
      what: 'the first scrape',
      budget: budget([{ what: 'scrape interval', ms: 5_000, times: 2 }], 0),
      probe: () => Promise.resolve(wait('target health unknown', { hint: 'is the app up?' })),
      ...clock(),
    });
    expect(verdict).toEqual(
      fail('target health unknown (waited 10s for the first scrape: 2 × scrape interval 5s + 0ms slack)', {
        hint: 'is the app up?',
      }),
    );
  });

  it('stops at the first real failure without waiting out the bound', async () => {
    const c = clock();
    const verdict = await waitUntil({
      what: 'x',
      budget: budget([]),
      probe: () => Promise.resolve(fail('wrong tenant')),
      ...c,
    });
    expect(verdict).toEqual(fail('wrong tenant'));
    expect(c.now()).toBe(0);
  });

  it('counts a probe that throws as "not yet", quoting the error', async () => {
    const verdict = await waitUntil({
      what: 'Mimir',
      budget: budget([], 2_000),
      probe: () => Promise.reject(new Error('connection refused')),
      ...clock(),
    });
    expect(verdict.kind === 'fail' && verdict.message).toMatch(/^connection refused \(waited 2s for Mimir/);
  });
});

describe('countdown output', () => {
  it('formats the line', () => {
    expect(countdownLine('the ruler', 12_300, 'not loaded')).toBe(
      '⧗ waiting for the ruler · 13s left · not loaded',
    );
    expect(formatMs(90_000)).toBe('1m30s');
  });

  it('prints at most one line per interval when not on a terminal', () => {
    let t = 0;
    const out: string[] = [];
    const progress = lineProgress(
      (l) => out.push(l),
      5_000,
      () => t,
      '',
    );
    for (t = 0; t < 12_000; t += 1_000) progress.tick(`t=${t}`);
    expect(out).toEqual(['t=0', 't=5000', 't=10000']);
  });
});
