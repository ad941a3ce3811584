/**
 * The site's "Check my work" runs the very same checker as the terminal: it starts
 * `node scripts/lab/cli.ts <verb> <lab> --json` in the repository (the server's working
 * directory) and returns what it printed. One run per lab at a time; a second click joins it.
 * The CLI runs in its own process group, so a check that runs too long is stopped with
 * everything it started (go build, promtool): SIGTERM first, which lets it undo a half-applied
 * change, then SIGKILL.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { siteCheckTimeoutMs } from '../../../labs/kit/check-limits.ts';

export type LabVerb = 'check' | 'hint' | 'list' | 'prepare';

export interface CliAnswer {
  /** The CLI's exit code (check: 0 pass, 1 fail). */
  readonly code: number;
  /** Its JSON output, parsed, or undefined when it printed an error instead. */
  readonly json: unknown;
  /** What it wrote to stderr (an error such as "run `npm run lab -- start` first"). */
  readonly error: string;
}

const running = new Map<string, Promise<CliAnswer>>();

export interface CliLimits {
  /** How long one run may take before it is stopped. */
  readonly timeoutMs: number;
  /** After SIGTERM, how long it may take to undo and exit before SIGKILL. */
  readonly graceMs: number;
}

/** A check may build a Go program and wait for data: labs/kit/check-limits.ts says how long. */
const defaultLimits: CliLimits = { timeoutMs: siteCheckTimeoutMs, graceMs: 10_000 };

/** Signals the CLI's whole process group; a group that is gone already is fine. */
function signalGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // every process of the group has exited
  }
}

function run(args: readonly string[], root: string, limits: CliLimits): Promise<CliAnswer> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(root, 'scripts', 'lab', 'cli.ts'), ...args], {
      cwd: root,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group: the timeout reaches go build and promtool too.
      detached: true,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      signalGroup(child.pid, 'SIGTERM');
      // Also after the CLI itself has exited: a child that ignored SIGTERM is still in the group.
      setTimeout(() => {
        signalGroup(child.pid, 'SIGKILL');
      }, limits.graceMs).unref();
    }, limits.timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (timedOut) {
        resolve({
          code: 1,
          json: undefined,
          error: `timed out after ${Math.round(limits.timeoutMs / 1000)} s: the check was stopped. Run \`npm run lab -- ${args.filter((a) => a !== '--json').join(' ')}\` in a terminal to see where it waits`,
        });
        return;
      }
      let json: unknown;
      try {
        json = JSON.parse(stdout);
      } catch {
        json = undefined;
      }
      // npm's and Node's warnings are noise here; the CLI's own errors start with "error:".
      const error = stderr
        .split('\n')
        .filter((l) => l.startsWith('error:'))
        .map((l) => l.slice('error:'.length).trim())
        .join('\n');
      resolve({
        code: code ?? 1,
        json,
        error: error || (json === undefined ? stderr.trim() || stdout.trim() : ''),
      });
    });
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ code: 1, json: undefined, error: e.message });
    });
  });
}

export function runLabCli(
  verb: LabVerb,
  lab: string | undefined,
  root = process.cwd(),
  limits: CliLimits = defaultLimits,
  /** A PromQL exercise's query, graded instead of its file's (`--query`). */
  query?: string,
): Promise<CliAnswer> {
  if (!existsSync(join(root, 'scripts', 'lab', 'cli.ts'))) {
    return Promise.resolve({
      code: 1,
      json: undefined,
      error: `the site runs outside the workshop repository (${root}): start it with \`npm start\` from there`,
    });
  }
  // A second click joins the run of the same query; another query is another run.
  const key = `${verb} ${lab ?? ''} ${query ?? ''}`;
  const current = running.get(key);
  if (current) return current;
  const args = [verb, ...(lab ? [lab] : []), ...(query === undefined ? [] : [`--query=${query}`]), '--json'];
  const started = run(args, root, limits).finally(() => running.delete(key));
  running.set(key, started);
  return started;
}
