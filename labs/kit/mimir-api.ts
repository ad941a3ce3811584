/**
 * Mimir's ruler and admin APIs: rule groups per tenant (upload, list, delete), the rules'
 * evaluation state, and which tenants hold data. Paths are under /prometheus, as Mimir serves them.
 */
import { serviceUrl } from '../../scripts/stack/index.ts';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { tenantHeader } from '../../stack/services.ts';
import { getJson, request } from './http.ts';

/** Mimir's base URL, and the header that names a request's tenant (also for alertmanager-api.ts). */
export const base = (): string => serviceUrl('mimir');
export const tenantHeaders = (tenant: string): Record<string, string> => ({ [tenantHeader]: tenant });

/** POST /prometheus/config/v1/rules/<namespace>: one rule group as YAML. Mimir validates it. */
export async function uploadRuleGroup(
  tenant: string,
  namespace: string,
  groupYaml: string,
): Promise<{ ok: true } | { ok: false; error: string }> {
  const result = await request(`${base()}/prometheus/config/v1/rules/${encodeURIComponent(namespace)}`, {
    method: 'POST',
    headers: { ...tenantHeaders(tenant), 'Content-Type': 'application/yaml' },
    body: groupYaml,
  });
  return result.ok
    ? { ok: true }
    : { ok: false, error: result.status === 0 ? result.error : result.text.trim() || result.error };
}

/** DELETE /prometheus/config/v1/rules/<namespace>; a namespace that does not exist is fine. */
export async function deleteRuleNamespace(tenant: string, namespace: string): Promise<void> {
  const result = await request(`${base()}/prometheus/config/v1/rules/${encodeURIComponent(namespace)}`, {
    method: 'DELETE',
    headers: tenantHeaders(tenant),
  });
  if (!result.ok && result.status !== 404)
    throw new Error(`Mimir ruler: deleting namespace ${namespace} of tenant ${tenant}: ${result.error}`);
}

/** GET /prometheus/config/v1/rules/<namespace>: the stored groups as YAML, or undefined (404). */
export async function storedRuleGroups(tenant: string, namespace: string): Promise<string | undefined> {
  const result = await request(`${base()}/prometheus/config/v1/rules/${encodeURIComponent(namespace)}`, {
    headers: tenantHeaders(tenant),
  });
  if (result.ok) return result.text;
  if (result.status === 404) return undefined;
  throw new Error(`Mimir ruler: reading namespace ${namespace} of tenant ${tenant}: ${result.error}`);
}

/** Label and annotation values as strings: the ruler's Go YAML reads `priority: 1` as "1". */
const stringMap = z.preprocess(
  (value) => (typeof value === 'object' && value !== null ? value : {}),
  z.record(z.string(), z.string()),
);

/**
 * A rule as a rule file or Mimir's stored copy has it, every scalar a string (parse the YAML
 * with the failsafe schema): the way Go's YAML fills the ruler's string fields.
 */
const fileRuleSchema = z.looseObject({
  record: z.string().optional(),
  alert: z.string().optional(),
  expr: z.string().default(''),
  for: z.string().optional(),
  keep_firing_for: z.string().optional(),
  labels: stringMap,
  annotations: stringMap,
});
export type FileRule = z.infer<typeof fileRuleSchema>;

const fileGroupSchema = z.looseObject({
  name: z.string().default(''),
  interval: z.string().optional(),
  rules: z.array(fileRuleSchema).catch([]),
});
export type FileGroup = z.infer<typeof fileGroupSchema>;

/** The groups of a rule file's text (`groups:`), or [] when it has none. */
export function ruleFileGroups(text: string): FileGroup[] {
  const parsed = z
    .looseObject({ groups: z.array(fileGroupSchema).catch([]) })
    .safeParse(parseYaml(text, { schema: 'failsafe' }));
  return parsed.success ? parsed.data.groups : [];
}

/** The groups of one namespace in the config API's answer (a map, namespace → groups). */
export function parseStoredGroups(text: string, namespace: string): FileGroup[] {
  const parsed = z
    .record(z.string(), z.array(fileGroupSchema))
    .safeParse(parseYaml(text, { schema: 'failsafe' }));
  if (!parsed.success) throw new Error(`Mimir ruler: unexpected rule groups of ${namespace}: ${text}`);
  return parsed.data[namespace] ?? [];
}

/** One rule as the ruler's Prometheus-compatible API reports it. */
const ruleStateSchema = z.looseObject({
  name: z.string(),
  /** The expression as the ruler parsed and printed it (`sum(x) by (job)` → `sum by (job) (x)`). */
  query: z.string(),
  type: z.enum(['recording', 'alerting']),
  /** "ok", "err" or "unknown" (not evaluated yet). */
  health: z.string(),
  lastError: z.string().optional(),
  /** RFC 3339, when the rule last ran (wall clock); "0001-01-01T00:00:00Z" before the first evaluation. */
  lastEvaluation: z.string().default(''),
  /** Alerting rules: "inactive", "pending" or "firing". */
  state: z.string().optional(),
  /** The labels the rule adds (alerts and recorded series), and an alert's annotations. */
  labels: stringMap.optional(),
  annotations: stringMap.optional(),
  /** Alerting rules: `for` and `keep_firing_for`, in seconds. */
  duration: z.number().optional(),
  keepFiringFor: z.number().optional(),
  alerts: z.array(z.looseObject({ labels: z.record(z.string(), z.string()), state: z.string() })).optional(),
});
export type RuleState = z.infer<typeof ruleStateSchema>;

const groupStateSchema = z.looseObject({
  name: z.string(),
  /** The namespace. */
  file: z.string(),
  /** Seconds between evaluations. */
  interval: z.number(),
  rules: z.array(ruleStateSchema),
});
export type GroupState = z.infer<typeof groupStateSchema>;

/** GET /prometheus/api/v1/rules: the groups the ruler loaded for a tenant, with their state. */
export async function ruleStates(tenant: string): Promise<GroupState[]> {
  const result = await getJson(
    `${base()}/prometheus/api/v1/rules`,
    z.looseObject({ data: z.looseObject({ groups: z.array(groupStateSchema).default([]) }) }),
    {
      headers: tenantHeaders(tenant),
    },
  );
  if (!result.ok) throw new Error(`Mimir ruler: ${result.error}`);
  return result.value.data.groups;
}

/** Unix seconds of a rule's last evaluation, or 0 before its first. */
export const evaluatedAt = (rule: Pick<RuleState, 'lastEvaluation'>): number => {
  const ms = Date.parse(rule.lastEvaluation);
  return Number.isFinite(ms) && ms > 0 ? ms / 1000 : 0;
};

/** Tenants that hold in-memory series right now (distributor's user stats). */
export async function tenantsWithData(): Promise<string[]> {
  const result = await getJson(
    `${base()}/distributor/all_user_stats`,
    z.array(z.looseObject({ userID: z.string().optional(), UserID: z.string().optional() })),
  );
  if (!result.ok) throw new Error(`Mimir: listing tenants: ${result.error}`);
  return result.value
    .map((s) => s.userID ?? s.UserID ?? '')
    .filter(Boolean)
    .sort();
}
