/**
 * Starts and stops the native processes. Each runs detached in its own process group, logs
 * to .stack/logs/<service>.log and has a record in .stack/run/<service>.json (pid, binary,
 * version) that `status`, `down` and the next `up` read.
 */
import { spawn } from 'node:child_process';
import {
  appendFileSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { childEnv } from '../child-env.ts';
import type { StackPaths } from '../paths.ts';
import { logFile } from '../paths.ts';
import type { LaunchSpec, NativeService } from './commands.ts';
import { sleep } from '../../lib/sleep.ts';

/** What .stack/run/<service>.json records about a running process (labs extend it). */
export const recordSchema = z.object({
  service: z.string(),
  pid: z.number().int().positive(),
  binary: z.string(),
  args: z.array(z.string()),
  /** The environment the launch spec set (not the inherited one): tells how it was started. */
  env: z.record(z.string(), z.string()).optional(),
  version: z.string(),
  startedAt: z.string(),
});
export type ProcessRecord = z.infer<typeof recordSchema>;

const recordFile = (paths: StackPaths, service: NativeService): string => join(paths.run, `${service}.json`);

export function readRecord(paths: StackPaths, service: NativeService): ProcessRecord | undefined {
  const file = recordFile(paths, service);
  if (!existsSync(file)) return undefined;
  const parsed = recordSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  return parsed.success ? parsed.data : undefined;
}

/** True when the pid is alive (not a zombie) and still runs the recorded binary. */
export function isAlive(record: ProcessRecord): boolean {
  try {
    const stat = readFileSync(`/proc/${record.pid}/stat`, 'utf8');
    if (/^\d+ \(.*\) [ZX] /.test(stat)) return false;
    const argv0 = readFileSync(`/proc/${record.pid}/cmdline`, 'utf8').split('\0')[0];
    return argv0 === record.binary;
  } catch {
    return false;
  }
}

/** The running process of a service, if any; a stale record is removed. */
export function runningRecord(paths: StackPaths, service: NativeService): ProcessRecord | undefined {
  const record = readRecord(paths, service);
  if (!record) return undefined;
  if (isAlive(record)) return record;
  rmSync(recordFile(paths, service), { force: true });
  return undefined;
}

export interface Started {
  readonly record: ProcessRecord;
  /** Why the process is gone ("exited with code 1"), or undefined while it runs. */
  readonly exited: () => string | undefined;
  /** Byte offset in the log where this run's output starts. */
  readonly logOffset: number;
}

/** A process started by spawnDetached. */
export interface Spawned {
  /** 0 when it could not be started at all. */
  readonly pid: number;
  /** Why the process is gone ("exited with code 1"), or undefined while it runs. */
  readonly exited: () => string | undefined;
  /** Byte offset in the log where this run's output starts. */
  readonly logOffset: number;
}

/**
 * Starts a binary detached, in its own process group (so a stop reaches anything it spawns),
 * with its output appended to `log` after a header line, in the allowlisted environment
 * (child-env.ts) plus `env`. Shared by the stack and the labs.
 */
export function spawnDetached(
  command: {
    readonly binary: string;
    readonly args: readonly string[];
    readonly env?: Readonly<Record<string, string>>;
    readonly cwd: string;
  },
  log: string,
): Spawned {
  mkdirSync(command.cwd, { recursive: true });
  mkdirSync(dirname(log), { recursive: true });
  appendFileSync(
    log,
    `\n--- ${new Date().toISOString()} starting ${command.binary} ${command.args.join(' ')}\n`,
  );
  const logOffset = readFileSync(log).length;
  const fd = openSync(log, 'a');
  const child = spawn(command.binary, [...command.args], {
    cwd: command.cwd,
    env: childEnv(command.env),
    detached: true,
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  let exitReason: string | undefined;
  child.on('exit', (code, signal) => {
    exitReason = signal ? `was killed by ${signal}` : `exited with code ${code}`;
  });
  child.on('error', (error) => {
    exitReason = `could not start: ${error.message}`;
  });
  child.unref();
  const pid = child.pid ?? 0;
  return { pid, exited: () => exitReason ?? (pid > 0 ? undefined : 'could not start'), logOffset };
}

export function startProcess(paths: StackPaths, spec: LaunchSpec): Started {
  mkdirSync(paths.run, { recursive: true });
  const spawned = spawnDetached(spec, logFile(paths, spec.service));
  const record: ProcessRecord = {
    service: spec.service,
    pid: spawned.pid,
    binary: spec.binary,
    args: [...spec.args],
    env: { ...spec.env },
    version: spec.version,
    startedAt: new Date().toISOString(),
  };
  if (record.pid > 0) writeFileSync(recordFile(paths, spec.service), `${JSON.stringify(record, null, 2)}\n`);
  return { record, exited: spawned.exited, logOffset: spawned.logOffset };
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal); // the whole group: the service and anything it spawned
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

export type StopOutcome = 'not running' | 'stopped' | 'killed';

/** SIGTERM to a recorded process's group, SIGKILL once `graceMs` passes; removes its record. */
export async function stopRecorded(
  paths: StackPaths,
  record: ProcessRecord,
  graceMs: number,
): Promise<'stopped' | 'killed'> {
  signalGroup(record.pid, 'SIGTERM');
  const deadline = performance.now() + graceMs;
  while (performance.now() < deadline && isAlive(record)) await sleep(100);
  let outcome: 'stopped' | 'killed' = 'stopped';
  if (isAlive(record)) {
    signalGroup(record.pid, 'SIGKILL');
    outcome = 'killed';
    for (let i = 0; i < 50 && isAlive(record); i++) await sleep(100);
  }
  removeRecord(paths, record.service, record.pid);
  return outcome;
}

/**
 * Removes .stack/run/<service>.json only while it still records `pid`: a record another run
 * wrote since belongs to that run's process, which would be orphaned without it.
 */
export function removeRecord(paths: StackPaths, service: string, pid: number): void {
  const file = join(paths.run, `${service}.json`);
  try {
    if ((JSON.parse(readFileSync(file, 'utf8')) as { pid?: unknown }).pid !== pid) return;
  } catch {
    return; // gone, or not a record this code wrote
  }
  rmSync(file, { force: true });
}

/** Stops a service's process if it runs. Idempotent. */
export async function stopProcess(
  paths: StackPaths,
  service: NativeService,
  graceMs: number,
): Promise<StopOutcome> {
  const record = runningRecord(paths, service);
  return record ? stopRecorded(paths, record, graceMs) : 'not running';
}

/**
 * The live processes recorded in .stack/run/ whose record `schema` reads and `wanted` accepts
 * (the labs extend the stack's record). A wanted record whose process is gone is removed.
 */
export function liveRecords<R extends ProcessRecord>(
  paths: StackPaths,
  schema: z.ZodType<R>,
  wanted: (record: R) => boolean,
): R[] {
  if (!existsSync(paths.run)) return [];
  const records: R[] = [];
  for (const name of readdirSync(paths.run).filter((n) => n.endsWith('.json'))) {
    const file = join(paths.run, name);
    let parsed;
    try {
      parsed = schema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    } catch {
      continue;
    }
    if (!parsed.success || !wanted(parsed.data)) continue;
    if (isAlive(parsed.data)) records.push(parsed.data);
    else rmSync(file, { force: true });
  }
  return records;
}

/** Live recorded processes that are not stack services: those the lab checkers started. */
export function otherRecordedProcesses(paths: StackPaths, services: readonly string[]): ProcessRecord[] {
  return liveRecords(paths, recordSchema, (record) => !services.includes(record.service));
}

/** Resident memory of a pid in bytes, from /proc/<pid>/status. */
export function rssBytes(pid: number): number | undefined {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match?.[1] ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** The last `count` lines a service logged since `offset` (or overall). */
export function logTail(paths: StackPaths, service: NativeService, count: number, offset = 0): string {
  const file = logFile(paths, service);
  if (!existsSync(file)) return '(no log yet)';
  return fileTail(file, count, offset) || '(log is empty)';
}

/** The last `count` lines of a file from byte `offset` on, trailing blanks trimmed; '' if unreadable. */
export function fileTail(file: string, count: number, offset = 0): string {
  try {
    const text = readFileSync(file).subarray(offset).toString('utf8').replace(/\s+$/, '');
    return text.split('\n').slice(-count).join('\n');
  } catch {
    return '';
  }
}
