/**
 * What a rules lab needs to know about a rule file and the ruler's evaluations of it: the rules
 * by name (and what to say when one is missing or of the other kind), how often its groups run
 * (the file's `interval:` or the ruler's default), where a rule sits in the loaded groups, and
 * from which evaluation an alert has read what a recording rule wrote.
 */
import type { FileGroup, FileRule, GroupState, RuleState } from './mimir-api.ts';
import { evaluatedAt, ruleStates } from './mimir-api.ts';
import { closest, didYouMean, listOf } from './suggest.ts';
import type { Term } from './timing.ts';
import { parseDuration } from './timing.ts';
import type { Fail } from './verdict.ts';
import { fail } from './verdict.ts';

export type RuleKind = 'record' | 'alert';

export const rulesOf = (groups: readonly FileGroup[]): FileRule[] => groups.flatMap((g) => g.rules);

export const ruleNamed = (groups: readonly FileGroup[], kind: RuleKind, name: string): FileRule | undefined =>
  rulesOf(groups).find((r) => r[kind] === name);

/**
 * Fails naming what `file` has instead when `name` is not a rule of `kind` (the other kind, a
 * near miss, or nothing like it); undefined when it is.
 */
export function requireRule(
  groups: readonly FileGroup[],
  kind: RuleKind,
  name: string,
  file: string,
): Fail | undefined {
  const rules = rulesOf(groups);
  const names = rules.flatMap((r) => r[kind] ?? []);
  if (names.includes(name)) return undefined;
  const other = kind === 'record' ? 'alert' : 'record';
  if (rules.some((r) => r[other] === name))
    return fail(`${name} is ${kind === 'record' ? 'an alert' : 'a recording rule'} in ${file}`, {
      hint: `write it as \`- ${kind}: ${name}\``,
    });
  const noun = kind === 'record' ? 'recording rule' : 'alert';
  return fail(
    `no ${noun} named ${name}; ${file} has ${listOf(names.map((n) => `\`${n}\``))}${didYouMean(name, names, 'it')}`,
    { hint: closest(name, names) ? 'rule names are matched exactly' : `add \`- ${kind}: ${name}\`` },
  );
}

/** The longest evaluation interval among the groups (a group without one runs at `fallback`). */
export const evaluationMs = (groups: readonly FileGroup[], fallback: number): number =>
  groups.length === 0 ? fallback : Math.max(...groups.map((g) => parseDuration(g.interval) ?? fallback));

/** The evaluation interval as a wait term, saying whether the file or the ruler's default set it. */
export function evaluationTerm(groups: readonly FileGroup[], fallback: number, times: number): Term {
  const ms = evaluationMs(groups, fallback);
  const own = groups.some((g) => parseDuration(g.interval) === ms);
  return {
    what: own ? 'your group interval' : "the ruler's evaluation_interval (stack/mimir/mimir.yaml)",
    ms,
    times,
  };
}

/** A rule in the ruler's loaded groups: its group and its position there. */
export interface RulePlace {
  readonly group: GroupState;
  readonly index: number;
  readonly rule: RuleState;
}

/** Where the ruler runs the rule `name` of a tenant's namespace, or undefined when it is not loaded. */
export async function rulePlace(
  tenant: string,
  namespace: string,
  name: string,
): Promise<RulePlace | undefined> {
  for (const group of (await ruleStates(tenant)).filter((g) => g.file === namespace)) {
    const index = group.rules.findIndex((r) => r.name === name);
    const rule = group.rules[index];
    if (rule) return { group, index, rule };
  }
  return undefined;
}

/** A recorded sample's time, and when its recording rule had last run by then (Unix seconds). */
export interface Recorded {
  readonly at: number;
  readonly ruleRanAt: number;
}

/**
 * From when (Unix seconds, the alert's last run) an evaluation of the alert has read the
 * recorded series. A group runs its rules in order, each seeing what the earlier ones wrote at
 * the same time: an alert after the recording rule in its group reads it in the same run. An
 * alert before it, or in another group, reads it at a later run: a second after the sample, so
 * its evaluation time is past the sample's and the sample is written.
 */
export function readsRecordFrom(alert: RulePlace, record: RulePlace | undefined, recorded: Recorded): number {
  if (record && record.group.name === alert.group.name && record.index < alert.index)
    return recorded.ruleRanAt;
  return recorded.at + 1;
}

/** Whether the alert's last evaluation has read the recorded series. */
export const alertHasReadRecord = (
  alert: RulePlace,
  record: RulePlace | undefined,
  recorded: Recorded,
): boolean => evaluatedAt(alert.rule) >= readsRecordFrom(alert, record, recorded);
