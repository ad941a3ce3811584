/**
 * Prometheus's HTTP API beyond queries, for any Prometheus base URL: scrape pools and targets,
 * when the running config was loaded, what that config's relabel rules make of a target's
 * discovered labels, and the series a Prometheus (or Mimir) holds. The generation helpers let
 * a check prove it judges the state made from the files as they are now: after a reload that
 * keeps a job's name, Prometheus keeps the old targets, with their old labels and health, until
 * discovery hands the pool its targets again (up to two 5 s cycles).
 */
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { parseReloadGauges, rewriteHosts } from '../../scripts/stack/index.ts';
import { tenantHeader } from '../../stack/services.ts';
import { parseExposition } from './exposition.ts';
import { getJson, request } from './http.ts';
import type { Source } from './promql.ts';
import { rawSeries } from './promql.ts';
import { listOf } from './suggest.ts';

const labels = z.record(z.string(), z.string());

const targetSchema = z.looseObject({
  scrapePool: z.string(),
  scrapeUrl: z.string(),
  /** Labels after relabelling: what the series carry. */
  labels,
  discoveredLabels: labels.default({}),
  /** "up", "down" or "unknown" (not scraped yet). */
  health: z.enum(['up', 'down', 'unknown']),
  lastError: z.string().default(''),
  lastScrape: z.string().default(''),
});
export type Target = z.infer<typeof targetSchema>;

const droppedSchema = z.looseObject({ discoveredLabels: labels.default({}) });

const targetsSchema = z.looseObject({
  data: z.looseObject({
    activeTargets: z
      .array(targetSchema)
      .nullish()
      .transform((v) => v ?? []),
    droppedTargets: z
      .array(droppedSchema)
      .nullish()
      .transform((v) => v ?? []),
    // null when asked for active targets only.
    droppedTargetCounts: z
      .record(z.string(), z.number())
      .nullish()
      .transform((v) => v ?? {}),
  }),
});

/** Active targets, and how many targets each pool dropped in relabelling. */
export async function targets(
  base: string,
): Promise<{ active: readonly Target[]; dropped: Readonly<Record<string, number>> }> {
  const result = await getJson(`${base}/api/v1/targets?state=active`, targetsSchema);
  if (!result.ok) throw new Error(`${base}/api/v1/targets: ${result.error}`);
  return {
    active: result.value.data.activeTargets,
    dropped: result.value.data.droppedTargetCounts,
  };
}

/** One pool's active targets and the discovered labels of the targets its relabelling dropped. */
async function poolTargets(
  base: string,
  pool: string,
): Promise<{ active: readonly Target[]; dropped: readonly Readonly<Record<string, string>>[] }> {
  const url = `${base}/api/v1/targets?${new URLSearchParams({ state: 'any', scrapePool: pool }).toString()}`;
  const result = await getJson(url, targetsSchema);
  if (!result.ok) throw new Error(`${base}/api/v1/targets: ${result.error}`);
  return {
    active: result.value.data.activeTargets.filter((t) => t.scrapePool === pool),
    dropped: result.value.data.droppedTargets.map((t) => t.discoveredLabels),
  };
}

/** The job names Prometheus has scrape pools for: known right after a reload, before discovery runs. */
export async function scrapePools(base: string): Promise<string[]> {
  const result = await getJson(
    `${base}/api/v1/scrape_pools`,
    z.looseObject({ data: z.looseObject({ scrapePools: z.array(z.string()).default([]) }) }),
  );
  if (!result.ok) throw new Error(`${base}/api/v1/scrape_pools: ${result.error}`);
  return [...result.value.data.scrapePools].sort();
}

/** When Prometheus last loaded its configuration, from its own gauges (with the fraction of a second). */
export interface Reload {
  readonly successful: boolean;
  /** prometheus_config_last_reload_success_timestamp_seconds, in ms. */
  readonly atMs: number;
}

/**
 * The last successful (re)load of `base`'s configuration. /api/v1/status/runtimeinfo has it
 * too, but cut to whole seconds, too coarse to order it against a scrape's timestamp.
 */
export async function lastReload(base: string): Promise<Reload> {
  const result = await request(`${base}/metrics`);
  if (!result.ok) throw new Error(`${base}/metrics: ${result.error}`);
  const gauges = parseReloadGauges(result.text);
  if (!gauges) throw new Error(`${base}/metrics has no prometheus_config_last_reload_* gauges`);
  return { successful: gauges.successful, atMs: gauges.successAt * 1000 };
}

const relabelStepsSchema = z.looseObject({
  data: z.looseObject({
    steps: z
      .array(z.looseObject({ output: labels.nullish().transform((v) => v ?? {}), keep: z.boolean() }))
      .nullish()
      .transform((v) => v ?? []),
  }),
});

/**
 * What the pool's relabel_configs, as Prometheus runs them now, make of `discovered`: the
 * labels before Prometheus drops the `__` ones, or undefined when the rules drop the target.
 * Prometheus applies them itself (/api/v1/targets/relabel_steps, the UI's relabelling view),
 * so no rule is re-implemented here.
 */
export async function relabelledNow(
  base: string,
  pool: string,
  discovered: Readonly<Record<string, string>>,
): Promise<Readonly<Record<string, string>> | undefined> {
  const params = new URLSearchParams({ scrapePool: pool, labels: JSON.stringify(discovered) });
  const result = await getJson(
    `${base}/api/v1/targets/relabel_steps?${params.toString()}`,
    relabelStepsSchema,
  );
  if (!result.ok) throw new Error(`${base}/api/v1/targets/relabel_steps: ${result.error}`);
  const last = result.value.data.steps.at(-1);
  if (last === undefined) return discovered;
  return last.keep ? last.output : undefined;
}

/** The labels a target with these relabelled labels carries: no `__` labels, instance defaulting to the address. */
export function targetLabels(relabelled: Readonly<Record<string, string>>): Record<string, string> {
  const kept = Object.fromEntries(Object.entries(relabelled).filter(([name]) => !name.startsWith('__')));
  const address = relabelled['__address__'];
  if (!kept['instance'] && address !== undefined) kept['instance'] = address;
  return kept;
}

const sameLabels = (a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean => {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
};

/** A host:port as either mode writes it (app:8080 in Docker, 127.0.0.1:8080 natively), for comparing. */
const normalAddress = (address: string): string => rewriteHosts(address.trim());

/** Whether two addresses or URLs name the same place, as either mode writes them. */
export const sameAddress = (a: string, b: string): boolean => normalAddress(a) === normalAddress(b);

/** The address as a file wrote it (app:8080), for the one Prometheus shows (127.0.0.1:8080 natively). */
export const asWritten = (shown: string, written: readonly string[]): string =>
  written.find((a) => sameAddress(a, shown)) ?? shown;

/** A job's own settings in a Prometheus config (or a drop-in), or undefined when it has none or does not parse. */
export function scrapeJob(configText: string, job: string): Readonly<Record<string, unknown>> | undefined {
  const parsed = parseDocument(configText);
  if (parsed.errors.length > 0) return undefined;
  const jobs = (parsed.toJS() as { scrape_configs?: unknown } | null)?.scrape_configs;
  if (!Array.isArray(jobs)) return undefined;
  return jobs.find((j) => (j as { job_name?: unknown } | null)?.job_name === job) as
    Record<string, unknown> | undefined;
}

/**
 * The addresses a job of a Prometheus config (or a drop-in) lists in static_configs, or
 * undefined when the job finds its targets another way (file_sd, dns_sd, ...), so the check
 * cannot know them from the file.
 */
export function staticAddresses(configText: string, job: string): string[] | undefined {
  const config = scrapeJob(configText, job);
  if (!config) return undefined;
  const discovery = Object.keys(config).filter((k) => k.endsWith('_sd_configs'));
  if (discovery.length > 0) return undefined;
  const groups = Array.isArray(config['static_configs']) ? (config['static_configs'] as unknown[]) : [];
  return groups.flatMap((g) => {
    const list = (g as { targets?: unknown } | null)?.targets;
    return Array.isArray(list) ? list.filter((t): t is string => typeof t === 'string') : [];
  });
}

/**
 * How many times Prometheus has synced each scrape pool with its discovered targets
 * (prometheus_target_scrape_pool_sync_total). Every reload ends in one sync of every pool, up
 * to two 5 s ticks later: a count above the one read before the reload proves the pool's
 * targets were rebuilt from the config loaded since.
 */
export async function poolSyncs(base: string): Promise<Map<string, number>> {
  const result = await request(`${base}/metrics`);
  if (!result.ok) throw new Error(`${base}/metrics: ${result.error}`);
  const syncs = new Map<string, number>();
  for (const family of parseExposition(result.text).values())
    for (const sample of family.samples)
      if (sample.name === 'prometheus_target_scrape_pool_sync_total')
        syncs.set(sample.labels['scrape_job'] ?? '', sample.value);
  return syncs;
}

/** What a check knows the current generation of a pool must look like. */
export interface PoolExpectation {
  /** The addresses the file lists for the job (staticAddresses), when it lists them. */
  readonly addresses?: readonly string[] | undefined;
  /** The pool's sync count read just before the reload (absent: 0). */
  readonly syncsBefore?: number | undefined;
}

/** The pool's targets as the current config makes them, or why what Prometheus shows is not that yet. */
export type PoolGeneration =
  | {
      readonly kind: 'current';
      readonly active: readonly Target[];
      /** Discovered label sets of the targets the current relabelling drops. */
      readonly dropped: readonly Readonly<Record<string, string>>[];
    }
  | {
      readonly kind: 'stale';
      readonly reason: string;
      /** Prometheus shows no target at all for the pool, though the file lists some. */
      readonly empty: boolean;
    };

const stale = (reason: string, empty = false): PoolGeneration => ({ kind: 'stale', reason, empty });

/**
 * The pool's targets, proven to be the ones the configuration Prometheus runs now makes: the
 * pool was synced since the reload (when the count before it is given), its targets are the
 * addresses the file lists (when it lists them), each active target's labels are what the
 * current relabel_configs make of its discovered labels, and each dropped target is one they
 * drop. Until all of that holds, Prometheus is still showing targets of the previous config.
 * (Scheme, metrics_path and interval are target settings too, but no label shows them: only
 * the sync proves those.)
 */
export async function currentTargets(
  base: string,
  pool: string,
  expected: PoolExpectation = {},
): Promise<PoolGeneration> {
  if (expected.syncsBefore !== undefined && ((await poolSyncs(base)).get(pool) ?? 0) <= expected.syncsBefore)
    return stale(`Prometheus has not handed job ${pool} its targets since the reload yet`);
  const { active, dropped } = await poolTargets(base, pool);
  if (expected.addresses !== undefined) {
    const want = [...new Set(expected.addresses.map(normalAddress))].sort();
    const have = [
      ...new Set(
        [...active.map((t) => t.discoveredLabels), ...dropped].map((l) =>
          normalAddress(l['__address__'] ?? ''),
        ),
      ),
    ].sort();
    if (want.join('\n') !== have.join('\n'))
      return stale(
        `job ${pool}'s targets are ${listOf(have)}, not yet your file's ${listOf(want)}`,
        have.length === 0 && want.length > 0,
      );
  }
  for (const target of active) {
    const now = await relabelledNow(base, pool, target.discoveredLabels);
    if (now === undefined)
      return stale(`the target ${target.scrapeUrl} is still active, though your relabelling drops it`);
    if (!sameLabels(targetLabels(now), target.labels))
      return stale(`the target ${target.scrapeUrl} still has the labels of the previous config`);
  }
  for (const labels of dropped) {
    if ((await relabelledNow(base, pool, labels)) !== undefined)
      return stale(
        `the target ${labels['__address__'] ?? '?'} is still dropped, though your relabelling keeps it`,
      );
  }
  return { kind: 'current', active, dropped };
}

/** A target's last scrape in ms since the epoch; 0 before its first one ("0001-01-01T00:00:00Z"). */
export const lastScrapeMs = (target: Target): number => Math.max(0, Date.parse(target.lastScrape) || 0);

/** One series with the timestamp and value of its latest raw sample (NaN for a native histogram). */
export interface TimedSample {
  readonly metric: Readonly<Record<string, string>>;
  readonly value: number;
  readonly atMs: number;
}

/**
 * The latest raw sample of each series of `selector` written from `sinceMs` on, with its own
 * timestamp. An instant query answers with the evaluation time, and timestamp() gives the
 * sample's own only for a bare selector (and drops the name, so two metrics can collide), so
 * this asks for the raw samples of a range instead. Samples written before the config a check
 * judges was loaded are left out; stale markers never come back from a range.
 */
export async function latestSamples(
  source: Source,
  selector: string,
  sinceMs: number,
): Promise<TimedSample[]> {
  const windowS = Math.max(1, Math.ceil((Date.now() - sinceMs) / 1000) + 1);
  return (await rawSeries(source, selector, windowS)).flatMap((series) => {
    const latest = series.points.at(-1);
    if (!latest || latest.atMs < sinceMs) return [];
    return [{ metric: series.metric, value: latest.value, atMs: latest.atMs }];
  });
}

const seriesSchema = z.looseObject({
  data: z
    .array(labels)
    .nullish()
    .transform((v) => v ?? []),
});

/**
 * How many series of each metric name `match` selects in `source` with samples since
 * `startMs` (the series API, so a series that went stale still counts once it was written).
 */
export async function seriesCountsByName(
  source: Source,
  match: string,
  startMs: number,
): Promise<Map<string, number>> {
  const params = new URLSearchParams({
    'match[]': match,
    start: (startMs / 1000).toFixed(3),
    end: (Date.now() / 1000 + 60).toFixed(3),
  });
  const result = await getJson(`${source.base}/api/v1/series?${params.toString()}`, seriesSchema, {
    headers: source.tenant ? { [tenantHeader]: source.tenant } : {},
  });
  if (!result.ok) throw new Error(`${source.name}: series of ${match}: ${result.error}`);
  const counts = new Map<string, number>();
  for (const series of result.value.data) {
    const name = series['__name__'] ?? '';
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return counts;
}

/** A metric name with fewer series where it arrived than where it came from. */
export interface Shortfall {
  readonly name: string;
  readonly sent: number;
  readonly arrived: number;
}

/**
 * The metric names with fewer series in `arrived` than in `sent`, most missing first. Counted
 * per name, so a write rule that adds or renames labels still counts as delivering a series,
 * while one that drops series or merges them away does not.
 */
export function shortfall(
  sent: ReadonlyMap<string, number>,
  arrived: ReadonlyMap<string, number>,
): Shortfall[] {
  return [...sent]
    .map(([name, count]) => ({ name, sent: count, arrived: arrived.get(name) ?? 0 }))
    .filter((s) => s.arrived < s.sent)
    .sort((a, b) => b.sent - b.arrived - (a.sent - a.arrived) || a.name.localeCompare(b.name));
}

/** One remote_write queue of a Prometheus (or Alloy), from its own metrics. */
export interface Queue {
  /** The endpoint's `name`, or the hash Prometheus gives an unnamed one. */
  readonly name: string;
  readonly url: string;
  readonly sent: number;
  readonly failed: number;
  /** Samples and histograms its write_relabel_configs dropped before sending (reason "dropped_series"). */
  readonly relabelDropped: number;
}

/**
 * Each remote_write queue of the process serving `metricsUrl`, with what it sent, what the
 * receiver refused and what its write_relabel_configs dropped (prometheus_remote_storage_*
 * per queue): a verdict about where data went is only fair once every queue has sent, and a
 * drop is known at once instead of after waiting for what never comes.
 */
export async function remoteWriteQueues(metricsUrl: string): Promise<Queue[]> {
  const result = await request(metricsUrl);
  if (!result.ok) throw new Error(`${metricsUrl}: ${result.error}`);
  const families = parseExposition(result.text);
  const per = (metric: string, reason?: string): Map<string, number> => {
    const values = new Map<string, number>();
    for (const f of families.values())
      for (const s of f.samples) {
        if (s.name !== metric || (reason !== undefined && s.labels['reason'] !== reason)) continue;
        const key = `${s.labels['remote_name'] ?? ''}\n${s.labels['url'] ?? ''}`;
        values.set(key, (values.get(key) ?? 0) + s.value);
      }
    return values;
  };
  const failed = per('prometheus_remote_storage_samples_failed_total');
  const dropped = [
    per('prometheus_remote_storage_samples_dropped_total', 'dropped_series'),
    per('prometheus_remote_storage_histograms_dropped_total', 'dropped_series'),
  ];
  return [...per('prometheus_remote_storage_samples_total')].map(([key, sent]) => {
    const [name = '', url = ''] = key.split('\n');
    const relabelDropped = dropped.reduce((n, d) => n + (d.get(key) ?? 0), 0);
    return { name, url, sent, failed: failed.get(key) ?? 0, relabelDropped };
  });
}
