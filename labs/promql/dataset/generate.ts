/**
 * npm run promql:dataset [-- --check]: writes labs/promql/dataset/shop.om, the fixed data every
 * PromQL exercise is graded on, as OpenMetrics text that `promtool tsdb create-blocks-from
 * openmetrics` backfills into the exercise Prometheus. Seeded, so the file only changes when this
 * program does: change the story below, run it, commit both (a unit test fails on drift).
 */
// region story
// Two hours of a small shop, 2026-01-01 10:00–12:00 UTC, one sample a minute.
//   job shop, instances shop-1..3 (target_info: shop-3 runs version 1.5.0, the others 1.4.0)
//     http_requests_total{route, method, status}   shop-2 restarts at 10:45 (counter reset,
//                                                   up 0 for two minutes); from 11:00 shop-3's
//                                                   POST /checkout fails one request in five
//     http_request_duration_seconds (classic histogram, seconds) per route; /checkout is the
//                                                   slow route, and slower on shop-3 from 11:00
//     shop_orders_total{payment}                    card and invoice orders
//     process_resident_memory_bytes                 shop-3 grows 1 MiB a minute
//   job node, node-1: node_filesystem_{avail,size}_bytes{mountpoint}; /data fills up
//   job worker, worker-1: queue_jobs_waiting{queue}; the emails queue spikes at 11:10–11:20
//   job batch: batch_runs_total{task="backup"} every 5 minutes, until the last run at 11:20
// endregion story
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { datasetEnd, datasetStart, datasetStep } from './clock.ts';

export const datasetFile = fileURLToPath(new URL('shop.om', import.meta.url));
export const nativeDatasetFile = fileURLToPath(new URL('shop-native.json', import.meta.url));

/** mulberry32: a small seeded generator, the same numbers on every machine. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Labels = Readonly<Record<string, string>>;
const labelText = (labels: Labels): string =>
  `{${Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .join(',')}}`;

interface Family {
  readonly name: string;
  readonly type: 'counter' | 'gauge' | 'histogram' | 'info';
  readonly help: string;
  readonly unit?: string;
  /** Sample lines, each "name{labels} value timestamp", in the order they are written. */
  readonly lines: string[];
}

/**
 * The request durations are also a native histogram of the same observations, as an app that
 * exposes both has it scraped: schema 2 (four buckets per power of two, bucket i holding
 * (2^((i-1)/4), 2^(i/4)]), counts and the same sum as the classic one. OpenMetrics 1.0 text has
 * no native histograms, so they go to shop-native.json, remote-written by the exercise
 * Prometheus's loader (labs/kit/exercise-prometheus.ts).
 */
export const nativeSchema = 2;
const nativeBucket = (value: number): number => Math.ceil(Math.log2(value) * 2 ** nativeSchema);

/** [seconds, count, sum, spans as [offset, length], deltas]: a native histogram sample, compactly. */
export type NativePoint = [number, number, number, [number, number][], number[]];

export interface NativeSeries {
  readonly labels: Readonly<Record<string, string>>;
  readonly points: NativePoint[];
}

/** Cumulative bucket counts as Prometheus keeps them: spans of consecutive buckets, count deltas. */
function nativePoint(
  t: number,
  count: number,
  sum: number,
  buckets: ReadonlyMap<number, number>,
): NativePoint {
  const indexes = [...buckets.keys()].sort((a, b) => a - b);
  const spans: [number, number][] = [];
  const deltas: number[] = [];
  let previousIndex: number | undefined;
  let previousCount = 0;
  for (const index of indexes) {
    const current = spans.at(-1);
    if (previousIndex !== undefined && current && index === previousIndex + 1) current[1]++;
    else spans.push([previousIndex === undefined ? index : index - previousIndex - 1, 1]);
    const n = buckets.get(index) ?? 0;
    deltas.push(n - previousCount);
    previousCount = n;
    previousIndex = index;
  }
  return [t, count, sum, spans, deltas];
}

/** Every family with its samples, drawn from a fresh generator: the same on every call. */
function build(): { families: Family[]; nativeSeries: NativeSeries[] } {
  const rand = random(20260101);
  /** A whole count around `mean` (±30 %). */
  const around = (mean: number): number => Math.max(0, Math.round(mean * (0.7 + 0.6 * rand())));

  const minutes = Array.from(
    { length: (datasetEnd - datasetStart) / datasetStep + 1 },
    (_, i) => datasetStart + i * datasetStep,
  );
  const at = (h: number, m: number): number => Date.UTC(2026, 0, 1, h, m, 0) / 1000;

  const families: Family[] = [];
  const nativeSeries: NativeSeries[] = [];
  const family = (f: Omit<Family, 'lines'>): Family => {
    const created = { ...f, lines: [] };
    families.push(created);
    return created;
  };

  const instances = ['shop-1', 'shop-2', 'shop-3'] as const;
  const routes = [
    { route: '/', method: 'GET', perMinute: 300, median: 0.03 },
    { route: '/products', method: 'GET', perMinute: 180, median: 0.06 },
    { route: '/checkout', method: 'POST', perMinute: 60, median: 0.3 },
  ] as const;
  const buckets = [0.05, 0.1, 0.25, 0.5, 1, 2.5] as const;

  const restart = { instance: 'shop-2', downFrom: at(10, 44), downUntil: at(10, 46) };
  const incidentFrom = at(11, 0);
  const isDown = (instance: string, t: number): boolean =>
    instance === restart.instance && t >= restart.downFrom && t < restart.downUntil;
  /** No sample while a target is down: the series has a gap there, as a failed scrape leaves it. */
  const scraped = (instance: string, t: number): boolean => !isDown(instance, t);

  const requests = family({ name: 'http_requests', type: 'counter', help: 'HTTP requests served.' });
  const duration = family({
    name: 'http_request_duration_seconds',
    type: 'histogram',
    unit: 'seconds',
    help: 'Time to serve an HTTP request.',
  });
  const orders = family({ name: 'shop_orders', type: 'counter', help: 'Orders placed.' });
  const memory = family({
    name: 'process_resident_memory_bytes',
    type: 'gauge',
    unit: 'bytes',
    help: 'Resident memory size.',
  });
  const up = family({ name: 'up', type: 'gauge', help: 'Whether the last scrape of the target succeeded.' });
  const targetInfo = family({ name: 'target', type: 'info', help: 'Target metadata.' });

  /** A lognormal draw with the given median: request durations have a long tail. */
  const durationSample = (median: number): number => {
    const u = Math.max(rand(), 1e-9);
    const v = rand();
    const normal = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    return median * Math.exp(0.6 * normal);
  };

  for (const instance of instances) {
    const base = { instance, job: 'shop' };
    for (const r of routes) {
      const counts = { ok: 0, failed: 0, notFound: 0 };
      const hist = { buckets: buckets.map(() => 0), inf: 0, sum: 0 };
      const native = new Map<number, number>();
      const nativePoints: NativePoint[] = [];
      const series = { ...base, method: r.method, route: r.route };
      const lines = {
        ok: [] as string[],
        failed: [] as string[],
        notFound: [] as string[],
        hist: [] as string[],
      };
      for (const t of minutes) {
        if (t === restart.downUntil && instance === restart.instance) {
          counts.ok = counts.failed = counts.notFound = 0;
          hist.buckets = buckets.map(() => 0);
          native.clear();
          hist.inf = hist.sum = 0;
        }
        if (!scraped(instance, t)) continue;
        const incident = instance === 'shop-3' && r.route === '/checkout' && t >= incidentFrom;
        const served = around(r.perMinute);
        const failed = incident ? Math.round(served * 0.2) : rand() < 0.3 ? 1 : 0;
        const notFound = r.route === '/products' ? around(3) : 0;
        counts.ok += served - failed;
        counts.failed += failed;
        counts.notFound += notFound;
        for (let i = 0; i < served + notFound; i++) {
          const d = durationSample(incident ? r.median * 3 : r.median);
          hist.sum += d;
          const index = nativeBucket(d);
          native.set(index, (native.get(index) ?? 0) + 1);
          hist.inf++;
          buckets.forEach((le, b) => {
            if (d <= le) hist.buckets[b] = (hist.buckets[b] ?? 0) + 1;
          });
        }
        lines.ok.push(`http_requests_total${labelText({ ...series, status: '200' })} ${counts.ok} ${t}`);
        lines.failed.push(
          `http_requests_total${labelText({ ...series, status: '500' })} ${counts.failed} ${t}`,
        );
        if (r.route === '/products')
          lines.notFound.push(
            `http_requests_total${labelText({ ...series, status: '404' })} ${counts.notFound} ${t}`,
          );
        const hs = { ...base, route: r.route };
        buckets.forEach((le, b) => {
          lines.hist.push(
            `http_request_duration_seconds_bucket${labelText({ ...hs, le: String(le) })} ${hist.buckets[b] ?? 0} ${t}`,
          );
        });
        lines.hist.push(
          `http_request_duration_seconds_bucket${labelText({ ...hs, le: '+Inf' })} ${hist.inf} ${t}`,
        );
        lines.hist.push(`http_request_duration_seconds_count${labelText(hs)} ${hist.inf} ${t}`);
        lines.hist.push(`http_request_duration_seconds_sum${labelText(hs)} ${hist.sum.toFixed(3)} ${t}`);
        nativePoints.push(nativePoint(t, hist.inf, Number(hist.sum.toFixed(3)), native));
      }
      requests.lines.push(...lines.ok, ...lines.failed, ...lines.notFound);
      duration.lines.push(...lines.hist);
      nativeSeries.push({
        labels: { __name__: 'http_request_duration_seconds', ...base, route: r.route },
        points: nativePoints,
      });
    }
    for (const payment of ['card', 'invoice']) {
      let total = 0;
      for (const t of minutes) {
        if (t === restart.downUntil && instance === restart.instance) total = 0;
        if (!scraped(instance, t)) continue;
        total += around(payment === 'card' ? 40 : 12);
        orders.lines.push(`shop_orders_total${labelText({ ...base, payment })} ${total} ${t}`);
      }
    }
    for (const t of minutes) {
      if (!scraped(instance, t)) continue;
      const grown = instance === 'shop-3' ? ((t - datasetStart) / 60) * 1024 * 1024 : 0;
      const bytes = Math.round(48 * 1024 * 1024 + grown + rand() * 2 * 1024 * 1024);
      memory.lines.push(`process_resident_memory_bytes${labelText(base)} ${bytes} ${t}`);
    }
    for (const t of minutes) up.lines.push(`up${labelText(base)} ${isDown(instance, t) ? 0 : 1} ${t}`);
    const version = instance === 'shop-3' ? '1.5.0' : '1.4.0';
    for (const t of minutes)
      if (scraped(instance, t))
        targetInfo.lines.push(
          `target_info${labelText({ ...base, deployment_environment: 'production', service_version: version })} 1 ${t}`,
        );
  }

  const avail = family({
    name: 'node_filesystem_avail_bytes',
    type: 'gauge',
    unit: 'bytes',
    help: 'Filesystem space available to non-root users.',
  });
  const size = family({
    name: 'node_filesystem_size_bytes',
    type: 'gauge',
    unit: 'bytes',
    help: 'Filesystem size.',
  });
  const GiB = 1024 ** 3;
  const node = { instance: 'node-1', job: 'node' };
  for (const [mountpoint, total, start, perMinute] of [
    ['/', 40 * GiB, 31 * GiB, 0],
    ['/data', 100 * GiB, 20 * GiB, -40 * 1024 * 1024],
  ] as const) {
    for (const t of minutes) {
      const value = Math.round(
        start + perMinute * ((t - datasetStart) / 60) + (rand() - 0.5) * 8 * 1024 * 1024,
      );
      avail.lines.push(`node_filesystem_avail_bytes${labelText({ ...node, mountpoint })} ${value} ${t}`);
      size.lines.push(`node_filesystem_size_bytes${labelText({ ...node, mountpoint })} ${total} ${t}`);
    }
  }
  for (const t of minutes) up.lines.push(`up${labelText(node)} 1 ${t}`);

  const queue = family({ name: 'queue_jobs_waiting', type: 'gauge', help: 'Jobs waiting in a queue.' });
  const worker = { instance: 'worker-1', job: 'worker' };
  for (const name of ['emails', 'invoices']) {
    for (const t of minutes) {
      const spike =
        name === 'emails' && t >= at(11, 10) && t < at(11, 20) ? 400 + 40 * ((t - at(11, 10)) / 60) : 0;
      queue.lines.push(
        `queue_jobs_waiting${labelText({ ...worker, queue: name })} ${around(20) + spike} ${t}`,
      );
    }
  }
  for (const t of minutes) up.lines.push(`up${labelText(worker)} 1 ${t}`);

  const batch = family({ name: 'batch_runs', type: 'counter', help: 'Completed runs of a batch task.' });
  let runs = 0;
  for (const t of minutes) {
    if (t > at(11, 20)) break;
    if ((t - datasetStart) % 300 === 0) runs++;
    batch.lines.push(`batch_runs_total${labelText({ job: 'batch', task: 'backup' })} ${runs} ${t}`);
  }
  return { families, nativeSeries };
}

/** The whole file: each family's metadata, then its samples; OpenMetrics ends with # EOF. */
export function datasetText(): string {
  const out: string[] = [];
  for (const f of build().families) {
    out.push(`# TYPE ${f.name} ${f.type}`);
    if (f.unit) out.push(`# UNIT ${f.name} ${f.unit}`);
    out.push(`# HELP ${f.name} ${f.help}`);
    out.push(...f.lines);
  }
  out.push('# EOF');
  return `${out.join('\n')}\n`;
}

/** The native histograms, one series per line so a change reads as a diff. */
export function nativeDatasetText(): string {
  const lines = build().nativeSeries.map((series) => JSON.stringify(series));
  return `{"schema":${nativeSchema},"series":[\n${lines.join(',\n')}\n]}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const [file, text] of [
    [datasetFile, datasetText()],
    [nativeDatasetFile, nativeDatasetText()],
  ] as const) {
    if (process.argv.includes('--check')) {
      if (readFileSync(file, 'utf8') !== text) {
        console.error(`${file} differs from what generate.ts writes: run \`npm run promql:dataset\``);
        process.exitCode = 1;
      }
    } else {
      writeFileSync(file, text);
      console.log(`wrote ${file}: ${(text.length / 1e6).toFixed(2)} MB`);
    }
  }
}
