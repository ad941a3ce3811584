/**
 * The site's "Check my work" runs the very same checker as the terminal: it starts
 * `node scripts/lab/cli.ts <verb> <lab> --json` in the repository (the server's working
 * directory) and returns what it printed. One run per lab at a time; a second click joins it.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export type LabVerb = 'check' | 'hint' | 'list';

export interface CliAnswer {
  /** The CLI's exit code (check: 0 pass, 1 fail). */
  readonly code: number;
  /** Its JSON output, parsed, or undefined when it printed an error instead. */
  readonly json: unknown;
  /** What it wrote to stderr (an error such as "run `npm run lab -- start` first"). */
  readonly error: string;
}

const running = new Map<string, Promise<CliAnswer>>();

/** Checks can build Go programs and wait for data: allow well over the longest wait bound. */
const TIMEOUT_MS = 300_000;

function run(args: readonly string[], root: string): Promise<CliAnswer> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(root, 'scripts', 'lab', 'cli.ts'), ...args], {
      cwd: root,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGTERM'), TIMEOUT_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
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

export function runLabCli(verb: LabVerb, lab: string | undefined, root = process.cwd()): Promise<CliAnswer> {
  if (!existsSync(join(root, 'scripts', 'lab', 'cli.ts'))) {
    return Promise.resolve({
      code: 1,
      json: undefined,
      error: `the site runs outside the workshop repository (${root}): start it with \`npm start\` from there`,
    });
  }
  const key = `${verb} ${lab ?? ''}`;
  const current = running.get(key);
  if (current) return current;
  const started = run([verb, ...(lab ? [lab] : []), '--json'], root).finally(() => running.delete(key));
  running.set(key, started);
  return started;
}
