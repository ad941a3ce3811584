/**
 * Processes a checker starts for a lab (a lab Prometheus, a lab Alloy, the learner's program),
 * tracked exactly like the stack's own: detached in their own process group, a record in
 * .stack/run/lab-<id>-<name>.json (the stack's record fields plus what the labs need), output
 * in .stack/logs/lab-<id>-<name>.log. A process whose inputs did not change keeps running
 * between checks, so a re-check answers at once; `lab stop`, `lab reset` and the dev-check
 * stop them, and so does `npm run stack -- down`. A record is removed only while it names the
 * pid it was written for, so a run whose start fails never removes another run's record.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { sleep } from '../../scripts/lib/sleep.ts';
import {
  describeOwner,
  fileTail,
  type ListeningSocket,
  liveRecords,
  offLoopbackReport,
  portState,
  type PortState,
  probe,
  recordSchema,
  removeRecord,
  spawnDetached,
  stackPaths,
  type StackPaths,
  stopRecorded,
} from '../../scripts/stack/index.ts';

/** The stack's process record (scripts/stack/native/processes.ts) plus lab fields. */
const labRecordSchema = recordSchema.extend({
  /** The lab that owns it. */
  lab: z.string(),
  /** Hash of everything that shapes the process (binary, args, env, config contents). */
  key: z.string(),
  port: z.number().int(),
  /** Values fixed when it started (a run id baked into its config), returned on reuse. */
  meta: z.record(z.string(), z.string()).default({}),
  /** Byte offset in its log where this process's output starts (older records lack it). */
  logOffset: z.number().int().nonnegative().optional(),
});
export type LabRecord = z.infer<typeof labRecordSchema>;

export const labProcessName = (labId: string, name: string): string => `lab-${labId}-${name}`;
const recordFile = (paths: StackPaths, service: string): string => join(paths.run, `${service}.json`);
export const labLogFile = (labId: string, name: string, paths: StackPaths = stackPaths()): string =>
  join(paths.logs, `${labProcessName(labId, name)}.log`);
/** .stack/lab/<id> (or under WORKSHOP_STATE_DIR): the lab's build outputs, rendered configs and data. */
export const labHome = (labId: string, paths: StackPaths = stackPaths()): string => join(paths.labs, labId);

/** Every live lab process (optionally of one lab); stale records are removed. */
export function labProcesses(labId?: string, paths: StackPaths = stackPaths()): LabRecord[] {
  return liveRecords(
    paths,
    labRecordSchema,
    (record) => record.service.startsWith('lab-') && (labId === undefined || record.lab === labId),
  );
}

export interface ProcessSpec {
  readonly labId: string;
  /** Short name: "prometheus", "alloy", "checkout". */
  readonly name: string;
  readonly binary: string;
  readonly args: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  readonly cwd: string;
  readonly version: string;
  /** Port it listens on (127.0.0.1), probed at readyPath. */
  readonly port: number;
  readonly readyPath: string;
  /** Changes whenever the process must be restarted (config contents, binary hash). */
  readonly key: string;
  /** How long it may take to answer readyPath. */
  readonly readyTimeoutMs?: number;
  /** Stored with a new process; a reused one keeps its own. */
  readonly meta?: Readonly<Record<string, string>>;
  /** Runs just before a new process starts (writes its config with `meta` baked in). */
  readonly beforeStart?: () => void;
  /**
   * Runs before the port check whenever a new process is to start: removes what a run killed
   * with SIGKILL left holding the port (a lab server's container outlives its docker client).
   */
  readonly clearLeftover?: () => Promise<void>;
}

export type EnsureResult =
  | {
      readonly ok: true;
      readonly record: LabRecord;
      readonly reused: boolean;
      readonly log: string;
      readonly readyMs: number;
    }
  | {
      readonly ok: false;
      readonly reason: string;
      readonly log: string;
      readonly logTail: string;
      /** What to change, when the failure is not in the log (a listener off loopback). */
      readonly hint?: string;
      /** The sockets it listened on off loopback; the process was stopped for them. */
      readonly offLoopback?: readonly ListeningSocket[];
    };

/**
 * The port's state once a process just stopped has let go of it: an exiting process loses its
 * command line (so it no longer counts as alive) a moment before the kernel closes its sockets.
 */
async function portReleased(port: number, withinMs = 3_000): Promise<PortState> {
  const deadline = performance.now() + withinMs;
  let state = await portState(port);
  while (state.busy && performance.now() < deadline) {
    await sleep(50);
    state = await portState(port);
  }
  return state;
}

/** Stops every process of a lab (or of all labs); returns what was stopped, for the message. */
export async function stopLabProcesses(labId?: string, paths: StackPaths = stackPaths()): Promise<string[]> {
  const records = labProcesses(labId, paths);
  await Promise.all(records.map((r) => stopRecorded(paths, r, 10_000)));
  return records.map((r) => `${r.service} (pid ${r.pid}, port ${r.port})`);
}

/**
 * Makes sure the process runs with exactly this spec: reuses a live one with the same key,
 * otherwise stops the old one, checks the port is free, starts it and waits for readyPath.
 * A new process that then listens anywhere but loopback is stopped and reported.
 */
export async function ensureProcess(
  spec: ProcessSpec,
  paths: StackPaths = stackPaths(),
): Promise<EnsureResult> {
  const service = labProcessName(spec.labId, spec.name);
  const log = labLogFile(spec.labId, spec.name, paths);
  const url = `http://127.0.0.1:${spec.port}${spec.readyPath}`;
  const existing = labProcesses(spec.labId, paths).find((r) => r.service === service);
  if (existing && existing.key === spec.key && (await probe(url)).ok) {
    return { ok: true, record: existing, reused: true, log, readyMs: 0 };
  }
  if (existing) await stopRecorded(paths, existing, 10_000);
  await spec.clearLeftover?.();

  const port = existing ? await portReleased(spec.port) : await portState(spec.port);
  if (port.busy) {
    const reason = `port ${spec.port} is taken by ${describeOwner(port.owner)}; the lab needs it for its ${spec.name}. Stop that process (or \`npm run lab -- stop\` if it is an old lab process) and check again`;
    return { ok: false, reason, log, logTail: '' };
  }

  mkdirSync(paths.run, { recursive: true });
  // beforeStart may write its config into the working directory.
  mkdirSync(spec.cwd, { recursive: true });
  spec.beforeStart?.();
  const spawned = spawnDetached(spec, log);
  const offset = spawned.logOffset;
  if (!spawned.pid) {
    await sleep(50);
    return {
      ok: false,
      reason: `${spec.name} ${spawned.exited() ?? 'could not start'}`,
      log,
      logTail: fileTail(log, 30, offset),
    };
  }
  const record: LabRecord = {
    service,
    pid: spawned.pid,
    binary: spec.binary,
    args: [...spec.args],
    version: spec.version,
    startedAt: new Date().toISOString(),
    lab: spec.labId,
    key: spec.key,
    port: spec.port,
    meta: { ...spec.meta },
    logOffset: offset,
  };
  writeFileSync(recordFile(paths, service), `${JSON.stringify(record, null, 2)}\n`);

  const start = performance.now();
  const timeout = spec.readyTimeoutMs ?? 30_000;
  while (performance.now() - start < timeout) {
    const exited = spawned.exited();
    if (exited) {
      removeRecord(paths, service, spawned.pid);
      return { ok: false, reason: `${spec.name} ${exited}`, log, logTail: fileTail(log, 30, offset) };
    }
    if ((await probe(url, 1000)).ok) {
      const readyMs = performance.now() - start;
      const exposed = await offLoopbackReport(spawned.pid, spec.name);
      if (!exposed) return { ok: true, record, reused: false, log, readyMs };
      await stopRecorded(paths, record, 5_000);
      return { ok: false, ...exposed, log, logTail: '' };
    }
    await sleep(200);
  }
  await stopRecorded(paths, record, 5_000);
  return {
    ok: false,
    reason: `${spec.name} did not answer ${url} within ${Math.round(timeout / 1000)}s`,
    log,
    logTail: fileTail(log, 30, offset),
  };
}

/**
 * What the running process `name` of a lab printed since it started ('' when none runs): the
 * log file holds every earlier run too, and their errors are not this run's.
 */
export function runLog(labId: string, name: string, paths: StackPaths = stackPaths()): string {
  const record = labProcesses(labId, paths).find((r) => r.service === labProcessName(labId, name));
  if (!record) return '';
  try {
    return readFileSync(labLogFile(labId, name, paths))
      .subarray(record.logOffset ?? 0)
      .toString('utf8');
  } catch {
    return '';
  }
}

/** A log line that reports a problem: Go's log, slog and logfmt all use these words. */
const PROBLEM =
  /\b(error|errors|failed|failure|refused|denied|unauthori[sz]ed|forbidden|panic|fatal|timeout|timed out|cannot|unable)\b/i;
/** A leading timestamp (Go's log: "2026/01/02 15:04:05", RFC 3339), so repeats fold together. */
const TIMESTAMP = /^(\d{4}[/-]\d\d[/-]\d\d[T ]\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:?\d\d)?\s+)/;

/** One line of a log that reports a problem, and how often it was written. */
export interface LogProblem {
  /** As the program wrote it, without the timestamp. */
  readonly line: string;
  readonly times: number;
}

/**
 * The lines of a log that report problems, each once with how often it repeated, in the order
 * of their last occurrence (the most recent last), at most `max` of them.
 */
export function problemLines(log: string, max = 5): LogProblem[] {
  const counts = new Map<string, number>();
  for (const raw of log.split('\n')) {
    const line = raw.replace(TIMESTAMP, '').trim();
    if (!line || !PROBLEM.test(line)) continue;
    // Re-inserting moves a repeated line to the end: the order is that of the last occurrence.
    const seen = counts.get(line) ?? 0;
    counts.delete(line);
    counts.set(line, seen + 1);
  }
  return [...counts].slice(-max).map(([line, times]) => ({ line, times }));
}
