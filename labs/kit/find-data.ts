/**
 * "Where did the data go": when a check finds nothing where the goal puts it, these look where
 * a typical mistake would have put it (another tenant of the stack's Mimir after a typo in
 * X-Scope-OrgID, another value of a label after a renamed job), so the failure names the fix
 * instead of "nothing arrived".
 */
import { z } from 'zod';
import { serviceUrl } from '../../scripts/stack/index.ts';
import type { ServiceName } from '../../stack/services.ts';
import { tenantHeader } from '../../stack/services.ts';
import { parseExposition } from './exposition.ts';
import { getJson, request } from './http.ts';
import { tenantsWithData } from './mimir-api.ts';
import type { Source } from './promql.ts';
import { mimir, query, quote, rawSeries } from './promql.ts';
import { closest, listOf } from './suggest.ts';
import type { Fail } from './verdict.ts';
import { fail } from './verdict.ts';

/** One tenant that holds matching series, and how many. */
export interface Sighting {
  readonly tenant: string;
  readonly series: number;
}

/** Mimir label that tenant federation adds to every series, naming the tenant it came from. */
const TENANT_LABEL = '__tenant_id__';

/** All of `tenants` as one PromQL source (tenant federation is on in stack/mimir/mimir.yaml). */
export const federated = (tenants: readonly string[]): Source => ({
  ...mimir(tenants.join('|')),
  name: 'Mimir (all tenants)',
});

/**
 * The tenants of the stack's Mimir whose data matches `expr` now, most series first. `expr` is
 * any PromQL that keeps the labels it selects (a selector, `timestamp(sel) > t`, ...).
 */
export async function tenantsHolding(expr: string): Promise<Sighting[]> {
  const tenants = await tenantsWithData();
  if (tenants.length === 0) return [];
  const found = await query(federated(tenants), `count by (${TENANT_LABEL}) (${expr})`);
  // Federating a single tenant skips the merge, and with it the label: that one tenant it is.
  const only = tenants.length === 1 ? tenants[0] : undefined;
  return found
    .map((s) => ({ tenant: s.metric[TENANT_LABEL] ?? only ?? '?', series: s.value }))
    .sort((a, b) => b.series - a.series || a.tenant.localeCompare(b.tenant));
}

/** The values `label` has in the series `expr` selects in `source`, sorted. */
export async function labelValuesOf(source: Source, label: string, expr: string): Promise<string[]> {
  const found = await query(source, `count by (${label}) (${expr})`);
  return found.map((s) => s.metric[label] ?? '').sort();
}

/** `up{job="app", env="x"}`: a selector of one metric with exact matchers. */
export function selectorOf(metric: string, labels: Readonly<Record<string, string>>): string {
  const matchers = Object.entries(labels).map(([k, v]) => `${k}=${quote(v)}`);
  return `${metric}{${matchers.join(', ')}}`;
}

/** What the goal says should be in Mimir, for `whereItWent`. */
export interface Expected {
  /** The tenant the goal puts the data in. */
  readonly tenant: string;
  /** One metric name, e.g. "up". */
  readonly metric: string;
  /** The labels the goal fixes ({ job: "lab-05-app" }). */
  readonly labels: Readonly<Record<string, string>>;
  /**
   * Narrows a selector to this run's samples (`(s) => sinceStart(s, alloy)` for a lab Alloy);
   * leave it out when the labels already do (a run-id label).
   */
  readonly fresh?: (selector: string) => string;
  /**
   * Proves a series in another tenant was written by this run's sender, from the series and
   * its samples' timestamps (ms) over the last 5 minutes. Needed when other writers send the
   * same series to other tenants (the stack's Prometheus and Alloy scrape job "app" too); it
   * replaces `fresh` there.
   */
  readonly sentBy?: (series: Labels, timestampsMs: readonly number[]) => boolean;
  /** Labels of `labels` to relax in turn, in the right tenant, to find a near miss ("job"). */
  readonly relax?: readonly string[];
  /** How to set the tenant in the lab's config language. */
  readonly tenantHint: string;
  /** How to set each relaxed label, when it came out differently (by label name). */
  readonly labelHints?: Readonly<Record<string, string>>;
}

/** How far back `sentBy` looks at each series' samples: Prometheus's lookback, longer than any lab run. */
const SENDER_WINDOW_S = 300;

/** The tenants other than `expected.tenant` that hold this run's expected series. */
async function otherTenants(expected: Expected, wanted: string): Promise<Sighting[]> {
  const fresh = expected.fresh ?? ((s: string) => s);
  if (!expected.sentBy) {
    return (await tenantsHolding(fresh(wanted))).filter((s) => s.tenant !== expected.tenant);
  }
  const sentBy = expected.sentBy;
  const tenants = (await tenantsWithData()).filter((t) => t !== expected.tenant);
  if (tenants.length === 0) return [];
  const only = tenants.length === 1 ? tenants[0] : undefined;
  const counts = new Map<string, number>();
  for (const s of await rawSeries(federated(tenants), wanted, SENDER_WINDOW_S)) {
    if (
      !sentBy(
        s.metric,
        s.points.map((p) => p.atMs),
      )
    )
      continue;
    const tenant = s.metric[TENANT_LABEL] ?? only ?? '?';
    counts.set(tenant, (counts.get(tenant) ?? 0) + 1);
  }
  return [...counts].map(([tenant, series]) => ({ tenant, series })).sort((a, b) => b.series - a.series);
}

/**
 * Where the expected series went when they are not in `expected.tenant`: a failure naming the
 * tenant that got this run's series, or the value a relaxed label got instead in the right
 * tenant ("job lab05-app"). Undefined when neither holds them: nothing arrived yet.
 */
export async function whereItWent(expected: Expected): Promise<Fail | undefined> {
  const fresh = expected.fresh ?? ((s: string) => s);
  const wanted = selectorOf(expected.metric, expected.labels);
  const elsewhere = await otherTenants(expected, wanted);
  if (elsewhere.length > 0) {
    const where = listOf(elsewhere.map((s) => `"${s.tenant}" (${s.series} series)`));
    return fail(`${wanted} of this run arrives in tenant ${where}, not in tenant "${expected.tenant}"`, {
      hint: expected.tenantHint,
    });
  }
  for (const label of expected.relax ?? []) {
    const value = expected.labels[label];
    if (value === undefined) continue;
    const rest = Object.fromEntries(Object.entries(expected.labels).filter(([k]) => k !== label));
    const values = await labelValuesOf(
      mimir(expected.tenant),
      label,
      fresh(selectorOf(expected.metric, rest)),
    );
    if (values.length === 0 || values.includes(value)) continue;
    const guess = closest(value, values);
    const got = listOf(values.map((v) => (v === '' ? `no ${label} label` : `${label}="${v}"`)));
    const hint = expected.labelHints?.[label];
    return fail(
      `tenant "${expected.tenant}" gets ${expected.metric} with ${got}, not ${label}="${value}"${guess === undefined ? '' : ` ("${guess}" looks like a typo of it)`}`,
      hint ? { hint } : {},
    );
  }
  return undefined;
}

/** One series as the series API returns it: its labels, __name__ included. */
export type Labels = Readonly<Record<string, string>>;

/**
 * The series matching `match` that have a sample newer than `sinceSec` (Unix seconds): the
 * series API with start, which reads the chunks' time ranges, so a series that stopped before
 * `sinceSec` (an earlier attempt's) is not in it, whatever its labels.
 */
export async function seriesSince(source: Source, match: string, sinceSec: number): Promise<Labels[]> {
  const params = new URLSearchParams({
    'match[]': match,
    start: sinceSec.toFixed(3),
    end: (Date.now() / 1000 + 60).toFixed(3),
  });
  const url = `${source.base}/api/v1/series?${params.toString()}`;
  const result = await getJson(
    url,
    z.looseObject({ data: z.array(z.record(z.string(), z.string())).default([]) }),
    {
      headers: source.tenant ? { [tenantHeader]: source.tenant } : {},
    },
  );
  if (!result.ok) throw new Error(`${source.name}: series ${match}: ${result.error}`);
  return result.value.data;
}

/** The sample names a stack service serves on its /metrics right now (what a scrape of it gets). */
export async function servedNames(service: ServiceName): Promise<string[]> {
  const url = `${serviceUrl(service)}/metrics`;
  const result = await request(url);
  if (!result.ok) throw new Error(`${url}: ${result.error}`);
  const names = [...parseExposition(result.text).values()].flatMap((f) => f.samples.map((s) => s.name));
  return [...new Set(names)].sort();
}
