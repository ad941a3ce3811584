/**
 * The pre-flight's verdict: one row per area, green or red, and the one line a learner pastes
 * to the instructor. Pure, so the wording is unit-tested.
 */
export type Status = 'ok' | 'warn' | 'fail';

export interface Outcome {
  /** The area: "machine", "ports", "stack", "labs", "site". */
  readonly area: string;
  readonly status: Status;
  /** What was found, or what is wrong and what to run. */
  readonly detail: string;
}

/** What the report line says about the machine. */
export interface MachineFacts {
  readonly platform: string;
  readonly cores: number;
  readonly memoryBytes: number;
  readonly node: string;
  readonly go?: string;
  readonly mode?: string;
}

const marks: Record<Status, string> = { ok: '✓', warn: '!', fail: '✗' };

export const passed = (outcomes: readonly Outcome[]): boolean => outcomes.every((o) => o.status !== 'fail');

/** The table printed at the end, one line per area. */
export function formatSummary(outcomes: readonly Outcome[]): string {
  const width = Math.max(...outcomes.map((o) => o.area.length));
  return outcomes.map((o) => `  ${marks[o.status]} ${o.area.padEnd(width)}  ${o.detail}`).join('\n');
}

/**
 * The line to paste to the instructor: the verdict, the failing areas by name, and the facts
 * that explain most problems (platform, cores, memory, Node, Go, the stack's mode), stamped.
 */
export function reportLine(outcomes: readonly Outcome[], machine: MachineFacts, at: Date): string {
  const failing = outcomes.filter((o) => o.status === 'fail').map((o) => o.area);
  const warned = outcomes.filter((o) => o.status === 'warn').map((o) => o.area);
  const verdict = failing.length === 0 ? 'PASS' : `FAIL (${failing.join(', ')})`;
  const facts = [
    machine.mode ?? 'no mode',
    machine.platform,
    `${String(machine.cores)} cores`,
    `${(machine.memoryBytes / 1024 ** 3).toFixed(0)} GiB`,
    `node ${machine.node}`,
    machine.go ?? 'no go',
  ];
  const notes = warned.length > 0 ? ` · warnings: ${warned.join(', ')}` : '';
  return `workshop preflight ${verdict} · ${facts.join(' · ')}${notes} · ${at.toISOString().slice(0, 16)}Z`;
}
