/**
 * A Docker daemon for the test run: the one already answering, or Debian's dockerd started here
 * (its log in the run's logs folder) and stopped again by `stop`, so a test run leaves the
 * machine as it found it.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { run, type StackPaths } from '../stack/index.ts';
import { sleep } from '../lib/sleep.ts';

export interface Daemon {
  /** True when this run started dockerd. */
  readonly started: boolean;
  readonly log?: string;
  /** Stops the daemon if this run started it; otherwise does nothing. */
  stop(): Promise<void>;
}

const answers = async (): Promise<boolean> =>
  (await run('docker', ['info', '--format', '{{.ServerVersion}}'], { timeoutMs: 15_000 })).code === 0;

export async function ensureDaemon(paths: StackPaths, log: (line: string) => void): Promise<Daemon> {
  if (await answers()) return { started: false, stop: () => Promise.resolve() };
  mkdirSync(paths.logs, { recursive: true });
  const file = join(paths.logs, 'dockerd.log');
  log(`no Docker daemon answers: starting dockerd (log ${file})`);
  const out = openSync(file, 'a');
  const child = spawn('dockerd', [], { stdio: ['ignore', out, out], detached: true });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  child.unref();
  const deadline = Date.now() + 60_000;
  while (!(await answers())) {
    if (child.exitCode !== null) throw new Error(`dockerd exited (code ${child.exitCode}): see ${file}`);
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error(`dockerd did not answer within 60 s: see ${file}`);
    }
    await sleep(500);
  }
  return {
    started: true,
    log: file,
    async stop() {
      if (child.exitCode !== null) return;
      log('stopping the dockerd this run started');
      child.kill('SIGTERM');
      // dockerd stops its containers first; give it the time Docker's own service unit does.
      const stopped = await Promise.race([exited.then(() => true), sleep(60_000).then(() => false)]);
      if (!stopped) child.kill('SIGKILL');
    },
  };
}
