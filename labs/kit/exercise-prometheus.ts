/**
 * The exercise Prometheus: the PromQL exercises' own server on 127.0.0.1:19190 (a lab port),
 * over the fixed dataset backfilled with `promtool tsdb create-blocks-from openmetrics`. It is
 * started on demand by the first exercise check, scrapes nothing, answers queries only, and is
 * tracked like every lab process (`lab stop`, `stack down`). The backfill runs again only when
 * the dataset's bytes change (their SHA-256 is kept beside the data), and the server restarts
 * on it, since its config names that hash.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { datasetStep } from '../promql/dataset/clock.ts';
import { datasetFile } from '../promql/dataset/generate.ts';
import { exercisePrometheusPort } from '../promql/exercises.ts';
import { ensureQueryOnlyPrometheus, labServerDataDir } from './lab-services.ts';
import { withLabLock } from './lab-lock.ts';
import { stopLabProcesses } from './processes.ts';
import { shownPath } from './shown.ts';
import { runTool } from './validators.ts';
import type { Fail } from './verdict.ts';
import { fail } from './verdict.ts';

/** The exercises' process owner, as a lab id: .stack/lab/promql, lab-promql-prometheus. */
export const EXERCISES = 'promql';
const SERVER = 'prometheus';

export { datasetClock } from '../promql/dataset/clock.ts';

export const exercisePrometheusUrl = `http://127.0.0.1:${exercisePrometheusPort}`;

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/** The dataset backfilled into the server's data folder, unless the same bytes already are. */
async function backfilled(): Promise<{ hash: string } | Fail> {
  const data = labServerDataDir(EXERCISES, SERVER);
  const stamp = join(dirname(data), 'dataset.sha256');
  const hash = sha256(readFileSync(datasetFile));
  let current = '';
  try {
    current = readFileSync(stamp, 'utf8').trim();
  } catch {
    // never backfilled
  }
  if (current === hash) return { hash };
  // A running server holds the old blocks open: stop it before they are replaced.
  await stopLabProcesses(EXERCISES);
  rmSync(data, { recursive: true, force: true });
  mkdirSync(data, { recursive: true });
  const out = await runTool('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', datasetFile, data], {
    files: [datasetFile],
    writableDirs: [data],
    timeoutMs: 180_000,
  });
  if ('kind' in out) return out.kind === 'fail' ? out : fail('promtool gave no verdict');
  if (out.code !== 0)
    return fail(`promtool could not backfill ${shownPath(datasetFile)} into ${shownPath(data)}:`, {
      output: out.output,
    });
  writeFileSync(stamp, `${hash}\n`);
  return { hash };
}

/**
 * The running exercise Prometheus's base URL, started (and backfilled) when it is not. Under the
 * exercises' own lock: checks of two exercises at once must not both backfill.
 */
export function ensureExercisePrometheus(): Promise<{ base: string; reused: boolean } | Fail> {
  return withLabLock(EXERCISES, 'prepare', startServer);
}

async function startServer(): Promise<{ base: string; reused: boolean } | Fail> {
  const data = await backfilled();
  if ('kind' in data) return data;
  const config = [
    "# The PromQL exercises' Prometheus (labs/kit/exercise-prometheus.ts): it scrapes nothing.",
    `# Dataset labs/promql/dataset/shop.om, sha256 ${data.hash}.`,
    'global:',
    `  scrape_interval: ${datasetStep}s`,
    '',
  ].join('\n');
  const started = await ensureQueryOnlyPrometheus(EXERCISES, SERVER, exercisePrometheusPort, config);
  if ('kind' in started) return started;
  if (!started.result.ok)
    return fail(
      `the exercise Prometheus did not start on 127.0.0.1:${exercisePrometheusPort}: ${started.result.reason}`,
      {
        output: started.result.logTail,
        ...(started.result.hint ? { hint: started.result.hint } : {}),
      },
    );
  return { base: exercisePrometheusUrl, reused: started.result.reused };
}
