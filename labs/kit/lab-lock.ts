/**
 * One lock per lab. check, each watch iteration, stop, reset, solution and the dev-check take
 * it, so two of them (`lab watch` in a terminal and "Check my work" in the page) never drive a
 * lab's checker, processes or drop-in at the same time. The lock is <lab home>/lock, created
 * with O_EXCL, holding the holder's pid, its start time and the verb. A lock whose pid is gone,
 * or now belongs to another process (another start time in /proc/<pid>/stat), is stale and is
 * taken over with a note; a live one makes the caller wait a bounded time, then fail naming it.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { sleep } from '../../scripts/lib/sleep.ts';
import { stackPaths, type StackPaths } from '../../scripts/stack/index.ts';
import { labHome } from './processes.ts';

export const lockVerbs = ['check', 'watch', 'stop', 'reset', 'solution', 'dev-check', 'prepare'] as const;
export type LockVerb = (typeof lockVerbs)[number];

const holderSchema = z.object({
  pid: z.number().int().positive(),
  /** Field 22 of /proc/<pid>/stat (clock ticks after boot); absent where there is no /proc. */
  startTime: z.string().optional(),
  verb: z.enum(lockVerbs),
  /** When the lock was taken (ISO 8601). */
  at: z.string(),
  /** Tells this lock from a later one the same process takes. */
  token: z.string(),
});
export type LockHolder = z.infer<typeof holderSchema>;

/** How the message says what the holder does, and which command that likely is. */
const described: Readonly<Record<LockVerb, readonly [string, string]>> = {
  check: ['checked', 'lab check, or Check my work in the page'],
  watch: ['checked', 'lab watch'],
  stop: ['stopped', 'lab stop'],
  reset: ['reset', 'lab reset'],
  solution: ['given its solution', 'lab solution'],
  'dev-check': ['checked', 'lab dev-check'],
  prepare: ['started', 'lab prepare, an exercise page, or an exercise check'],
};

const busy = (labId: string, holder: LockHolder): string => {
  const [doing, command] = described[holder.verb];
  return `lab ${labId} is being ${doing} by pid ${holder.pid} (${command}?)`;
};

/** Another live process holds the lab's lock. */
export class LabBusyError extends Error {
  override name = 'LabBusyError';
  readonly holder: LockHolder;
  constructor(labId: string, holder: LockHolder) {
    super(`${busy(labId, holder)}; let it finish or stop it, then try again`);
    this.holder = holder;
  }
}

let defaultWaitMs = 30_000;

/** How long a caller waits for a live holder unless it says otherwise (the CLI's --wait). */
export function setLockWait(ms: number): void {
  defaultWaitMs = ms;
}
/** A lock file that stays unreadable this long was never finished by its creator. */
const UNWRITTEN_MS = 2_000;
const POLL_MS = 200;

export const lockFile = (labId: string, paths: StackPaths = stackPaths()): string =>
  join(labHome(labId, paths), 'lock');

/** Field 22 of /proc/<pid>/stat: when the process started, which a reused pid does not share. */
export function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count from the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it runs, as another user.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^[ZX]/.test(stat.slice(stat.lastIndexOf(')') + 2));
  } catch {
    return true; // no /proc here: kill(pid, 0) is all there is to go by
  }
}

/** The holder is gone, or its pid now belongs to a process that started at another time. */
export function isStale(holder: LockHolder): boolean {
  if (!isRunning(holder.pid)) return true;
  const now = processStartTime(holder.pid);
  return holder.startTime !== undefined && now !== undefined && now !== holder.startTime;
}

type Seen =
  | { readonly kind: 'gone' }
  | { readonly kind: 'held'; readonly raw: string; readonly holder: LockHolder }
  | { readonly kind: 'unreadable'; readonly raw: string; readonly ageMs: number };

function look(file: string): Seen {
  let raw: string;
  let ageMs: number;
  try {
    raw = readFileSync(file, 'utf8');
    ageMs = Date.now() - statSync(file).mtimeMs;
  } catch {
    return { kind: 'gone' };
  }
  try {
    const parsed = holderSchema.safeParse(JSON.parse(raw));
    if (parsed.success) return { kind: 'held', raw, holder: parsed.data };
  } catch {
    // its creator is between creating and writing it, or died there
  }
  return { kind: 'unreadable', raw, ageMs };
}

/** Creates the lock file if there is none (O_EXCL); the holder written, or undefined. */
function tryCreate(file: string, verb: LockVerb): LockHolder | undefined {
  let fd: number;
  try {
    fd = openSync(file, 'wx', 0o644);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return undefined;
    throw error;
  }
  const startTime = processStartTime(process.pid);
  const holder: LockHolder = {
    pid: process.pid,
    ...(startTime === undefined ? {} : { startTime }),
    verb,
    at: new Date().toISOString(),
    token: randomBytes(8).toString('hex'),
  };
  try {
    writeSync(fd, `${JSON.stringify(holder)}\n`);
  } finally {
    closeSync(fd);
  }
  return holder;
}

/**
 * Removes a stale lock, unless someone replaced it since it was read. Only one process at a
 * time may do so (a second O_EXCL file), so none removes the fresh lock of another.
 */
function takeOver(file: string, raw: string): boolean {
  const guard = `${file}.takeover`;
  let fd: number;
  try {
    fd = openSync(guard, 'wx');
  } catch {
    // A guard older than any takeover takes was left by a killed process.
    try {
      if (Date.now() - statSync(guard).mtimeMs > 10_000) rmSync(guard, { force: true });
    } catch {
      // gone meanwhile
    }
    return false;
  }
  try {
    closeSync(fd);
    let now: string;
    try {
      now = readFileSync(file, 'utf8');
    } catch {
      return true; // removed meanwhile: free
    }
    if (now !== raw) return false;
    rmSync(file, { force: true });
    return true;
  } finally {
    rmSync(guard, { force: true });
  }
}

/** Locks this process holds, with how many callers in it hold each (nested verbs: reset stops). */
const held = new Map<string, { readonly holder: LockHolder; count: number }>();

function removeIfMine(file: string, holder: LockHolder): void {
  const seen = look(file);
  if (seen.kind === 'held' && seen.holder.token === holder.token) rmSync(file, { force: true });
}

let exitHook = false;
/** process.exit (a signal handler's too) releases what this process holds. */
function releaseAllOnExit(): void {
  if (exitHook) return;
  exitHook = true;
  process.on('exit', () => {
    for (const [file, entry] of held) removeIfMine(file, entry.holder);
  });
}

export interface LockOptions {
  readonly paths?: StackPaths;
  /** How long to wait for a live holder before failing (default 30 s, or setLockWait's). */
  readonly waitMs?: number;
  /** Where notes go (waiting, a stale lock taken over); stderr by default, so --json stays clean. */
  readonly note?: (message: string) => void;
}

/** Takes the lab's lock (waiting up to waitMs for a live holder); returns its release. */
export async function acquireLabLock(
  labId: string,
  verb: LockVerb,
  options: LockOptions = {},
): Promise<() => void> {
  const file = lockFile(labId, options.paths);
  const note =
    options.note ??
    ((message: string) => {
      console.error(message);
    });
  const releaser = (): (() => void) => {
    let released = false;
    return () => {
      const entry = held.get(file);
      if (released || !entry) return;
      released = true;
      if (--entry.count > 0) return;
      held.delete(file);
      removeIfMine(file, entry.holder);
    };
  };
  const mine = held.get(file);
  if (mine) {
    mine.count++;
    return releaser();
  }
  mkdirSync(join(file, '..'), { recursive: true });
  const waitMs = options.waitMs ?? defaultWaitMs;
  const deadline = Date.now() + waitMs;
  let told = false;
  for (;;) {
    const holder = tryCreate(file, verb);
    if (holder) {
      held.set(file, { holder, count: 1 });
      releaseAllOnExit();
      return releaser();
    }
    const seen = look(file);
    if (seen.kind === 'gone') continue;
    if (seen.kind === 'held' && isStale(seen.holder)) {
      if (takeOver(file, seen.raw))
        note(
          `note: took over the lock of lab ${labId} from pid ${seen.holder.pid} (lab ${seen.holder.verb} since ${seen.holder.at}), which no longer runs`,
        );
      continue;
    }
    if (seen.kind === 'unreadable' && seen.ageMs > UNWRITTEN_MS) {
      if (takeOver(file, seen.raw)) note(`note: removed an unfinished lock file of lab ${labId} (${file})`);
      continue;
    }
    if (seen.kind === 'held') {
      if (Date.now() >= deadline) throw new LabBusyError(labId, seen.holder);
      if (!told) note(`${busy(labId, seen.holder)}: waiting up to ${Math.round(waitMs / 1000)} s for it`);
      told = true;
    }
    await sleep(POLL_MS);
  }
}

/** Runs fn holding the lab's lock. */
export async function withLabLock<T>(
  labId: string,
  verb: LockVerb,
  fn: () => Promise<T> | T,
  options: LockOptions = {},
): Promise<T> {
  const release = await acquireLabLock(labId, verb, options);
  try {
    return await fn();
  } finally {
    release();
  }
}

/**
 * Runs fn holding the locks of several labs, taken one at a time in the order given (the
 * manifest's everywhere, so two callers never wait for each other in a circle).
 */
export async function withLabLocks<T>(
  labIds: readonly string[],
  verb: LockVerb,
  fn: () => Promise<T> | T,
  options: LockOptions = {},
): Promise<T> {
  const releases: (() => void)[] = [];
  try {
    for (const id of labIds) releases.push(await acquireLabLock(id, verb, options));
    return await fn();
  } finally {
    for (const release of releases.reverse()) release();
  }
}
