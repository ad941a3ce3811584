/**
 * The words of the playground's explain tree, translated per locale in
 * site/content/i18n/<locale>.json under these keys (checked by site/content.config.ts, like the
 * live components' own, strings.ts). Only playgrounds receive them: a lesson's other panels
 * carry no explanation of PromQL.
 *
 * "{name}" placeholders are filled in the browser (site/islands/promql/explain-strings.ts), the
 * PromQL parts of them shown as code.
 */

/** Aggregation operators, each explained in its own words. */
export const aggregationOps = [
  'sum',
  'avg',
  'min',
  'max',
  'count',
  'group',
  'stddev',
  'stdvar',
  'topk',
  'bottomk',
  'limitk',
  'limit_ratio',
  'quantile',
  'count_values',
] as const;
export type AggregationOp = (typeof aggregationOps)[number];

/**
 * Aggregations that pick series rather than merge them: the picked series keep every label, so
 * their grouping says where they pick, not which labels survive.
 */
export const pickingOps: readonly AggregationOp[] = ['topk', 'bottomk', 'limitk', 'limit_ratio'];

/**
 * Functions with an explanation of their own: the ones lessons and exercises use. Any other gets
 * the general sentence, and every `*_over_time` the family's.
 */
export const explainedFunctions = [
  'rate',
  'irate',
  'increase',
  'delta',
  'idelta',
  'deriv',
  'predict_linear',
  'resets',
  'changes',
  'histogram_quantile',
  'histogram_fraction',
  'histogram_count',
  'histogram_sum',
  'histogram_avg',
  'absent',
  'absent_over_time',
  'label_replace',
  'label_join',
  'time',
  'timestamp',
  'vector',
  'scalar',
  'sort',
  'sort_desc',
  'clamp',
  'clamp_min',
  'clamp_max',
  'round',
] as const;
export type ExplainedFunction = (typeof explainedFunctions)[number];

export const explainStringKeys = [
  /** The button that shows and hides the tree. */
  'live.explain.toggle',
  /** The tree's accessible name. */
  'live.explain.tree',
  /** Shown instead of the tree while the query that ran has syntax errors. */
  'live.explain.unparsable',
  /** Shown instead of the tree before any query ran. */
  'live.explain.empty',
  /** A node's button, and its label while the node's own query runs. */
  'live.explain.evaluate',
  'live.explain.evaluating',
  /** A node's result: "{count}" series, the label sets after it, "{count}" more not listed. */
  'live.explain.result.series',
  'live.explain.result.more',
  'live.explain.result.none',
  /** A range vector's series: "{count}" samples, the latest "{value}". */
  'live.explain.result.samples',
  /** A scalar or string result: "{value}". */
  'live.explain.result.value',
  /** What a node evaluates to. */
  'live.explain.type.vector',
  'live.explain.type.matrix',
  'live.explain.type.scalar',
  'live.explain.type.string',
  /** Selectors: "{metric}", "{matchers}". */
  'live.explain.selector',
  'live.explain.selector.filtered',
  'live.explain.selector.nameless',
  /** "{range}". */
  'live.explain.range',
  /** "{range}", "{step}". */
  'live.explain.subquery',
  'live.explain.subquery.defaultStep',
  /** "{offset}". */
  'live.explain.offset',
  /** "{at}". */
  'live.explain.at',
  'live.explain.anchored',
  'live.explain.smoothed',
  'live.explain.negate',
  'live.explain.unaryPlus',
  /** "{value}". */
  'live.explain.number',
  'live.explain.string',
  /** A function without a sentence of its own: "{name}". */
  'live.explain.function',
  /** Any `*_over_time` function: "{name}", "{aggregation}" (avg, max, …). */
  'live.explain.fn.over_time',
  ...explainedFunctions.map((name) => `live.explain.fn.${name}` as const),
  /** Aggregations: "{param}" is the first argument of topk, quantile, count_values… */
  ...aggregationOps.map((op) => `live.explain.agg.${op}` as const),
  /** How an aggregation groups: "{labels}". The `pick` ones are for pickingOps. */
  'live.explain.group.by',
  'live.explain.group.without',
  'live.explain.group.all',
  'live.explain.pick.by',
  'live.explain.pick.without',
  'live.explain.pick.all',
  /** Binary operators: "{op}". */
  'live.explain.binary.arithmetic',
  'live.explain.binary.filter',
  'live.explain.binary.bool',
  'live.explain.binary.and',
  'live.explain.binary.or',
  'live.explain.binary.unless',
  /** What the operator's sides are: two numbers, a number and series. */
  'live.explain.binary.scalars',
  'live.explain.binary.withScalar',
  /** How series are paired: "{labels}". */
  'live.explain.match.all',
  'live.explain.match.on',
  'live.explain.match.ignoring',
  'live.explain.match.groupLeft',
  'live.explain.match.groupRight',
  'live.explain.match.copy',
  /** "{fill}": the fill modifier as written. */
  'live.explain.match.fill',
] as const;

export type ExplainStringKey = (typeof explainStringKeys)[number];

/** The explain tree's strings, as a playground island receives them. */
export type ExplainStrings = Readonly<Record<ExplainStringKey, string>>;
