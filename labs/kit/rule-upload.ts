/**
 * A learner's rule file in Mimir's ruler, as one generation: the file's groups uploaded as
 * written, and proof that the ruler runs exactly them. The ruler picks an upload up at its next
 * sync and runs the previous one until then, so a check that only compares rule names judges a
 * fixed file on the old group. Here every field the ruler reports is compared with Mimir's
 * stored copy of this upload: each rule's type, name, expression (both sides printed by
 * PromQL's own formatter, as the ruler prints what it parsed), `for`, `keep_firing_for`,
 * labels and annotations as strings, and each group's interval.
 */
import { isSeq, parse, parseDocument, stringify } from 'yaml';
import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import { tenantHeader } from '../../stack/services.ts';
import { request } from './http.ts';
import type { FileGroup, FileRule, GroupState, RuleState } from './mimir-api.ts';
import { deleteRuleNamespace, parseStoredGroups, storedRuleGroups, uploadRuleGroup } from './mimir-api.ts';
import { formatMs, parseDuration } from './timing.ts';

/** One group of a rule file as YAML of its own, for the ruler's one-group upload API. */
export interface GroupText {
  readonly name: string;
  readonly yaml: string;
}

/**
 * Each group of `text` as its own YAML, cut from the file as written, so every scalar reaches
 * Mimir as the learner typed it (`priority: 1.0` stays "1.0", as promtool read it). A group
 * that does not stand alone (an alias to another group's anchor) is written out from its value.
 */
export function groupTexts(text: string): GroupText[] {
  const doc = parseDocument(text);
  const groups = doc.get('groups', true);
  if (!isSeq(groups)) return [];
  const values = doc.errors.length === 0 ? ((doc.toJS() as { groups?: unknown[] }).groups ?? []) : [];
  return groups.items.map((item, index) => {
    const value = values[index] ?? {};
    const raw = (value as { name?: unknown }).name;
    const name = typeof raw === 'string' || typeof raw === 'number' ? String(raw) : '';
    const range = (item as { range?: [number, number, number] } | null)?.range;
    if (range) {
      // Indent the first line like the rest, so the cut is a mapping of its own.
      const column = range[0] - (text.lastIndexOf('\n', range[0] - 1) + 1);
      const cut = `${' '.repeat(column)}${text.slice(range[0], range[1])}`;
      try {
        if (isDeepStrictEqual(parse(cut), value)) return { name, yaml: cut };
      } catch {
        // fall through to the value
      }
    }
    return { name, yaml: stringify(value) };
  });
}

/**
 * Replaces a namespace's groups with `groups` (deleting first, so a group renamed or dropped
 * since the last upload does not linger) and returns Mimir's stored copy, or the ruler's own
 * words when it refuses a group.
 */
export async function replaceNamespace(
  tenant: string,
  namespace: string,
  groups: readonly GroupText[],
): Promise<
  | { readonly ok: true; readonly stored: Stored }
  | { readonly ok: false; readonly group: string; readonly error: string }
> {
  await deleteRuleNamespace(tenant, namespace);
  for (const group of groups) {
    const uploaded = await uploadRuleGroup(tenant, namespace, group.yaml);
    if (!uploaded.ok) return { ok: false, group: group.name, error: uploaded.error };
  }
  const stored = await storedNamespace(tenant, namespace);
  return { ok: true, stored: stored ?? { text: '', groups: [] } };
}

/** Mimir's stored copy of a namespace: the config API's YAML, and its groups parsed. */
export interface Stored {
  readonly text: string;
  readonly groups: FileGroup[];
}

async function storedNamespace(tenant: string, namespace: string): Promise<Stored | undefined> {
  const text = await storedRuleGroups(tenant, namespace);
  return text === undefined ? undefined : { text, groups: parseStoredGroups(text, namespace) };
}

/** The `data` of a format_query answer, or undefined. */
function formattedQuery(text: string): string | undefined {
  try {
    const body = z.looseObject({ data: z.string() }).safeParse(JSON.parse(text) as unknown);
    return body.success ? body.data.data : undefined;
  } catch {
    return undefined;
  }
}

/** Turns an expression into the form both sides are compared in. */
export type Normalise = (expr: string) => Promise<string>;

/**
 * PromQL's formatter (GET <base>/api/v1/format_query) with every space removed: the ruler
 * reports an expression as it printed its parse tree, the stored copy keeps it as uploaded, and
 * both print alike once formatted. Long expressions come back on several lines, so spacing is
 * ignored. An expression the formatter refuses is compared as written.
 */
export function promqlNormaliser(base: string, tenant?: string): Normalise {
  const cache = new Map<string, string>();
  const squeeze = (s: string): string => s.replace(/\s+/g, '');
  return async (expr) => {
    const known = cache.get(expr);
    if (known !== undefined) return known;
    const result = await request(`${base}/api/v1/format_query?${new URLSearchParams({ query: expr })}`, {
      headers: tenant ? { [tenantHeader]: tenant } : {},
    });
    // A formatter that does not answer is not remembered: the next probe asks again.
    if (!result.ok && result.status === 0) return squeeze(expr);
    const formatted = result.ok ? formattedQuery(result.text) : undefined;
    const normal = squeeze(formatted ?? expr);
    cache.set(expr, normal);
    return normal;
  };
}

const seconds = (duration: string | undefined): number => (parseDuration(duration) ?? 0) / 1000;
const sortedEntries = (map: Readonly<Record<string, string>> | undefined): [string, string][] =>
  Object.entries(map ?? {}).sort(([a], [b]) => a.localeCompare(b));
const shownLabels = (map: Readonly<Record<string, string>> | undefined): string =>
  `{${sortedEntries(map)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(', ')}}`;

/** "rule 2 (AppRequestsStopped)" */
const ruleName = (index: number, rule: FileRule): string =>
  `rule ${index + 1} (${rule.record ?? rule.alert ?? '?'})`;

/** How one stored rule differs from the loaded one, or undefined when the ruler runs it. */
async function ruleDifference(
  index: number,
  stored: FileRule,
  loaded: RuleState,
  normalise: Normalise,
): Promise<string | undefined> {
  const what = ruleName(index, stored);
  const type = stored.alert === undefined ? 'recording' : 'alerting';
  const name = stored.alert ?? stored.record ?? '';
  if (loaded.type !== type || loaded.name !== name)
    return `${what} is the ${loaded.type} rule ${loaded.name} in the ruler`;
  const [want, have] = await Promise.all([normalise(stored.expr), normalise(loaded.query)]);
  if (want !== have)
    return `${what} runs \`${loaded.query}\` in the ruler, the upload has \`${stored.expr}\``;
  if (type === 'alerting') {
    for (const [field, uploaded, running] of [
      ['for', stored.for, loaded.duration],
      ['keep_firing_for', stored.keep_firing_for, loaded.keepFiringFor],
    ] as const) {
      if (seconds(uploaded) !== (running ?? 0))
        return `${what} has ${field} ${formatMs((running ?? 0) * 1000)} in the ruler, ${formatMs(seconds(uploaded) * 1000)} in the upload`;
    }
  }
  for (const [field, uploaded, running] of [
    ['labels', stored.labels, loaded.labels],
    [
      'annotations',
      type === 'alerting' ? stored.annotations : {},
      type === 'alerting' ? loaded.annotations : {},
    ],
  ] as const) {
    if (!isDeepStrictEqual(sortedEntries(uploaded), sortedEntries(running)))
      return `${what} has ${field} ${shownLabels(running)} in the ruler, ${shownLabels(uploaded)} in the upload`;
  }
  return undefined;
}

/**
 * The first way the ruler's loaded groups of a namespace differ from Mimir's stored copy of the
 * upload, or undefined when it runs exactly that upload. `defaultIntervalMs` is the ruler's
 * evaluation_interval, which a group without `interval:` gets.
 */
export async function loadedDifference(
  stored: readonly FileGroup[],
  loaded: readonly GroupState[],
  defaultIntervalMs: number,
  normalise: Normalise,
): Promise<string | undefined> {
  const extra = loaded.filter((g) => !stored.some((s) => s.name === g.name));
  if (extra[0]) return `the ruler still runs group "${extra[0].name}", which is not in this upload`;
  for (const group of stored) {
    const running = loaded.find((g) => g.name === group.name);
    if (!running) return `group "${group.name}" is not loaded yet`;
    const interval = (parseDuration(group.interval) ?? defaultIntervalMs) / 1000;
    if (running.interval !== interval)
      return `group "${group.name}" runs every ${formatMs(running.interval * 1000)} in the ruler, every ${formatMs(interval * 1000)} in the upload`;
    if (running.rules.length !== group.rules.length)
      return `group "${group.name}" has ${running.rules.length} rule(s) in the ruler, ${group.rules.length} in the upload`;
    for (const [index, rule] of group.rules.entries()) {
      const loadedRule = running.rules[index];
      const difference = loadedRule && (await ruleDifference(index, rule, loadedRule, normalise));
      if (difference) return `group "${group.name}": ${difference}`;
    }
  }
  return undefined;
}
