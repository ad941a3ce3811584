import type { SyntaxNode, Tree } from '@lezer/common';
import { parser } from '@prometheus-io/lezer-promql';
import { aggregationOps, type AggregationOp } from '../../lib/live/explain-keys.ts';
import type {
  AggregationNode,
  BinaryNode,
  ExplainNode,
  ExplainTree,
  LabelList,
  SelectorNode,
  ValueType,
} from './explain-nodes.ts';

/**
 * The explain tree: a PromQL query parsed by Prometheus' own Lezer grammar
 * (@prometheus-io/lezer-promql, the one its query page uses) and reduced to the expressions a
 * learner reasons about. Each node keeps its own text, which is a query by itself, so the
 * playground can evaluate any part of the query alone. Parentheses only group: a parenthesised
 * expression appears as what it holds.
 */

/**
 * Functions that return a scalar; every other returns an instant vector. As codemirror-promql's
 * function table says (its parser/type.ts reads the same table).
 */
const scalarFunctions: ReadonlySet<string> = new Set(['scalar', 'time', 'start', 'end', 'range', 'step']);

function childNodes(node: SyntaxNode): SyntaxNode[] {
  const children: SyntaxNode[] = [];
  for (let child = node.firstChild; child !== null; child = child.nextSibling) children.push(child);
  return children;
}

const isExpr = (node: SyntaxNode): boolean => node.type.is('Expr');

function firstError(tree: Tree): number | null {
  let at: number | null = null;
  tree.iterate({
    enter: (node) => {
      if (at === null && node.type.isError) at = node.from;
      return at === null;
    },
  });
  return at;
}

/** Nothing but comments and whitespace (the parser marks the missing expression as an error). */
function isBlank(tree: Tree): boolean {
  let blank = true;
  tree.iterate({
    enter: (node) => {
      if (node.type.isTop) return true;
      if (node.name !== 'LineComment' && node.to > node.from) blank = false;
      return false;
    },
  });
  return blank;
}

class TreeBuilder {
  private readonly query: string;

  constructor(query: string) {
    this.query = query;
  }

  private text(node: SyntaxNode): string {
    return this.query.slice(node.from, node.to);
  }

  /** The text after a node's first child of the given name, up to the node's end. */
  private after(node: SyntaxNode, name: string): string {
    const marker = node.getChild(name);
    return marker === null ? '' : this.query.slice(marker.to, node.to).trim();
  }

  private labels(grouping: SyntaxNode | null): LabelList {
    return grouping === null ? [] : childNodes(grouping).map((label) => this.text(label));
  }

  private exprChildren(node: SyntaxNode): ExplainNode[] {
    return childNodes(node)
      .filter(isExpr)
      .map((child) => this.build(child));
  }

  private base(node: SyntaxNode, type: ValueType, children: readonly ExplainNode[]) {
    return { text: this.text(node), from: node.from, to: node.to, type, children };
  }

  build(node: SyntaxNode): ExplainNode {
    switch (node.name) {
      case 'ParenExpr':
        return this.build(this.firstExpr(node));
      case 'VectorSelector':
        return this.selector(node);
      case 'MatrixSelector': {
        const children = this.exprChildren(node);
        return {
          kind: 'rangeSelector',
          ...this.base(node, 'matrix', children),
          range: this.text(node.getChild('DurationExpr') ?? node),
        };
      }
      case 'SubqueryExpr': {
        const [range, step] = node.getChildren('DurationExpr').map((d) => this.text(d));
        return {
          kind: 'subquery',
          ...this.base(node, 'matrix', this.exprChildren(node)),
          range: range ?? '',
          step: step ?? null,
        };
      }
      case 'FunctionCall': {
        const name = this.text(node.getChild('FunctionIdentifier') ?? node);
        const body = node.getChild('FunctionCallBody');
        const args = body === null ? [] : this.exprChildren(body);
        return {
          kind: 'function',
          ...this.base(node, scalarFunctions.has(name) ? 'scalar' : 'vector', args),
          name,
        };
      }
      case 'AggregateExpr':
        return this.aggregation(node);
      case 'BinaryExpr':
        return this.binary(node);
      case 'OffsetExpr': {
        const inner = this.build(this.firstExpr(node));
        return {
          kind: 'offset',
          ...this.base(node, inner.type, [inner]),
          offset: this.after(node, 'Offset'),
        };
      }
      case 'StepInvariantExpr': {
        // The timestamp after @ is a number literal, an Expr too: only the first child is the input.
        const inner = this.build(this.firstExpr(node));
        return { kind: 'at', ...this.base(node, inner.type, [inner]), at: this.after(node, 'At') };
      }
      case 'UnaryExpr': {
        const inner = this.build(this.firstExpr(node));
        const op = this.text(node.getChild('UnaryOp') ?? node) === '+' ? '+' : '-';
        return { kind: 'unary', ...this.base(node, inner.type, [inner]), op };
      }
      case 'AnchoredExpr':
      case 'SmoothedExpr': {
        const inner = this.build(this.firstExpr(node));
        const kind = node.name === 'AnchoredExpr' ? 'anchored' : 'smoothed';
        return { kind, ...this.base(node, inner.type, [inner]) };
      }
      case 'NumberDurationLiteral':
        return { kind: 'number', ...this.base(node, 'scalar', []) };
      case 'StringLiteral':
        return { kind: 'string', ...this.base(node, 'string', []) };
      default:
        throw new Error(`explain tree: no rule for ${node.name} ("${this.text(node)}")`);
    }
  }

  private firstExpr(node: SyntaxNode): SyntaxNode {
    const inner = childNodes(node).find(isExpr);
    if (inner === undefined) throw new Error(`explain tree: ${node.name} without an expression`);
    return inner;
  }

  private selector(node: SyntaxNode): SelectorNode {
    const name = node.getChild('Identifier');
    const matcherNodes = childNodes(node.getChild('LabelMatchers') ?? node).filter(
      (m) => m.name !== 'Identifier',
    );
    // {"my.metric", job="app"}: a quoted name alone in the braces is the metric name (UTF-8 names).
    const quotedName = matcherNodes.find((m) => m.name === 'QuotedLabelName');
    return {
      kind: 'selector',
      ...this.base(node, 'vector', []),
      metric: name !== null ? this.text(name) : quotedName !== undefined ? this.text(quotedName) : null,
      matchers: matcherNodes.filter((m) => m !== quotedName).map((m) => this.text(m)),
    };
  }

  private aggregation(node: SyntaxNode): AggregationNode {
    const modifier = node.getChild('AggregateModifier');
    const body = node.getChild('FunctionCallBody');
    const args = body === null ? [] : this.exprChildren(body);
    // topk(3, x): the parameter comes first; the expression aggregated is the last argument.
    const param = args.length > 1 ? (args[0]?.text ?? null) : null;
    return {
      kind: 'aggregation',
      ...this.base(node, 'vector', args),
      op: this.aggregationOp(node),
      grouping:
        modifier === null
          ? null
          : {
              mode: modifier.getChild('Without') === null ? 'by' : 'without',
              labels: this.labels(modifier.getChild('GroupingLabels')),
            },
      param,
    };
  }

  private aggregationOp(node: SyntaxNode): AggregationOp {
    const op = this.text(node.getChild('AggregateOp') ?? node).toLowerCase();
    const known = aggregationOps.find((o) => o === op);
    // The grammar's AggregateOp has exactly these operators; a new one must get its explanation.
    if (known === undefined) throw new Error(`explain tree: unknown aggregation "${op}"`);
    return known;
  }

  private binary(node: SyntaxNode): BinaryNode {
    const operands = childNodes(node).filter(isExpr);
    const [left, right] = [operands[0], operands.at(-1)];
    if (left === undefined || right === undefined || left === right)
      throw new Error(`explain tree: binary expression without two sides ("${this.text(node)}")`);
    const opNode = left.nextSibling;
    const children = [this.build(left), this.build(right)];
    const bothScalar = children.every((c) => c.type === 'scalar');
    const clause = node.getChild('MatchingModifierClause');
    const fill = node.getChild('FillModifier');
    return {
      kind: 'binary',
      ...this.base(node, bothScalar ? 'scalar' : 'vector', children),
      op: opNode === null ? '' : this.text(opNode).toLowerCase(),
      bool: node.getChild('BoolModifier') !== null,
      matching: clause === null ? null : this.matching(clause),
      fill: fill === null ? null : this.text(fill),
    };
  }

  private matching(clause: SyntaxNode): NonNullable<BinaryNode['matching']> {
    const [labels, groupLabels] = clause.getChildren('GroupingLabels');
    const side =
      clause.getChild('GroupLeft') !== null
        ? 'left'
        : clause.getChild('GroupRight') !== null
          ? 'right'
          : null;
    return {
      mode: clause.getChild('Ignoring') === null ? 'on' : 'ignoring',
      labels: this.labels(labels ?? null),
      group: side === null ? null : { side, labels: this.labels(groupLabels ?? null) },
    };
  }
}

/** Parses a query into its explain tree, or says why there is none. */
export function buildExplainTree(query: string): ExplainTree {
  const tree = parser.parse(query);
  if (isBlank(tree)) return { ok: false, reason: 'empty' };
  const at = firstError(tree);
  const expr = childNodes(tree.topNode).find(isExpr);
  if (at !== null || expr === undefined) return { ok: false, reason: 'syntax', at: at ?? 0 };
  return { ok: true, root: new TreeBuilder(query).build(expr) };
}
