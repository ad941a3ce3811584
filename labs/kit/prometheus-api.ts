/** Prometheus's HTTP API beyond queries: scrape pools and targets, for any Prometheus base URL. */
import { z } from 'zod';
import { getJson } from './http.ts';

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

const targetsSchema = z.looseObject({
  data: z.looseObject({
    activeTargets: z
      .array(targetSchema)
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

/** The job names Prometheus has scrape pools for: known right after a reload, before discovery runs. */
export async function scrapePools(base: string): Promise<string[]> {
  const result = await getJson(
    `${base}/api/v1/scrape_pools`,
    z.looseObject({ data: z.looseObject({ scrapePools: z.array(z.string()).default([]) }) }),
  );
  if (!result.ok) throw new Error(`${base}/api/v1/scrape_pools: ${result.error}`);
  return [...result.value.data.scrapePools].sort();
}
