import type { AggregationOp } from '../../lib/live/explain-keys.ts';

/**
 * The explain tree's nodes (built by explain-tree.ts): the expressions of a PromQL query a learner
 * reasons about, each with its own text, what it evaluates to, and the facts its explanation
 * needs. Types only, and the list of kinds.
 */

/** What an expression evaluates to (the Prometheus API's resultType). */
export type ValueType = 'vector' | 'matrix' | 'scalar' | 'string';

/** The label names of `by (…)`, `on (…)` and the like, as written. */
export type LabelList = readonly string[];

interface NodeBase {
  /** The expression as written, evaluable on its own. */
  readonly text: string;
  /** Its place in the query, for a stable key. */
  readonly from: number;
  readonly to: number;
  readonly type: ValueType;
  readonly children: readonly ExplainNode[];
}

export interface SelectorNode extends NodeBase {
  readonly kind: 'selector';
  /** The metric name, when the selector has one. */
  readonly metric: string | null;
  /** Each label matcher as written: `job="app"`. */
  readonly matchers: readonly string[];
}

export interface RangeSelectorNode extends NodeBase {
  readonly kind: 'rangeSelector';
  /** The window, as written: `5m`. */
  readonly range: string;
}

export interface SubqueryNode extends NodeBase {
  readonly kind: 'subquery';
  readonly range: string;
  /** The resolution, or null for the default (the evaluation interval). */
  readonly step: string | null;
}

export interface FunctionNode extends NodeBase {
  readonly kind: 'function';
  readonly name: string;
}

export interface AggregationNode extends NodeBase {
  readonly kind: 'aggregation';
  /** The operator, lower case (PromQL's keywords are case-insensitive). */
  readonly op: AggregationOp;
  /** `by`/`without` and their labels, or null when all series are aggregated together. */
  readonly grouping: { readonly mode: 'by' | 'without'; readonly labels: LabelList } | null;
  /** The parameter before the expression (topk's k, quantile's φ, count_values' label), as written. */
  readonly param: string | null;
}

export interface BinaryNode extends NodeBase {
  readonly kind: 'binary';
  /** The operator, lower case: `+`, `>`, `and`, `atan2`… */
  readonly op: string;
  /** `bool` after a comparison. */
  readonly bool: boolean;
  /** `on`/`ignoring`, `group_left`/`group_right`, or null for the default one-to-one matching. */
  readonly matching: {
    readonly mode: 'on' | 'ignoring';
    readonly labels: LabelList;
    readonly group: { readonly side: 'left' | 'right'; readonly labels: LabelList } | null;
  } | null;
  /** A fill modifier as written (`fill(0)`), or null. */
  readonly fill: string | null;
}

export interface OffsetNode extends NodeBase {
  readonly kind: 'offset';
  readonly offset: string;
}

export interface AtNode extends NodeBase {
  readonly kind: 'at';
  /** The timestamp or `start()`/`end()`, as written. */
  readonly at: string;
}

export interface UnaryNode extends NodeBase {
  readonly kind: 'unary';
  readonly op: '-' | '+';
}

/** The experimental range modifiers that change how a range's edges are read. */
export interface RangeModifierNode extends NodeBase {
  readonly kind: 'anchored' | 'smoothed';
}

export interface LiteralNode extends NodeBase {
  readonly kind: 'number' | 'string';
}

export type ExplainNode =
  | SelectorNode
  | RangeSelectorNode
  | SubqueryNode
  | FunctionNode
  | AggregationNode
  | BinaryNode
  | OffsetNode
  | AtNode
  | UnaryNode
  | RangeModifierNode
  | LiteralNode;

export type ExplainKind = ExplainNode['kind'];

/** Every kind of node, for tests and string tables that must cover them all. */
export const explainKinds = [
  'selector',
  'rangeSelector',
  'subquery',
  'function',
  'aggregation',
  'binary',
  'offset',
  'at',
  'unary',
  'anchored',
  'smoothed',
  'number',
  'string',
] as const satisfies readonly ExplainKind[];

export type ExplainTree =
  | { readonly ok: true; readonly root: ExplainNode }
  | { readonly ok: false; readonly reason: 'empty' }
  /** `at` is where the first syntax error is. */
  | { readonly ok: false; readonly reason: 'syntax'; readonly at: number };
