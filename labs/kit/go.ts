/**
 * Builds the learner's Go program with the machine's Go (pinned toolchain, no downloads of a
 * newer one, go.mod left untouched) into .stack/lab/<id>/bin/<hash>/, reusing a build whose
 * sources did not change. Compiler messages reach the learner with their own file paths.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { treeHash } from '../../scripts/lib/tree-hash.ts';
import {
  describeSocket,
  goEnv as stackGoEnv,
  readState,
  run,
  stackPaths,
} from '../../scripts/stack/index.ts';
import { goBuildTimeoutMs } from './check-limits.ts';
import type { Check } from './define.ts';
import { check } from './define.ts';
import { ensureProcess, labHome } from './processes.ts';
import { shownPath } from './shown.ts';
import { parseProblems } from './validators.ts';
import type { Fail, Final } from './verdict.ts';
import { fail, pass } from './verdict.ts';

/** Hash of the files `go build` reads: *.go, go.mod, go.sum (subfolders included, hidden ones not). */
export const sourceHash = (dir: string): string =>
  treeHash(dir, { include: (name) => /\.go$|^go\.(mod|sum)$/.test(name) });

/** The stack's Go environment, except that a missing requirement is reported ("go get ..."), never written into go.mod. */
export const goEnv = (): NodeJS.ProcessEnv => stackGoEnv({ GOFLAGS: '-mod=readonly' });

/** Compiler output with `./main.go:12:3` turned into `workspace/<id>/main.go:12:3`. */
export function rewriteGoPaths(output: string, shownDir: string): string {
  return output
    .replace(/(^|\s)\.\/([\w./-]+\.go)(?=:\d)/gm, `$1${shownDir}/$2`)
    .replace(/^([\w-]+\.go)(?=:\d)/gm, `${shownDir}/$1`);
}

export type BuildResult =
  | {
      readonly ok: true;
      readonly binary: string;
      readonly key: string;
      readonly built: boolean;
      readonly ms: number;
    }
  | { readonly ok: false; readonly verdict: Fail };

/**
 * What to do without Go. The learner's program runs on this machine in either mode, so a
 * Docker-mode stack does not make Go optional for the labs that build one.
 */
export function noGoHint(stackMode = readState(stackPaths())?.mode): string {
  const install = 'install Go 1.26 (https://go.dev/dl/) and make sure `go` is on your PATH';
  return stackMode === 'docker'
    ? `this lab builds and runs your Go program on this machine, so it needs Go even with the stack in Docker mode: ${install}`
    : install;
}

/** `go build -o <bin> .` in `dir`, unless a binary of the same sources exists. */
async function goBuild(labId: string, dir: string, shownDir: string, name: string): Promise<BuildResult> {
  if (!existsSync(join(dir, 'go.mod')))
    return {
      ok: false,
      verdict: fail(`${shownDir}/go.mod is missing`, {
        hint: `restore the lab's files with \`npm run lab -- reset ${labId}\``,
      }),
    };
  const key = sourceHash(dir);
  const binDir = join(labHome(labId), 'bin');
  const outDir = join(binDir, key.slice(0, 16));
  const binary = join(outDir, name);
  if (existsSync(binary)) return { ok: true, binary, key, built: false, ms: 0 };
  mkdirSync(outDir, { recursive: true });
  const start = performance.now();
  const result = await run('go', ['build', '-o', binary, '.'], {
    cwd: dir,
    env: goEnv(),
    timeoutMs: goBuildTimeoutMs,
  });
  const ms = performance.now() - start;
  if (result.error) {
    rmSync(outDir, { recursive: true, force: true });
    return {
      ok: false,
      verdict: fail(`cannot run go: ${result.error}`, { hint: noGoHint() }),
    };
  }
  if (result.code !== 0) {
    rmSync(outDir, { recursive: true, force: true });
    const output = rewriteGoPaths(`${result.stdout}${result.stderr}`.trim(), shownDir);
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.go'))
      .map((f) => `${shownDir}/${f}`);
    return {
      ok: false,
      verdict: fail(`your program does not compile (go build in ${shownDir}):`, {
        output,
        problems: parseProblems(output, files),
      }),
    };
  }
  // Keep only this build (older ones are unused once the process restarts on the new one).
  for (const old of readdirSync(binDir))
    if (old !== key.slice(0, 16)) rmSync(join(binDir, old), { recursive: true, force: true });
  return { ok: true, binary, key, built: true, ms };
}

interface ProgramOptions {
  readonly labId: string;
  /** Process name: log .stack/logs/lab-<id>-<name>.log. */
  readonly name: string;
  readonly binary: string;
  /** The build's source hash: a new build restarts the program. */
  readonly key: string;
  readonly port: number;
  readonly env: Readonly<Record<string, string>>;
  readonly meta?: Readonly<Record<string, string>>;
  /**
   * Environment that differs per process start (not part of the reuse key), from the run id
   * the process is started with: e.g. an OpenTelemetry service.instance.id, so each run's
   * series are told apart from an earlier run's.
   */
  readonly perRun?: (runId: string) => Readonly<Record<string, string>>;
  /** A new process for every check, even of the same build (see goProgramRuns). */
  readonly freshEachCheck?: boolean;
}

/** What the later checks learn about the process that answers. */
export interface RunningProgram {
  readonly runId: string;
  /** When it started (ms since the epoch): data older than this is an earlier run's. */
  readonly startedAtMs: number;
}

/** Runs the built program on its lab port (reused while the build is the same) and waits for /healthz. */
async function runGoProgram(
  options: ProgramOptions,
): Promise<{ ok: true; verdict: Final; program: RunningProgram } | { ok: false; verdict: Fail }> {
  // A new process gets a new run id; a reused one keeps its own (returned in meta.runId).
  const runId = randomBytes(6).toString('hex');
  const started = await ensureProcess({
    labId: options.labId,
    name: options.name,
    binary: options.binary,
    args: [],
    env: { ...options.env, ...options.perRun?.(runId) },
    cwd: labHome(options.labId),
    version: 'workspace',
    port: options.port,
    readyPath: '/healthz',
    // A fresh run's key never matches the running one's, so it always restarts.
    key: createHash('sha256')
      .update(options.key)
      .update(JSON.stringify(options.env))
      .update(options.freshEachCheck ? runId : '')
      .digest('hex'),
    meta: { ...options.meta, runId },
  });
  if (!started.ok && started.offLoopback) {
    const where = started.offLoopback.map(describeSocket).join(', ');
    const listen = options.env['LAB_LISTEN'];
    return {
      ok: false,
      verdict: fail(
        `your program listens on ${where}: other machines on your network can reach it, so it was stopped`,
        {
          hint: listen ? `bind LAB_LISTEN (${listen}), not every interface` : (started.hint ?? ''),
        },
      ),
    };
  }
  if (!started.ok) {
    return {
      ok: false,
      verdict: fail(`your program did not start: ${started.reason}`, {
        output: started.logTail || '(it printed nothing)',
        hint: `its whole log: ${shownPath(started.log)}`,
      }),
    };
  }
  const detail = started.reused
    ? 'already running, unchanged'
    : `started in ${(started.readyMs / 1000).toFixed(1)}s`;
  const program: RunningProgram = {
    runId: started.record.meta['runId'] ?? '',
    startedAtMs: Date.parse(started.record.startedAt),
  };
  return { ok: true, verdict: pass(`${detail} · log ${shownPath(started.log)}`), program };
}

/** What the Go labs' later checks read: the built program, and the run id of the running one. */
export interface GoLabState {
  binary?: string;
  key?: string;
  /** The run id the running program was started with (returned as is when it was reused). */
  runId?: string;
  /** When the running program started (ms since the epoch). */
  startedAtMs?: number;
}

/**
 * The two checks every Go lab makes first: the learner's program compiles (`go build`), and it
 * runs on `port` of 127.0.0.1 (LAB_LISTEN) until /healthz answers, reused while the build and
 * its environment are the same. `state.runId` says which run answers, for the checks after.
 */
export function goProgramRuns<S extends GoLabState>(program: {
  readonly labId: string;
  /** Binary and process name: .stack/lab/<id>/bin/<hash>/<name>, log lab-<id>-<name>.log. */
  readonly name: string;
  readonly port: number;
  /** The second check's name: what it runs as ("it serves /metrics on 127.0.0.1:19020"). */
  readonly runs: string;
  /** Environment besides LAB_LISTEN. */
  readonly env?: Readonly<Record<string, string>>;
  /** Environment per process start, from its run id (see ProgramOptions.perRun). */
  readonly perRun?: (runId: string) => Readonly<Record<string, string>>;
  /**
   * Start a new process (so a new run id) for every check, not only for a new build: for a
   * program whose data leaves it (OTLP pushes to Mimir), so each check counts exactly its own
   * requests instead of adding to what an earlier check of the same build left there.
   */
  readonly freshEachCheck?: boolean;
}): Check<S>[] {
  return [
    check<S>('your program compiles (go build)', async (ctx, state) => {
      const build = await goBuild(program.labId, ctx.dir, ctx.shownDir, program.name);
      if (!build.ok) return build.verdict;
      state.binary = build.binary;
      state.key = build.key;
      return pass(
        build.built ? `built in ${(build.ms / 1000).toFixed(1)}s` : 'unchanged since the last build',
      );
    }),
    check<S>(program.runs, async (_ctx, state) => {
      if (!state.binary || !state.key) return fail('no binary to run');
      const run = await runGoProgram({
        labId: program.labId,
        name: program.name,
        binary: state.binary,
        key: state.key,
        port: program.port,
        env: { LAB_LISTEN: `127.0.0.1:${program.port}`, ...program.env },
        ...(program.perRun ? { perRun: program.perRun } : {}),
        ...(program.freshEachCheck ? { freshEachCheck: true } : {}),
      });
      if (run.ok) {
        state.runId = run.program.runId;
        state.startedAtMs = run.program.startedAtMs;
      }
      return run.verdict;
    }),
  ];
}

/** A nanosecond in milliseconds: Go's unit for a bare number. */
const NANOSECOND_MS = 1e-6;

/** time.<Unit> in milliseconds. */
const GO_TIME_UNITS: Readonly<Record<string, number>> = {
  Nanosecond: NANOSECOND_MS,
  Microsecond: 1e-3,
  Millisecond: 1,
  Second: 1_000,
  Minute: 60_000,
  Hour: 3_600_000,
};

/** One factor of a duration product: 2, 1.5, time.Second, time.Duration(500). */
function goFactor(text: string): { readonly value: number; readonly unit: boolean } | undefined {
  const unit = /^time\.(\w+)$/.exec(text)?.[1];
  if (unit !== undefined) {
    const ms = GO_TIME_UNITS[unit];
    return ms === undefined ? undefined : { value: ms, unit: true };
  }
  const number = /^(?:time\.Duration\()?(\d+(?:\.\d+)?|\d*\.\d+)\)?$/.exec(text)?.[1];
  return number === undefined ? undefined : { value: Number(number), unit: false };
}

/**
 * The value in milliseconds of a constant Go duration expression: `2 * time.Second`,
 * `time.Second*2`, `time.Duration(500) * time.Millisecond`, `time.Minute`,
 * `time.Second + 500*time.Millisecond`, or a bare number (nanoseconds, as Go reads it).
 * Undefined for anything else (a variable, a function call): the caller falls back to a default.
 */
export function goDurationMs(expr: string): number | undefined {
  let total = 0;
  for (const term of expr.replace(/\s+/g, '').split('+')) {
    const factors = term.split('*').map(goFactor);
    if (factors.length === 0 || factors.some((f) => f === undefined)) return undefined;
    const known = factors as { value: number; unit: boolean }[];
    const product = known.reduce((p, f) => p * f.value, 1);
    // Without a time unit the number counts nanoseconds.
    total += known.some((f) => f.unit) ? product : product * NANOSECOND_MS;
  }
  return total;
}

/** Go source without comments, so a commented-out call does not count. */
const withoutComments = (source: string): string =>
  source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:"])\/\/.*$/gm, '$1');

/** A call of `name` with a duration argument, where the learner's Go files make it. */
export interface GoDurationCall {
  /** The file, as the learner sees it. */
  readonly file: string;
  /** The argument as written. */
  readonly text: string;
  /** Its value, or undefined when it is not a constant the checker can read. */
  readonly ms: number | undefined;
}

/** Every call `name(<duration>)` in the *.go files of `dir` (e.g. sdkmetric.WithInterval). */
export function goDurationCalls(dir: string, shownDir: string, name: string): GoDurationCall[] {
  const calls: GoDurationCall[] = [];
  // The argument may hold one level of parentheses: time.Duration(5) * time.Second.
  const pattern = new RegExp(String.raw`\b${name}\(((?:[^()]|\([^()]*\))*)\)`, 'g');
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.go'))
    .sort()) {
    const source = withoutComments(readFileSync(join(dir, file), 'utf8'));
    for (const match of source.matchAll(pattern)) {
      const text = (match[1] ?? '').trim();
      calls.push({ file: `${shownDir}/${file}`, text, ms: goDurationMs(text) });
    }
  }
  return calls;
}
