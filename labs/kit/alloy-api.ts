/**
 * Alloy's component API, as its UI reads it: GET /api/v0/web/components lists every component
 * with its health (internal/web/api/api.go and internal/component/component_provider.go, v1.11).
 */
import { z } from 'zod';
import { getJson } from './http.ts';

const componentSchema = z.looseObject({
  /** "prometheus.scrape". */
  name: z.string(),
  /** "prometheus.scrape.app". */
  localID: z.string(),
  moduleID: z.string(),
  /** "app" (the block label), absent for unlabelled blocks. */
  label: z.string().optional(),
  /** Components whose exports this one's arguments reference (the pipeline's wiring). */
  referencesTo: z.array(z.string()).default([]),
  referencedBy: z.array(z.string()).default([]),
  /** "healthy", "unhealthy", "exited" or "unknown". */
  health: z.looseObject({ state: z.string(), message: z.string().default('') }),
});
export type Component = z.infer<typeof componentSchema>;

export async function components(base: string): Promise<Component[]> {
  const result = await getJson(`${base}/api/v0/web/components`, z.array(componentSchema));
  if (!result.ok) throw new Error(`Alloy ${base}/api/v0/web/components: ${result.error}`);
  return result.value;
}

/** An Alloy value as the UI API encodes it: `{ type, value }`, objects as key/value lists. */
const attrSchema = z.looseObject({ name: z.string(), value: z.looseObject({ value: z.unknown() }) });
const targetBlockSchema = z.looseObject({ name: z.string(), body: z.array(attrSchema).default([]) });
const detailSchema = z.looseObject({ debugInfo: z.array(targetBlockSchema).nullish() });

/** One target of a prometheus.scrape component, from its debug info (scrape.go TargetStatus). */
export interface ScrapeTarget {
  readonly job: string;
  readonly url: string;
  /** Unix seconds of the last scrape; undefined before the first one (Go's zero time). */
  readonly lastScrape: number | undefined;
}

/** The targets of every prometheus.scrape component, with the time each was last scraped. */
export async function scrapeTargets(base: string): Promise<ScrapeTarget[]> {
  const scrapes = (await components(base)).filter((c) => c.name === 'prometheus.scrape');
  const targets: ScrapeTarget[] = [];
  for (const component of scrapes) {
    const url = `${base}/api/v0/web/components/${component.localID}`;
    const result = await getJson(url, detailSchema);
    if (!result.ok) throw new Error(`Alloy ${url}: ${result.error}`);
    for (const block of result.value.debugInfo ?? []) {
      if (block.name !== 'target') continue;
      const attr = (name: string): string => {
        const value = block.body.find((a) => a.name === name)?.value.value;
        return typeof value === 'string' ? value : '';
      };
      const scraped = Date.parse(attr('last_scrape')) / 1000;
      targets.push({
        job: attr('job'),
        url: attr('url'),
        lastScrape: Number.isFinite(scraped) && scraped > 0 ? scraped : undefined,
      });
    }
  }
  return targets;
}
