/**
 * The exercise Prometheus: the PromQL exercises' own server on 127.0.0.1:19190 (a lab port),
 * over the fixed dataset backfilled with `promtool tsdb create-blocks-from openmetrics`. It is
 * started on demand by the first exercise check, scrapes nothing, answers queries only, and is
 * tracked like every lab process (`lab stop`, `stack down`). The backfill runs again only when
 * the dataset's bytes change (their SHA-256 is kept beside the data), and the server restarts
 * on it, since its config names that hash.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { datasetStep } from '../promql/dataset/clock.ts';
import { datasetFile, nativeDatasetFile } from '../promql/dataset/generate.ts';
import { postBytes } from '../../scripts/classroom/post-bytes.ts';
import { remoteWriteHeaders } from '../../scripts/classroom/protocol.ts';
import { snappyEncode } from '../../scripts/classroom/snappy.ts';
import { encodeWriteRequest, type Series } from '../../scripts/classroom/write-request.ts';
import { request } from './http.ts';
import { exercisePrometheusPort } from '../promql/exercises.ts';
import { ensureExercisePrometheusServer, labServerDataDir } from './lab-services.ts';
import { withLabLock } from './lab-lock.ts';
import { stopLabProcesses } from './processes.ts';
import { shownPath } from './shown.ts';
import { runTool } from './validators.ts';
import type { Fail } from './verdict.ts';
import { fail } from './verdict.ts';

/** The exercises' process owner, as a lab id: .stack/lab/promql, lab-promql-prometheus. */
export const EXERCISES = 'promql';
const SERVER = 'prometheus';
/** The loader of native histograms, on the port after the exercise server's, while preparing only. */
const LOADER = 'native-loader';
const loaderPort = exercisePrometheusPort + 1;

export { datasetClock } from '../promql/dataset/clock.ts';

export const exercisePrometheusUrl = `http://127.0.0.1:${exercisePrometheusPort}`;

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/** The dataset backfilled into the server's data folder, unless the same bytes already are. */
async function backfilled(): Promise<{ hash: string } | Fail> {
  const data = labServerDataDir(EXERCISES, SERVER);
  const stamp = join(dirname(data), 'dataset.sha256');
  const hash = sha256(Buffer.concat([readFileSync(datasetFile), readFileSync(nativeDatasetFile)]));
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
  const native = await loadNative(data);
  if (native) return native;
  writeFileSync(stamp, `${hash}\n`);
  return { hash };
}

const nativeFileSchema = z.object({
  schema: z.number().int(),
  series: z.array(
    z.object({
      labels: z.record(z.string(), z.string()),
      points: z.array(
        z.tuple([
          z.number(),
          z.number(),
          z.number(),
          z.array(z.tuple([z.number(), z.number()])),
          z.array(z.number()),
        ]),
      ),
    }),
  ),
});

/** Prometheus' default zero bucket width, as a scrape of client_golang writes it. */
const ZERO_THRESHOLD = 2.938735877055719e-39;

/**
 * The native histograms of shop-native.json into `data`: a loader Prometheus on an empty TSDB
 * takes them by remote-write (its head accepts any time, which the exercise server's, behind
 * the backfilled blocks, would not), a snapshot of it turns its head into a block, and the block
 * moves beside the backfilled ones. Undefined when done; the failure otherwise.
 */
async function loadNative(data: string): Promise<Fail | undefined> {
  const parsed = nativeFileSchema.safeParse(JSON.parse(readFileSync(nativeDatasetFile, 'utf8')));
  if (!parsed.success)
    return fail(
      `${shownPath(nativeDatasetFile)} is not what generate.ts writes: run \`npm run promql:dataset\``,
    );
  const loader = await ensureExercisePrometheusServer(
    'loader',
    EXERCISES,
    LOADER,
    loaderPort,
    'global:\n  scrape_interval: 1m\n',
  );
  if ('kind' in loader) return loader;
  if (!loader.result.ok)
    return fail(`the loader Prometheus did not start on 127.0.0.1:${loaderPort}: ${loader.result.reason}`, {
      output: loader.result.logTail,
    });
  try {
    const series: Series[] = parsed.data.series.map((s) => ({
      labels: s.labels,
      samples: [],
      histograms: s.points.map(([t, count, sum, spans, deltas]) => ({
        timestampMs: t * 1000,
        count,
        sum,
        schema: parsed.data.schema,
        zeroThreshold: ZERO_THRESHOLD,
        zeroCount: 0,
        positiveSpans: spans.map(([offset, length]) => ({ offset, length })),
        positiveDeltas: deltas,
      })),
    }));
    const base = `http://127.0.0.1:${loaderPort}`;
    const pushed = await postBytes(`${base}/api/v1/write`, snappyEncode(encodeWriteRequest(series)), {
      headers: remoteWriteHeaders,
      timeoutMs: 60_000,
    });
    if (pushed.status >= 300)
      return fail(
        `the loader Prometheus refused the native histograms: HTTP ${pushed.status} ${pushed.text}`,
      );
    const snapshot = await request(`${base}/api/v1/admin/tsdb/snapshot`, {
      method: 'POST',
      timeoutMs: 60_000,
    });
    const name = snapshot.ok
      ? z.object({ data: z.object({ name: z.string() }) }).safeParse(JSON.parse(snapshot.text))
      : undefined;
    if (!name?.success)
      return fail(`the loader Prometheus made no snapshot: ${snapshot.ok ? snapshot.text : snapshot.error}`);
    const dir = join(labServerDataDir(EXERCISES, LOADER), 'snapshots', name.data.data.name);
    const blocks = readdirSync(dir);
    if (blocks.length === 0) return fail(`the loader Prometheus's snapshot ${shownPath(dir)} holds no block`);
    for (const block of blocks) renameSync(join(dir, block), join(data, block));
    return undefined;
  } finally {
    await stopLabProcesses(EXERCISES);
  }
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
  const started = await ensureExercisePrometheusServer(
    'query-only',
    EXERCISES,
    SERVER,
    exercisePrometheusPort,
    config,
  );
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
