import { explainedFunctions, pickingOps, type ExplainStringKey } from '../../lib/live/explain-keys.ts';
import type {
  AggregationNode,
  BinaryNode,
  ExplainNode,
  FunctionNode,
  SelectorNode,
} from './explain-nodes.ts';

/**
 * What the explain tree says about each node: sentences as string keys (translated in
 * site/content/i18n) and the PromQL fragments that fill their placeholders. Locale-free, so the
 * same choice of words is tested once for every language.
 */

export interface Sentence {
  readonly key: ExplainStringKey;
  /** Placeholder values: PromQL as written, shown as code. */
  readonly values: Readonly<Record<string, string>>;
}

const sentence = (key: ExplainStringKey, values: Readonly<Record<string, string>> = {}): Sentence => ({
  key,
  values,
});

const list = (labels: readonly string[]): string => labels.join(', ');

function isExplainedFunction(name: string): name is (typeof explainedFunctions)[number] {
  return (explainedFunctions as readonly string[]).includes(name);
}

function selector(node: SelectorNode): Sentence {
  const matchers = list(node.matchers);
  if (node.metric === null) return sentence('live.explain.selector.nameless', { matchers });
  if (node.matchers.length === 0) return sentence('live.explain.selector', { metric: node.metric });
  return sentence('live.explain.selector.filtered', { metric: node.metric, matchers });
}

function functionCall(node: FunctionNode): Sentence {
  const { name } = node;
  if (isExplainedFunction(name)) return sentence(`live.explain.fn.${name}`, { name });
  const overTime = /^(\w+)_over_time$/.exec(name);
  if (overTime?.[1] !== undefined)
    return sentence('live.explain.fn.over_time', { name, aggregation: overTime[1] });
  return sentence('live.explain.function', { name });
}

function aggregation(node: AggregationNode): Sentence[] {
  const what = sentence(`live.explain.agg.${node.op}`, { param: node.param ?? '' });
  const picks = pickingOps.includes(node.op);
  const labels = node.grouping?.labels ?? [];
  // `by ()` groups nothing, like no grouping at all.
  if (node.grouping === null || (node.grouping.mode === 'by' && labels.length === 0))
    return [what, sentence(picks ? 'live.explain.pick.all' : 'live.explain.group.all')];
  const key =
    node.grouping.mode === 'by'
      ? picks
        ? 'live.explain.pick.by'
        : 'live.explain.group.by'
      : picks
        ? 'live.explain.pick.without'
        : 'live.explain.group.without';
  return [what, sentence(key, { labels: list(labels) })];
}

const comparisons: ReadonlySet<string> = new Set(['==', '!=', '>', '<', '>=', '<=']);
const setOps = {
  and: 'live.explain.binary.and',
  or: 'live.explain.binary.or',
  unless: 'live.explain.binary.unless',
} as const satisfies Readonly<Record<string, ExplainStringKey>>;

function isSetOp(op: string): op is keyof typeof setOps {
  return op in setOps;
}

function binaryOperation(node: BinaryNode): Sentence {
  const { op } = node;
  if (isSetOp(op)) return sentence(setOps[op]);
  if (comparisons.has(op))
    return sentence(node.bool ? 'live.explain.binary.bool' : 'live.explain.binary.filter', { op });
  return sentence('live.explain.binary.arithmetic', { op });
}

/** How the two sides meet: numbers, a number and series, or series paired by their labels. */
function binaryMatching(node: BinaryNode): Sentence[] {
  const scalars = node.children.filter((c) => c.type === 'scalar').length;
  if (scalars === 2) return [sentence('live.explain.binary.scalars')];
  if (scalars === 1) return [sentence('live.explain.binary.withScalar')];
  const { matching } = node;
  const pairing =
    matching === null
      ? [sentence('live.explain.match.all')]
      : [
          sentence(matching.mode === 'on' ? 'live.explain.match.on' : 'live.explain.match.ignoring', {
            labels: list(matching.labels),
          }),
        ];
  const group = matching?.group ?? null;
  const grouping =
    group === null
      ? []
      : [
          sentence(group.side === 'left' ? 'live.explain.match.groupLeft' : 'live.explain.match.groupRight'),
          ...(group.labels.length > 0
            ? [sentence('live.explain.match.copy', { labels: list(group.labels) })]
            : []),
        ];
  const fill = node.fill === null ? [] : [sentence('live.explain.match.fill', { fill: node.fill })];
  return [...pairing, ...grouping, ...fill];
}

/** The sentences that explain one node of the tree (not its children). */
export function explainNode(node: ExplainNode): readonly Sentence[] {
  switch (node.kind) {
    case 'selector':
      return [selector(node)];
    case 'rangeSelector':
      return [sentence('live.explain.range', { range: node.range })];
    case 'subquery':
      return [
        node.step === null
          ? sentence('live.explain.subquery.defaultStep', { range: node.range })
          : sentence('live.explain.subquery', { range: node.range, step: node.step }),
      ];
    case 'function':
      return [functionCall(node)];
    case 'aggregation':
      return aggregation(node);
    case 'binary':
      return [binaryOperation(node), ...binaryMatching(node)];
    case 'offset':
      return [sentence('live.explain.offset', { offset: node.offset })];
    case 'at':
      return [sentence('live.explain.at', { at: node.at })];
    case 'unary':
      return [sentence(node.op === '-' ? 'live.explain.negate' : 'live.explain.unaryPlus')];
    case 'anchored':
      return [sentence('live.explain.anchored')];
    case 'smoothed':
      return [sentence('live.explain.smoothed')];
    case 'number':
      return [sentence('live.explain.number', { value: node.text })];
    case 'string':
      return [sentence('live.explain.string', { value: node.text })];
  }
}

/** The key of the badge that says what a node evaluates to. */
export function typeKey(node: ExplainNode): ExplainStringKey {
  return `live.explain.type.${node.type}`;
}
