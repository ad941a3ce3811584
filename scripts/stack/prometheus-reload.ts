/**
 * Reloads the stack's Prometheus with SIGHUP and waits for its verdict. The HTTP lifecycle API
 * (POST /-/reload) would also let any web page POST /-/quit, so Prometheus runs without it; the
 * outcome is read from Prometheus's own reload gauges instead of an HTTP status.
 */
import { statSync } from 'node:fs';
import { compose } from './docker.ts';
import { serviceUrl } from './health.ts';
import { fileTail, runningRecord } from './native/processes.ts';
import { StackError } from './output.ts';
import type { StackPaths } from './paths.ts';
import { logFile } from './paths.ts';
import type { Mode } from './state.ts';
import { sleep } from '../lib/sleep.ts';

/** Prometheus reloads in well under a second here; a slow disk gets room. */
const verdictTimeoutMs = 15_000;

export interface ReloadGauges {
  /** prometheus_config_last_reload_successful: 1 or 0. */
  readonly successful: boolean;
  /** prometheus_config_last_reload_success_timestamp_seconds, with its fraction. */
  readonly successAt: number;
}

/** Reads the two reload gauges from Prometheus's own exposition. */
export function parseReloadGauges(exposition: string): ReloadGauges | undefined {
  const value = (name: string): number | undefined => {
    const line = exposition.split('\n').find((l) => l.startsWith(`${name} `));
    const parsed =
      line === undefined
        ? NaN
        : Number(
            line
              .slice(name.length + 1)
              .trim()
              .split(' ')[0],
          );
    return Number.isFinite(parsed) ? parsed : undefined;
  };
  const successful = value('prometheus_config_last_reload_successful');
  const successAt = value('prometheus_config_last_reload_success_timestamp_seconds');
  if (successful === undefined || successAt === undefined) return undefined;
  return { successful: successful === 1, successAt };
}

async function readGauges(): Promise<ReloadGauges> {
  const url = `${serviceUrl('prometheus')}/metrics`;
  const response = await fetch(url, { signal: AbortSignal.timeout(5_000) }).catch((error: unknown) => {
    throw new StackError(
      `prometheus is not reachable at ${serviceUrl('prometheus')}: ${(error as Error).message}`,
    );
  });
  const gauges = parseReloadGauges(await response.text());
  if (!gauges) throw new StackError(`prometheus's ${url} has no prometheus_config_last_reload_* gauges`);
  return gauges;
}

const logSize = (file: string): number => {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
};

/** What Prometheus logged about the reload, natively (Docker logs go to compose). */
function reloadError(paths: StackPaths, mode: Mode, offset: number): string | undefined {
  if (mode !== 'native') return undefined;
  const lines = fileTail(logFile(paths, 'prometheus'), 200, offset).split('\n');
  const error = lines.filter((l) => l.includes('Error reloading config'));
  return error.length > 0 ? error.join('\n') : undefined;
}

async function sendHangup(paths: StackPaths, mode: Mode): Promise<void> {
  if (mode === 'docker') {
    const killed = await compose(paths, ['kill', '-s', 'SIGHUP', 'prometheus'], 30_000);
    if (killed.code !== 0)
      throw new StackError(`docker compose kill -s SIGHUP prometheus failed: ${killed.stderr}`);
    return;
  }
  const record = runningRecord(paths, 'prometheus');
  if (!record) throw new StackError('prometheus is not running: start it with `npm run stack -- up`');
  process.kill(record.pid, 'SIGHUP');
}

/** Sends SIGHUP and resolves once Prometheus has loaded the config; throws with its reason if it refused. */
export async function reloadPrometheus(paths: StackPaths, mode: Mode): Promise<void> {
  const before = await readGauges();
  const offset = logSize(logFile(paths, 'prometheus'));
  await sendHangup(paths, mode);
  const deadline = Date.now() + verdictTimeoutMs;
  while (Date.now() < deadline) {
    await sleep(100);
    const now = await readGauges();
    if (now.successful && now.successAt > before.successAt) return;
    const logged = reloadError(paths, mode, offset);
    // A failure after a success flips the gauge; after an earlier failure only the log tells.
    if (logged !== undefined || (before.successful && !now.successful)) {
      throw new StackError(
        `prometheus refused the reload and keeps its previous config: ${logged ?? 'see `npm run stack -- logs prometheus`'}`,
      );
    }
  }
  throw new StackError(
    `prometheus did not confirm the reload within ${verdictTimeoutMs / 1000} s: see \`npm run stack -- logs prometheus\``,
  );
}
