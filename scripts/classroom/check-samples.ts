/**
 * A lab check's result as the board reads it: per check that ran, whether it passed and how
 * long it took, and whether the lab passed, all at the time of the check. Checks skipped after
 * the first failure did not run, so they send nothing.
 *
 *   workshop_check_passed{classroom, learner, lab, check}           0 | 1
 *   workshop_check_duration_seconds{classroom, learner, lab, check} seconds
 *   workshop_lab_passed{classroom, learner, lab}                    0 | 1
 */
import { z } from 'zod';
import type { LabReport } from '../../labs/kit/runner.ts';
import type { Series } from './write-request.ts';

/** One check run as the queue keeps it: exactly what will be sent, nothing else of the report. */
export const queuedResultSchema = z.object({
  /** The lab's id. */
  lab: z.string().min(1),
  /** When the check was recorded (ms since the epoch): every sample's timestamp. */
  atMs: z.number().int().positive(),
  /** Whether the lab passed. */
  passed: z.boolean(),
  /** The checks that ran, in order. */
  checks: z.array(z.object({ name: z.string().min(1), passed: z.boolean(), seconds: z.number().min(0) })),
});
export type QueuedResult = z.infer<typeof queuedResultSchema>;

export function queuedResult(report: LabReport, atMs: number): QueuedResult {
  return {
    lab: report.id,
    atMs,
    passed: report.passed,
    checks: report.results
      .filter((r) => r.status !== 'skip')
      .map((r) => ({ name: r.name, passed: r.status === 'pass', seconds: r.ms / 1000 })),
  };
}

/** Who sends: the classroom and the learner, labels on every series. */
export interface Sender {
  readonly classroom: string;
  readonly learner: string;
}

/**
 * The series for results in the order they were checked. The same series from two results
 * becomes one series with both samples, oldest first, as remote-write asks of a sender.
 */
export function checkSeries(results: readonly QueuedResult[], sender: Sender): Series[] {
  const byKey = new Map<string, { labels: Record<string, string>; samples: Series['samples'][number][] }>();
  const add = (labels: Record<string, string>, value: number, timestampMs: number): void => {
    const key = JSON.stringify(labels);
    const series = byKey.get(key) ?? { labels, samples: [] };
    series.samples.push({ value, timestampMs });
    byKey.set(key, series);
  };
  for (const r of results) {
    const lab = { classroom: sender.classroom, learner: sender.learner, lab: r.lab };
    add({ __name__: 'workshop_lab_passed', ...lab }, r.passed ? 1 : 0, r.atMs);
    for (const c of r.checks) {
      add({ __name__: 'workshop_check_passed', ...lab, check: c.name }, c.passed ? 1 : 0, r.atMs);
      add({ __name__: 'workshop_check_duration_seconds', ...lab, check: c.name }, c.seconds, r.atMs);
    }
  }
  return [...byKey.values()];
}

/** A series' samples as text, for `lab join --status`: `name{label="value"} 1 @ 2026-…Z`. */
export function describeSeries(series: Series): string[] {
  const { __name__: name = '', ...labels } = series.labels;
  const text = Object.entries(labels)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(',');
  return series.samples.map((s) => `${name}{${text}} ${s.value} @ ${new Date(s.timestampMs).toISOString()}`);
}
