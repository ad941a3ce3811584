import { spawn } from 'node:child_process';

/** Prints a step header the way scripts/workshop does, so one run reads as one log. */
export function step(message: string): void {
  // Colour only on a terminal: CI logs show escape codes literally.
  const arrow = process.stdout.isTTY ? '\x1b[1;34m==>\x1b[0m' : '==>';
  // The wall-clock time, as scripts/lib/toolchain.sh prints it: a CI log shows where time went.
  const clock = new Date().toTimeString().slice(0, 8);
  console.log(`${arrow} ${clock} ${message}`);
}

export interface RunResult {
  readonly code: number;
  readonly ms: number;
}

/** Runs a command with inherited stdio (so progress shows live) and resolves with its exit code. */
export function run(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
): Promise<RunResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
    child.on('error', (err) => {
      console.error(`could not run ${command}: ${err.message}`);
      resolve({ code: 127, ms: Date.now() - started });
    });
    child.on('exit', (code, signal) => {
      resolve({ code: code ?? (signal ? 128 : 1), ms: Date.now() - started });
    });
  });
}
