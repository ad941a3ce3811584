/** Runs external commands (go, docker, the built binaries) without a shell. */
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';

export interface RunOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Append stdout and stderr to this file instead of collecting them. */
  readonly logFile?: string;
  /** Kill the command (SIGKILL) after this long. */
  readonly timeoutMs?: number;
  /** Written to the command's standard input. */
  readonly input?: string;
  /** Called with each complete line the command writes to stderr, as it writes it. */
  readonly onStderrLine?: (line: string) => void;
  /**
   * Let the command write to this process's terminal (its own progress display) instead of
   * collecting its output; the result's stdout and stderr stay empty.
   */
  readonly stream?: boolean;
}

export interface RunResult {
  /** Exit code; -1 when the command could not start or was killed. */
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** Set when the command could not be started (e.g. not installed). */
  readonly error?: string;
}

export function run(command: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve) => {
    const log = options.logFile ? createWriteStream(options.logFile, { flags: 'a' }) : undefined;
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: [
        options.input === undefined ? 'ignore' : 'pipe',
        options.stream ? 'inherit' : 'pipe',
        options.stream ? 'inherit' : 'pipe',
      ],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      if (log) log.write(chunk);
      else stdout += chunk.toString();
    });
    let partial = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      if (log) log.write(chunk);
      else stderr += chunk.toString();
      if (!options.onStderrLine) return;
      const lines = (partial + chunk.toString()).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) options.onStderrLine(line);
    });
    if (options.input !== undefined) child.stdin?.end(options.input);
    const timer = options.timeoutMs
      ? setTimeout(() => {
          stderr += `\n(killed after ${options.timeoutMs} ms)`;
          child.kill('SIGKILL');
        }, options.timeoutMs)
      : undefined;
    let settled = false;
    const finish = (result: RunResult): void => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      if (log)
        log.end(() => {
          resolve(result);
        });
      else resolve(result);
    };
    child.on('error', (error) => {
      finish({ code: -1, stdout, stderr, error: error.message });
    });
    child.on('close', (code) => {
      finish({ code: code ?? -1, stdout, stderr });
    });
  });
}

/** The last `count` lines of a text, for failure messages. */
export function lastLines(text: string, count: number): string {
  const lines = text.replace(/\s+$/, '').split('\n');
  return lines.slice(-count).join('\n');
}
