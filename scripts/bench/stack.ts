/**
 * npm run bench:stack: how heavy and how fast the native stack is.
 *   build       cold build time per component (or, when warm, the last recorded builds)
 *   start       warm start-to-healthy time per service (down, then up with nothing to build)
 *   memory      RSS per service and in total, after the stack settles
 *   freshness   seconds from a counter increment in the app until Mimir shows it, through
 *               Prometheus remote_write, Alloy's scrape and OTLP through Alloy
 * Leaves the stack as it found it (running or not).
 */
import { isNative, serviceNames, tenantHeader, tenants } from '../../stack/services.ts';
import { stackDown, stackStatus, stackUp } from '../stack/api.ts';
import { serviceUrl } from '../stack/health.ts';
import { buildHistory, buildTargets, currentBuilds, ensureBuilt, goVersion } from '../stack/native/build.ts';
import { nativeServices, nativeStartOrder } from '../stack/native/commands.ts';
import { runningRecord } from '../stack/native/processes.ts';
import { bold, consoleReporter, formatDuration, silentReporter } from '../stack/output.ts';
import { stackPaths } from '../stack/paths.ts';
import { formatBytes, table } from '../stack/status.ts';
import { loadVersions } from '../stack/versions.ts';
import { sleep } from '../lib/sleep.ts';
import { median } from '../lib/stats.ts';

const paths = stackPaths();
const versions = loadVersions(paths.versionsFile);
const ROUNDS = 3;
const FRESHNESS_TIMEOUT_MS = 90_000;
/** Counted by both the app's client_golang and OpenTelemetry instrumentation (stack/app/internal/shop). */
const COUNTER = 'shop_orders_total';
const LABEL = 'result="invalid"';

async function buildSection(): Promise<void> {
  console.log(bold('\nBuild'));
  const go = await goVersion();
  if (!go) throw new Error('go is not installed');
  const missing = Object.entries(currentBuilds(paths, versions, go)).filter(([, stamp]) => !stamp);
  if (missing.length > 0) {
    console.log(`building ${missing.map(([name]) => name).join(', ')} (cold for these)`);
    const start = performance.now();
    await ensureBuilt(paths, versions, buildTargets, { reporter: consoleReporter });
    console.log(`cold build total: ${formatDuration(performance.now() - start)}`);
  } else {
    console.log('everything is built for the pinned versions (warm); last recorded builds:');
  }
  const history = buildHistory(paths);
  const rows = buildTargets.map((name) => {
    const stamp = history[name];
    if (!stamp) return [name, '-', '-', '-'];
    const steps = Object.entries(stamp.steps)
      .filter(([, ms]) => ms >= 1000)
      .map(([step, ms]) => `${step} ${formatDuration(ms)}`)
      .join(', ');
    return [name, stamp.version, formatDuration(stamp.totalMs), steps || '-'];
  });
  console.log(table(['TARGET', 'VERSION', 'TOTAL', 'STEPS (≥1s)'], rows));
}

async function startSection(): Promise<void> {
  console.log(bold('\nWarm start (down, then up; nothing to build)'));
  await stackDown({ reporter: silentReporter });
  const start = performance.now();
  const up = await stackUp({ mode: 'native', reporter: silentReporter });
  const total = performance.now() - start;
  const rows = nativeServices.map((s) => [
    s,
    up.readyMs[s] === undefined ? '-' : formatDuration(up.readyMs[s] ?? 0),
  ]);
  console.log(table(['SERVICE', 'START → READY'], rows));
  console.log(
    `whole native stack: ${formatDuration(total)} (in waves: ${nativeStartOrder.map((w) => w.join(' + ')).join('; ')})`,
  );
  if (up.built.length > 0) console.log(`(built first: ${up.built.join(', ')})`);
}

async function memorySection(): Promise<void> {
  console.log(bold('\nMemory (after 20 s of traffic)'));
  await sleep(20_000);
  const rows = (await stackStatus()).filter((r) => r.mode !== '-');
  console.log(
    table(
      ['SERVICE', 'RSS'],
      rows.map((r) => [r.service, formatBytes(r.rssBytes)]),
    ),
  );
  const sum = (of: typeof rows): number => of.reduce((total, r) => total + (r.rssBytes ?? 0), 0);
  console.log(`total: ${formatBytes(sum(rows))}`);
}

/** The app's own value of the counter, read straight from its /metrics. */
async function appCounter(): Promise<number> {
  const text = await (
    await fetch(`${serviceUrl('app')}/metrics`, { headers: { accept: 'text/plain;version=0.0.4' } })
  ).text();
  const line = text.split('\n').find((l) => l.startsWith(`${COUNTER}{`) && l.includes(LABEL));
  if (!line) throw new Error(`${COUNTER}{${LABEL}} not on the app's /metrics`);
  return Number(line.split(' ').at(-1));
}

/** Mimir's newest value of the counter in a tenant; only series with a sample in the last 15 s. */
async function mimirCounter(tenant: string): Promise<number | undefined> {
  const query = `max(last_over_time(${COUNTER}{${LABEL}}[15s]))`;
  const url = `${serviceUrl('mimir')}/prometheus/api/v1/query?${new URLSearchParams({ query }).toString()}`;
  const response = await fetch(url, { headers: { [tenantHeader]: tenant } });
  if (!response.ok) return undefined;
  const body = (await response.json()) as { data: { result: { value: [number, string] }[] } };
  const value = body.data.result[0]?.value[1];
  return value === undefined ? undefined : Number(value);
}

async function freshnessSection(): Promise<void> {
  console.log(bold('\nFreshness (counter increment in the app → visible in Mimir)'));
  const paths3 = {
    'Prometheus remote_write': tenants.prometheus,
    'Alloy scrape': tenants.alloy,
    'OTLP via Alloy': tenants.otel,
  } as const;
  const results: Record<string, number[]> = {};
  for (let round = 0; round < ROUNDS; round++) {
    // An invalid order increments shop_orders_total{result="invalid"} in both instrumentations.
    await fetch(`${serviceUrl('app')}/api/orders`, {
      method: 'POST',
      body: '{}',
      headers: { 'content-type': 'application/json' },
    });
    const t0 = performance.now();
    const target = await appCounter();
    await Promise.all(
      Object.entries(paths3).map(async ([label, tenant]) => {
        while (performance.now() - t0 < FRESHNESS_TIMEOUT_MS) {
          const seen = await mimirCounter(tenant);
          if (seen !== undefined && seen >= target) {
            (results[label] ??= []).push((performance.now() - t0) / 1000);
            return;
          }
          await sleep(200);
        }
        (results[label] ??= []).push(Number.NaN);
      }),
    );
    await sleep(3000);
  }
  const fmt = (s: number): string => (Number.isNaN(s) ? 'timeout' : `${s.toFixed(1)}s`);
  console.log(
    table(
      ['PATH', 'TENANT', 'MEDIAN', 'ROUNDS'],
      Object.entries(paths3).map(([label, tenant]) => [
        label,
        tenant,
        fmt(median(results[label] ?? [])),
        (results[label] ?? []).map(fmt).join(' '),
      ]),
    ),
  );
}

const wasRunning = nativeServices.some((s) => runningRecord(paths, s));
try {
  console.log(`stack bench: ${serviceNames.filter(isNative).join(', ')} (native)`);
  await buildSection();
  await startSection();
  await memorySection();
  await freshnessSection();
} finally {
  if (!wasRunning) await stackDown({ reporter: silentReporter });
}
