/**
 * Alloy's component API, as its UI reads it (internal/web/api/api.go and
 * internal/component/component_provider.go, v1.11): GET /api/v0/web/components lists every
 * component with its health; GET /api/v0/web/components/<id> adds its arguments and debug info,
 * encoded by syntax/encoding/alloyjson. Also the config Alloy says it runs (its /metrics).
 */
import { z } from 'zod';
import { parseExposition } from './exposition.ts';
import { getJson, request } from './http.ts';

const healthSchema = z.looseObject({
  /** "healthy", "unhealthy", "exited" or "unknown". */
  state: z.string(),
  message: z.string().default(''),
  /** RFC 3339: when the state last changed. */
  updatedTime: z.string().default(''),
});

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
  health: healthSchema,
});
export type Component = z.infer<typeof componentSchema>;

export async function components(base: string): Promise<Component[]> {
  const result = await getJson(`${base}/api/v0/web/components`, z.array(componentSchema));
  if (!result.ok) throw new Error(`Alloy ${base}/api/v0/web/components: ${result.error}`);
  return result.value;
}

/**
 * An Alloy body as plain data: attributes by name, blocks by name (a block may repeat). The API
 * leaves out every optional field whose value is its default (alloyjson.MarshalBody), so an
 * absent attribute means "the documented default".
 */
export interface Body {
  readonly attrs: Readonly<Record<string, unknown>>;
  readonly blocks: Readonly<Record<string, readonly Body[]>>;
}

/** `{ type, value }` as alloyjson writes a value; objects are `[{ key, value }]` lists. */
const jsonValueSchema = z.looseObject({ type: z.string(), value: z.unknown() });
const statementSchema = z.looseObject({
  name: z.string(),
  /** "attr" or "block". */
  type: z.string(),
  value: jsonValueSchema.optional(),
  body: z.array(z.unknown()).optional(),
});

/** An alloyjson value as JSON data: strings, numbers, bools, arrays, objects; null otherwise. */
export function plainValue(raw: unknown): unknown {
  const parsed = jsonValueSchema.safeParse(raw);
  if (!parsed.success) return null;
  const { type, value } = parsed.data;
  if (type === 'array') return Array.isArray(value) ? value.map(plainValue) : [];
  if (type === 'object') {
    const fields = z.array(z.looseObject({ key: z.string(), value: z.unknown() })).safeParse(value);
    return fields.success ? Object.fromEntries(fields.data.map((f) => [f.key, plainValue(f.value)])) : {};
  }
  return value ?? null;
}

/** An alloyjson body (arguments, exports, debug info) as a Body. */
export function bodyOf(raw: unknown): Body {
  const attrs: Record<string, unknown> = {};
  const blocks: Record<string, Body[]> = {};
  for (const item of Array.isArray(raw) ? raw : []) {
    const statement = statementSchema.safeParse(item);
    if (!statement.success) continue;
    const { name, type, value, body } = statement.data;
    if (type === 'block') (blocks[name] ??= []).push(bodyOf(body));
    else attrs[name] = plainValue(value);
  }
  return { attrs, blocks };
}

const detailSchema = componentSchema.extend({
  arguments: z.unknown().optional(),
  debugInfo: z.unknown().optional(),
});

/** One component with its current arguments and debug info. */
export interface ComponentDetail extends Component {
  readonly arguments: Body;
  readonly debugInfo: Body;
}

export async function componentDetail(base: string, localID: string): Promise<ComponentDetail> {
  const url = `${base}/api/v0/web/components/${localID}`;
  const result = await getJson(url, detailSchema);
  if (!result.ok) throw new Error(`Alloy ${url}: ${result.error}`);
  return {
    ...result.value,
    arguments: bodyOf(result.value.arguments),
    debugInfo: bodyOf(result.value.debugInfo),
  };
}

/** Every component of one kind ("prometheus.scrape"), with arguments and debug info. */
export async function componentsOfKind(base: string, kind: string): Promise<ComponentDetail[]> {
  const list = (await components(base)).filter((c) => c.name === kind);
  return Promise.all(list.map((c) => componentDetail(base, c.localID)));
}

/** One target of a prometheus.scrape component, from its debug info (scrape.go TargetStatus). */
export interface ScrapeTarget {
  /** The component that scrapes it: "prometheus.scrape.app". */
  readonly component: string;
  /** The job label its series get (a target's own job label wins over job_name). */
  readonly job: string;
  readonly url: string;
  /** "up", "down" or "unknown" (not scraped yet). */
  readonly health: string;
  /** The last scrape's error, as the scraper reported it. */
  readonly lastError: string;
  /** Unix seconds of the last scrape; undefined before the first one (Go's zero time). */
  readonly lastScrape: number | undefined;
  /**
   * The same in whole milliseconds, truncated as Prometheus's timestamp.FromTime does: the
   * timestamp of every sample that scrape wrote (up included).
   */
  readonly lastScrapeMs: number | undefined;
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** An RFC 3339 time with up to nanoseconds, in whole milliseconds (truncated); undefined if it is not one. */
export function rfc3339Ms(value: string): number | undefined {
  const parts = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/.exec(value.trim());
  if (!parts?.[1] || !parts[3]) return undefined;
  const seconds = Date.parse(`${parts[1]}${parts[3]}`);
  if (!Number.isFinite(seconds)) return undefined;
  return seconds + Number((parts[2] ?? '').slice(0, 3).padEnd(3, '0'));
}

/** The targets of one prometheus.scrape component's debug info. */
export function targetsOf(scrape: ComponentDetail): ScrapeTarget[] {
  return (scrape.debugInfo.blocks['target'] ?? []).map((target) => {
    const labels = target.attrs['labels'];
    const ownJob =
      typeof labels === 'object' && labels !== null ? (labels as Record<string, unknown>)['job'] : '';
    const ms = rfc3339Ms(text(target.attrs['last_scrape']));
    // Go's zero time (0001-01-01) before the first scrape.
    const scraped = ms !== undefined && ms > 0 ? ms : undefined;
    return {
      component: scrape.localID,
      job: text(ownJob) || text(target.attrs['job']),
      url: text(target.attrs['url']),
      health: text(target.attrs['health']) || 'unknown',
      lastError: text(target.attrs['last_error']),
      lastScrape: scraped === undefined ? undefined : scraped / 1000,
      lastScrapeMs: scraped,
    };
  });
}

/** The targets of every prometheus.scrape component, with the time each was last scraped. */
export async function scrapeTargets(base: string): Promise<ScrapeTarget[]> {
  return (await componentsOfKind(base, 'prometheus.scrape')).flatMap(targetsOf);
}

/** What Alloy's /metrics says about the config it runs (internal/static/config/instrumentation). */
export interface LoadedConfig {
  /** alloy_config_hash{sha256}: SHA-256 of the config file's bytes as it last read them. */
  readonly sha256: string | undefined;
  /** alloy_config_last_load_successful. */
  readonly loaded: boolean;
}

/** The config the Alloy at `base` last loaded; undefined when it does not answer. */
export async function loadedConfig(base: string): Promise<LoadedConfig | undefined> {
  const result = await request(`${base}/metrics`);
  if (!result.ok) return undefined;
  const families = parseExposition(result.text);
  const hash = families.get('alloy_config_hash')?.samples.find((s) => s.value === 1);
  const loaded = families.get('alloy_config_last_load_successful')?.samples[0]?.value === 1;
  return { sha256: hash?.labels['sha256'], loaded };
}
