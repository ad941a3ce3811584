/**
 * Grades a learner's PromQL against an exercise's reference on the fixed dataset: both are
 * evaluated at the same instants (or steps) by the exercise Prometheus, then compared as
 * results, never as text: the result type, the set of label sets (order-free, without
 * __name__, which functions drop) and every value within the exercise's tolerance. Any
 * equivalent query passes. A difference is explained in words that point at the fix, from the
 * results themselves and from what the query is made of (promql-query-facts.ts).
 */
import type { Exercise } from './exercise-schema.ts';
import type { EvalSeries, Evaluation, When } from './promql-evaluate.ts';
import { evaluate, labelValues } from './promql-evaluate.ts';
import { queryFacts, type QueryFacts } from './promql-query-facts.ts';
import { closest } from './suggest.ts';

/** The dataset's day and its scrape interval (labs/promql/dataset/generate.ts). */
export interface DatasetClock {
  /** Seconds since the epoch of 00:00 UTC on the dataset's day. */
  readonly day: number;
  readonly stepSeconds: number;
}

export type Comparison =
  | {
      readonly same: true;
      readonly series: number;
      /** Labels only one side has, with a single value on all its series: they tell nothing apart. */
      readonly incidental?: readonly string[];
    }
  | { readonly same: false; readonly why: string };

export const secondsAt = (clock: DatasetClock, hhmm: string): number => {
  const [h = 0, m = 0] = hhmm.split(':').map(Number);
  return clock.day + h * 3600 + m * 60;
};

const clockText = (seconds: number): string => `${new Date(seconds * 1000).toISOString().slice(11, 16)} UTC`;

/** `{route="/checkout", status="500"}`; `{}` for no labels. Without __name__. */
export function labelSetText(labels: Readonly<Record<string, string>>): string {
  const entries = Object.entries(labels)
    .filter(([k]) => k !== '__name__')
    .sort(([a], [b]) => a.localeCompare(b));
  return `{${entries.map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ')}}`;
}

const labelNames = (series: readonly EvalSeries[]): Set<string> =>
  new Set(series.flatMap((s) => Object.keys(s.labels).filter((k) => k !== '__name__')));

const list = (items: readonly string[]): string => items.map((i) => `\`${i}\``).join(', ');

const close = (a: number, b: number, tolerance: number): boolean =>
  (Number.isNaN(a) && Number.isNaN(b)) ||
  a === b ||
  Math.abs(a - b) <= tolerance * Math.max(Math.abs(a), Math.abs(b)) + 1e-9;

const shown = (v: number): string => {
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return String(v);
  const text = v.toPrecision(6);
  return text.includes('e') ? text : text.replace(/\.?0+$/, '');
};

/**
 * Labels that one result has on every series with one value, and the other has on none: `job`
 * kept by `sum without (…)` where the answer sums `by (instance)`. They are candidates only: see
 * constantInData.
 */
export function incidentalLabels(a: readonly EvalSeries[], b: readonly EvalSeries[]): string[] {
  const constant = (series: readonly EvalSeries[], other: readonly EvalSeries[]): string[] =>
    [...labelNames(series)].filter((name) => {
      const values = new Set(series.map((s) => s.labels[name]));
      return values.size === 1 && !values.has(undefined) && other.every((s) => s.labels[name] === undefined);
    });
  return [...constant(a, b), ...constant(b, a)];
}

function byLabelSet(series: readonly EvalSeries[]): Map<string, EvalSeries[]> {
  const map = new Map<string, EvalSeries[]>();
  for (const s of series) {
    const key = labelSetText(s.labels);
    map.set(key, [...(map.get(key) ?? []), s]);
  }
  return map;
}

/** The factor between two sets of values, when every pair agrees on one (within 2 %). */
function commonFactor(pairs: readonly (readonly [number, number])[]): number | undefined {
  const ratios = pairs
    .filter(([mine, ref]) => Number.isFinite(mine) && Number.isFinite(ref) && ref !== 0 && mine !== 0)
    .map(([mine, ref]) => mine / ref);
  if (ratios.length === 0) return undefined;
  const first = ratios[0] ?? 1;
  return ratios.every((r) => Math.abs(r - first) <= 0.02 * Math.abs(first)) ? first : undefined;
}

const near = (value: number, target: number): boolean => Math.abs(value - target) <= 0.02 * target;

/**
 * What a consistent factor between the learner's values and the answer's most likely means, when
 * it is one with a meaning (the window, a minute, 2^20 against 10^6, a whole count of series).
 */
function explainFactor(
  factor: number,
  mine: QueryFacts,
  reference: QueryFacts,
  withFunctionHints: boolean,
): string | undefined {
  const times = `Your values are ${shown(factor)}× the answer's`;
  const windows = [...new Set([...mine.windowsSeconds, ...reference.windowsSeconds])];
  for (const w of windows) {
    if (near(factor, w))
      return `${times}, and ${w} s is the window: increase() gives the total over the window, rate() the average per second (rate = increase / window).`;
    if (near(1 / factor, w))
      return `${times}: the answer is ${w}× yours, and ${w} s is the window: rate() gives the average per second, increase() the total over the window.`;
  }
  if (near(factor, 60)) return `${times}: per minute where the answer is per second?`;
  if (near(1 / factor, 60)) return `${times}: per second where the answer is per minute?`;
  const binary = (1024 * 1024) / 1e6;
  if (Math.abs(factor - binary) < 1e-3 || Math.abs(1 / factor - binary) < 1e-3)
    return `${times}: 1024 × 1024 against 1000 × 1000. A MiB is 2^20 bytes, an MB 10^6.`;
  if (withFunctionHints) return undefined;
  const whole = Math.round(factor);
  if (whole >= 2 && whole <= 10 && Math.abs(factor - whole) < 0.01)
    return `${times}: each value counts ${whole} series where the answer counts one: a sum where the answer takes an average, or series that a join or a missing aggregation counts ${whole} times.`;
  const inverse = Math.round(1 / factor);
  if (inverse >= 2 && inverse <= 10 && Math.abs(1 / factor - inverse) < 0.01)
    return `${times}: the answer is ${inverse}× yours: an average where the answer sums ${inverse} series, or a filter that keeps only part of them.`;
  return undefined;
}

/** Hints from what the two queries are made of, for values that differ without a common factor. */
function shapeHints(mine: QueryFacts, reference: QueryFacts): string[] {
  const hints: string[] = [];
  if (mine.functions.has('irate') && reference.functions.has('rate') && !reference.functions.has('irate'))
    hints.push(
      'irate() uses only the last two samples of the window; the question asks for the average over it, which rate() gives.',
    );
  if (mine.functions.has('rate') && reference.functions.has('irate') && !reference.functions.has('rate'))
    hints.push(
      'rate() averages over the whole window; the question asks for the most recent per-second change, which irate() gives.',
    );
  if (
    (mine.functions.has('delta') || mine.functions.has('deriv')) &&
    (reference.functions.has('rate') || reference.functions.has('increase'))
  )
    hints.push(
      'delta() and deriv() are for gauges: they do not see a counter reset, which rate() and increase() correct for.',
    );
  const classic = (f: QueryFacts): boolean => f.selectors.some((x) => x.metric?.endsWith('_bucket'));
  if (classic(mine) && !classic(reference) && reference.functions.has('histogram_quantile'))
    hints.push(
      'Your query reads the classic `_bucket` series; the question asks for the native histogram (the series without a suffix), whose finer buckets give another estimate.',
    );
  if (!classic(mine) && classic(reference) && mine.functions.has('histogram_quantile'))
    hints.push(
      'Your query reads the native histogram; the question asks for the classic `_bucket` series, whose coarser buckets give another estimate.',
    );
  const counterFunctions = ['rate', 'increase', 'irate'];
  if (
    counterFunctions.some((f) => reference.functions.has(f)) &&
    !counterFunctions.some((f) => mine.functions.has(f)) &&
    mine.windowsSeconds.length === 0
  )
    hints.push(
      'Subtracting an earlier value does not see a counter reset (a restart sets it back to 0); increase() and rate() do.',
    );
  const refWindows = new Set(reference.windowsSeconds);
  const otherWindows = mine.windowsSeconds.filter((w) => !refWindows.has(w));
  if (otherWindows.length > 0 && reference.windowsSeconds.length > 0)
    hints.push(
      `Your query uses a ${otherWindows.map((w) => (w >= 60 && w % 60 === 0 ? `${w / 60}m` : `${w}s`)).join(', ')} window; read the question again for the window it asks for.`,
    );
  return hints;
}

/** Why two results that are both there differ, or that they do not. */
export function compareResults(
  mine: Extract<Evaluation, { ok: true }>,
  reference: Extract<Evaluation, { ok: true }>,
  tolerance: number,
  facts: { readonly mine: QueryFacts; readonly reference: QueryFacts },
  incidental: readonly string[],
): Comparison {
  if (mine.type !== reference.type) {
    if (mine.type === 'matrix')
      return {
        same: false,
        why: 'Your query returns a range vector: the raw samples of a `[…]` window, not one value per series. Apply a function over the window, such as rate(), increase() or max_over_time().',
      };
    if (mine.type === 'scalar')
      return {
        same: false,
        why: `Your query returns a scalar (one number, no labels); the answer is an instant vector of ${reference.series.length} series. Drop scalar() or the bare number, and keep the series' labels.`,
      };
    if (reference.type === 'matrix')
      return {
        same: false,
        why: 'Your query returns one value per series; the answer is a range vector: the raw samples of a window, written as a duration in square brackets after the selector, such as `[5m]`.',
      };
    return {
      same: false,
      why: `Your query returns ${mine.type === 'vector' ? 'an instant vector' : `a ${mine.type}`}; the answer is a ${reference.type}.`,
    };
  }
  if (reference.series.length === 0 && mine.series.length > 0)
    return {
      same: false,
      why: `The answer is empty here: no series meets the question at this time, but your query returns ${mine.series.length} (${mine.series
        .slice(0, 3)
        .map((s) => labelSetText(s.labels))
        .join(
          ', ',
        )}). A query that names the answer of one time (an instance, a value) is right at that time only.`,
    };
  if (incidental.length > 0) {
    const strip = (series: readonly EvalSeries[]): EvalSeries[] =>
      series.map((s) => ({
        ...s,
        labels: Object.fromEntries(Object.entries(s.labels).filter(([k]) => !incidental.includes(k))),
      }));
    const compared = compareResults(
      { ...mine, series: strip(mine.series) },
      { ...reference, series: strip(reference.series) },
      tolerance,
      facts,
      [],
    );
    return compared.same ? { ...compared, incidental } : compared;
  }
  const refNames = labelNames(reference.series);
  const myNames = labelNames(mine.series);
  const extra = [...myNames].filter((n) => !refNames.has(n)).sort();
  const missing = [...refNames].filter((n) => !myNames.has(n)).sort();
  if (extra.length > 0 && missing.length === 0)
    return {
      same: false,
      why: `Your series keep ${list(extra)}, which the answer does not have: aggregate ${extra.length === 1 ? 'it' : 'them'} away, with ${refNames.size === 0 ? '`sum (…)` or the like, without `by`,' : `\`by (${[...refNames].sort().join(', ')})\``} or \`without (${extra.join(', ')})\`.`,
    };
  if (missing.length > 0 && extra.length === 0)
    return {
      same: false,
      why: `The answer keeps ${list(missing)}, which your series do not have: add ${missing.length === 1 ? 'it' : 'them'} to your \`by (…)\`, or aggregate \`without (…)\` the labels you want gone instead.`,
    };
  if (missing.length > 0)
    return {
      same: false,
      why: `The answer's series have the labels ${list([...refNames].sort())}; yours have ${list([...myNames].sort()) || 'none'}.`,
    };
  const refSets = byLabelSet(reference.series);
  const mySets = byLabelSet(mine.series);
  const unexpected = [...mySets.keys()].filter((k) => !refSets.has(k));
  const absent = [...refSets.keys()].filter((k) => !mySets.has(k));
  const repeated = [...mySets.entries()].filter(([, s]) => s.length > 1).map(([k]) => k);
  if (repeated.length > 0)
    return {
      same: false,
      why: `Your result has more than one series for ${repeated.slice(0, 3).join(', ')} once the metric name is set aside: several metrics under the same labels, where the answer has one series each.`,
    };
  if (unexpected.length > 0 || absent.length > 0) {
    const parts = [
      `You have ${mine.series.length} series where the answer has ${reference.series.length}.`,
      ...(unexpected.length > 0
        ? [`Not in the answer: ${unexpected.slice(0, 3).join(', ')}${unexpected.length > 3 ? ', …' : ''}.`]
        : []),
      ...(absent.length > 0
        ? [`Missing: ${absent.slice(0, 3).join(', ')}${absent.length > 3 ? ', …' : ''}.`]
        : []),
    ];
    if (absent.length === 0 && mine.series.length > reference.series.length)
      parts.push('Your selector or filter lets through series the question excludes.');
    if (unexpected.length === 0) parts.push('Your selector or filter drops series the question includes.');
    return { same: false, why: parts.join(' ') };
  }
  const pairs: [number, number][] = [];
  const differing: string[] = [];
  /** Points one side has and the other lacks: no factor explains those. */
  let unmatched = 0;
  for (const [key, [ref]] of refSets) {
    const my = mySets.get(key)?.[0];
    if (!ref || !my) continue;
    const myPoints = new Map(my.points.map(([t, v]) => [t, v]));
    for (const [t, v] of ref.points) {
      const got = myPoints.get(t);
      if (got === undefined) {
        unmatched++;
        differing.push(`${key} has no value at ${clockText(t)}, where the answer has ${shown(v)}`);
        continue;
      }
      if (!close(got, v, tolerance)) {
        pairs.push([got, v]);
        const at = ref.points.length > 1 ? ` at ${clockText(t)}` : '';
        if (differing.length < 3) differing.push(`${key}${at}: yours ${shown(got)}, the answer ${shown(v)}`);
      }
    }
    if (my.points.length > ref.points.length) {
      unmatched++;
      differing.push(
        `${key} has values at times where the answer has none (a filter the question does not ask for?)`,
      );
    }
  }
  if (differing.length === 0) return { same: true, series: reference.series.length };
  const hints = shapeHints(facts.mine, facts.reference);
  const factor = pairs.length > 0 && unmatched === 0 ? commonFactor(pairs) : undefined;
  const named =
    factor === undefined ? undefined : explainFactor(factor, facts.mine, facts.reference, hints.length > 0);
  const why = named
    ? [named, `For example ${differing[0] ?? ''}.`]
    : [`The values differ: ${differing.slice(0, 3).join('; ')}.`, ...hints];
  return { same: false, why: why.join(' ') };
}

const selectorWithout = (selector: string, matcherText: string): string => {
  const inside = selector
    .replace(matcherText, '')
    .replace(/\{\s*,/, '{')
    .replace(/,\s*,/, ',')
    .replace(/,\s*\}/, '}');
  return inside.endsWith('{}') && !inside.startsWith('{') ? inside.slice(0, -2) : inside;
};

/** How far back a name or a stopped series is looked for: the whole dataset. */
const LOOK_BACK_S = 3 * 3600;

/** Why a query returns nothing where the answer has series: the window, the name, a matcher. */
async function explainEmpty(
  base: string,
  query: string,
  facts: QueryFacts,
  at: number,
  clock: DatasetClock,
): Promise<string> {
  const short = facts.windowsSeconds.filter((w) => w < 2 * clock.stepSeconds);
  if (short.length > 0)
    return `Your query returns nothing at ${clockText(at)}. A [${short[0]}s] window holds at most one sample of a series scraped every ${clock.stepSeconds} s, and rate() and the other range functions need two: use a window of at least ${(4 * clock.stepSeconds) / 60}m (four scrape intervals).`;
  if (facts.functions.has('histogram_quantile') && facts.selectors.some((s) => s.metric?.endsWith('_bucket')))
    if (facts.selectors.every((s) => s.matchers.every((m) => m.label !== 'le'))) {
      const withLe = await evaluate(base, query.replace(/\bby\s*\(/, 'by (le, '), { at });
      if (withLe.ok && withLe.series.length > 0)
        return `Your query returns nothing at ${clockText(at)}: histogram_quantile() on classic buckets needs the \`le\` label of each bucket, and your aggregation removes it. Keep \`le\` in your \`by (…)\`.`;
    }
  if (facts.functions.has('absent_over_time') && facts.windowsSeconds.length > 0)
    return `Your query returns nothing at ${clockText(at)}: absent_over_time(v[${facts.windowsSeconds[0] ?? 0}s]) returns 1 only when the whole window has no sample of v, and this one still holds some. A shorter window looks at less of the past.`;
  // Every name of the dataset, also of series that have stopped by `at`.
  const known = await labelValues(base, '__name__', { start: at - LOOK_BACK_S, end: at });
  for (const selector of facts.selectors) {
    const found = await evaluate(base, `count(${selector.text})`, { at });
    if (!found.ok || found.series.length > 0) continue;
    const earlier = await evaluate(base, `count(last_over_time(${selector.text}[${LOOK_BACK_S}s]))`, { at });
    if (earlier.ok && earlier.series.length > 0)
      return `\`${selector.text}\` has no sample within the 5-minute lookback at ${clockText(at)}: its series stopped earlier. An aggregation or a comparison of nothing returns nothing, not 0; absent() and absent_over_time() return 1 when a selector finds nothing.`;
    if (selector.metric !== undefined && known.length > 0 && !known.includes(selector.metric)) {
      const nearest = closest(selector.metric, known);
      return `There is no metric \`${selector.metric}\` in this dataset${nearest ? `: did you mean \`${nearest}\`?` : `; it has ${list(known.slice(0, 12))}${known.length > 12 ? ', …' : ''}.`}`;
    }
    for (const matcher of selector.matchers) {
      if (matcher.label === '__name__') continue;
      const without = selectorWithout(selector.text, matcher.text);
      const values = await evaluate(base, `group by (${matcher.label}) (${without})`, { at });
      if (!values.ok || values.series.length === 0) continue;
      const seen = values.series
        .map((s) => s.labels[matcher.label] ?? '')
        .filter(Boolean)
        .sort();
      const literal =
        matcher.op === '=' && /[*+?|()[\]]|\.(?!\d)/.test(matcher.value)
          ? ` \`=\` compares the whole value literally; a pattern needs \`=~\`.`
          : '';
      return `\`${matcher.text}\` matches no series of \`${selector.text}\` at ${clockText(at)}: ${matcher.label} ${seen.length > 0 ? `takes the values ${list(seen.slice(0, 8))}${seen.length > 8 ? ', …' : ''}` : 'is not set on them'}.${literal}`;
    }
    return `No series matches \`${selector.text}\` at ${clockText(at)}: its matchers exclude each other.`;
  }
  return `Every selector in your query has data at ${clockText(at)}, but the whole query returns nothing: a filter (\`> 0\`, \`== 1\`) dropped every series, or a binary operation found no pairs with the same labels (match them with \`on (…)\` or \`ignoring (…)\`, and \`group_left\` for many-to-one).`;
}

/**
 * The candidates that have a single value in all the data both queries select, so they cannot
 * tell anything apart: an answer that differs only in them is the same answer. A label that is
 * constant in a result by chance (topk picked two series of one route) is not one of them.
 */
async function constantInData(
  base: string,
  candidates: readonly string[],
  facts: { readonly mine: QueryFacts; readonly reference: QueryFacts },
  at: number,
): Promise<string[]> {
  const selectors = [...facts.mine.selectors, ...facts.reference.selectors].map((s) => s.text);
  const constant: string[] = [];
  for (const label of candidates) {
    let values = 0;
    for (const selector of selectors) {
      const found = await evaluate(base, `count(count by (${label}) (${selector}))`, { at });
      values = Math.max(values, found.ok ? (found.series[0]?.points[0]?.[1] ?? 0) : Infinity);
    }
    if (values <= 1) constant.push(label);
  }
  return constant;
}

export interface GradeStep {
  readonly when: string;
  readonly comparison: Comparison;
}

export type Grade =
  | { readonly kind: 'graded'; readonly steps: readonly GradeStep[] }
  | { readonly kind: 'refused'; readonly error: string }
  | { readonly kind: 'unreachable'; readonly error: string };

/** The instants (or the range) an exercise is judged at, each with how it is shown. */
export function judgedAt(exercise: Exercise, clock: DatasetClock): { when: When; shown: string }[] {
  if (exercise.range) {
    const start = secondsAt(clock, exercise.range.from);
    const end = secondsAt(clock, exercise.range.to);
    return [
      {
        when: { start, end, stepSeconds: exercise.range.stepSeconds },
        shown: `${exercise.range.from}–${exercise.range.to} UTC, every ${exercise.range.stepSeconds / 60} min`,
      },
    ];
  }
  return [exercise.at, exercise.alsoAt].map((t) => ({
    when: { at: secondsAt(clock, t) },
    shown: `${t} UTC`,
  }));
}

/** Grades `query` for `exercise` on the exercise Prometheus at `base`. */
export async function grade(
  base: string,
  exercise: Exercise,
  query: string,
  clock: DatasetClock,
): Promise<Grade> {
  const facts = { mine: queryFacts(query), reference: queryFacts(exercise.reference) };
  const steps: GradeStep[] = [];
  for (const { when, shown } of judgedAt(exercise, clock)) {
    const reference = await evaluate(base, exercise.reference, when);
    if (!reference.ok)
      return reference.kind === 'unreachable'
        ? { kind: 'unreachable', error: reference.error }
        : { kind: 'unreachable', error: `the reference of ${exercise.id} fails: ${reference.error}` };
    const mine = await evaluate(base, query, when);
    if (!mine.ok)
      return mine.kind === 'query'
        ? { kind: 'refused', error: mine.error }
        : { kind: 'unreachable', error: mine.error };
    const at = 'at' in when ? when.at : when.end;
    const comparison: Comparison =
      mine.series.length === 0 && reference.series.length > 0
        ? { same: false, why: await explainEmpty(base, query, facts.mine, at, clock) }
        : compareResults(
            mine,
            reference,
            exercise.tolerance,
            facts,
            await constantInData(base, incidentalLabels(mine.series, reference.series), facts, at),
          );
    const first = steps.length === 0;
    steps.push({
      when: shown,
      comparison:
        comparison.same || first
          ? comparison
          : { same: false, why: `At ${shown}, the second time it is checked at: ${comparison.why}` },
    });
    if (!comparison.same) break;
  }
  return { kind: 'graded', steps };
}
