/**
 * A lab check's result as the board reads it: per check that ran, whether it passed and how
 * long it took, and whether the lab passed, all at the time of the check. Checks skipped after
 * the first failure did not run, so they send nothing.
 *
 *   workshop_check_passed{classroom, learner, lab, check}           0 | 1
 *   workshop_check_duration_seconds{classroom, learner, lab, check} seconds
 *   workshop_lab_passed{classroom, learner, lab}                    0 | 1
 *   workshop_check_failure_timestamp_seconds{classroom, learner, lab, check, message}
 *                                                                   the check's time (s)
 *
 * The failure series carries the message's first line as a label, so the board can show a
 * stuck learner's last message; its value is the time, so "the last one" is the largest value.
 */
import { homedir } from 'node:os';
import { z } from 'zod';
import type { LabReport } from '../../labs/kit/runner.ts';
import type { Series } from './write-request.ts';

/** A failure message's length on the board: one line, like the terminal's first line of it. */
const MESSAGE_CHARS = 160;

/**
 * The first line of a check's message, without colour codes, with the home directory as `~`
 * (a path in a message must not name the learner's account), at most MESSAGE_CHARS long.
 */
export function failureMessage(message: string, home = homedir()): string {
  // eslint-disable-next-line no-control-regex -- ANSI colour sequences are control characters
  const line = (message.split('\n').find((l) => l.trim() !== '') ?? '').replace(/\u001b\[[0-9;]*m/g, '');
  const text = (home.length > 1 ? line.split(home).join('~') : line).trim();
  return text.length > MESSAGE_CHARS ? `${text.slice(0, MESSAGE_CHARS - 1)}…` : text;
}

/** One check run as the queue keeps it: exactly what will be sent, nothing else of the report. */
export const queuedResultSchema = z.object({
  /** The lab's id. */
  lab: z.string().min(1),
  /** When the check was recorded (ms since the epoch): every sample's timestamp. */
  atMs: z.number().int().positive(),
  /** Whether the lab passed. */
  passed: z.boolean(),
  /** The checks that ran, in order. */
  checks: z.array(
    z.object({
      name: z.string().min(1),
      passed: z.boolean(),
      seconds: z.number().min(0),
      /** A failed check's message, as failureMessage() shortens it. */
      message: z.string().max(MESSAGE_CHARS).optional(),
    }),
  ),
});
export type QueuedResult = z.infer<typeof queuedResultSchema>;

export function queuedResult(report: LabReport, atMs: number): QueuedResult {
  return {
    lab: report.id,
    atMs,
    passed: report.passed,
    checks: report.results
      .filter((r) => r.status !== 'skip')
      .map((r) => {
        const message = r.status === 'fail' && r.message ? failureMessage(r.message) : '';
        return {
          name: r.name,
          passed: r.status === 'pass',
          seconds: r.ms / 1000,
          ...(message ? { message } : {}),
        };
      }),
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
      if (c.message !== undefined)
        add(
          { __name__: 'workshop_check_failure_timestamp_seconds', ...lab, check: c.name, message: c.message },
          r.atMs / 1000,
          r.atMs,
        );
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
