/**
 * What a PromQL query is made of, read with Prometheus' own Lezer grammar
 * (@prometheus-io/lezer-promql, as the site's explain tree reads it): its selectors with their
 * matchers, the functions and aggregations it calls, and its range windows. The grader uses it
 * to say where a wrong answer went wrong, never to decide whether it is right.
 */
import type { SyntaxNode } from '@lezer/common';
import { parser } from '@prometheus-io/lezer-promql';

export interface Matcher {
  readonly label: string;
  /** =, !=, =~ or !~ */
  readonly op: string;
  readonly value: string;
  /** As written: `route="/checkout"`. */
  readonly text: string;
}

export interface Selector {
  /** As written, without any range: `http_requests_total{status="500"}`. */
  readonly text: string;
  /** The metric name, when the selector names one (before the braces or as __name__=). */
  readonly metric: string | undefined;
  readonly matchers: readonly Matcher[];
}

export interface QueryFacts {
  readonly selectors: readonly Selector[];
  /** Function names, lower case: rate, irate, histogram_quantile… */
  readonly functions: ReadonlySet<string>;
  /** Aggregation operators, lower case: sum, topk… */
  readonly aggregations: ReadonlySet<string>;
  /** Range windows in seconds, from `[5m]` and subqueries' `[30m:1m]`. */
  readonly windowsSeconds: readonly number[];
}

const units: Readonly<Record<string, number>> = {
  ms: 0.001,
  s: 1,
  m: 60,
  h: 3600,
  d: 86400,
  w: 604800,
  y: 31536000,
};

/** Seconds of a PromQL duration such as 5m, 1h30m or 90s; undefined for anything else. */
export function durationSeconds(text: string): number | undefined {
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d|w|y)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text) return undefined;
  return parts.reduce((sum, [, n, unit]) => sum + Number(n) * (units[unit ?? 's'] ?? 1), 0);
}

const unquote = (text: string): string => {
  try {
    return text.startsWith('`')
      ? text.slice(1, -1)
      : (JSON.parse(text.startsWith("'") ? `"${text.slice(1, -1)}"` : text) as string);
  } catch {
    return text.slice(1, -1);
  }
};

export function queryFacts(query: string): QueryFacts {
  const tree = parser.parse(query);
  const text = (node: SyntaxNode): string => query.slice(node.from, node.to);
  const selectors: Selector[] = [];
  const functions = new Set<string>();
  const aggregations = new Set<string>();
  const windowsSeconds: number[] = [];
  tree.iterate({
    enter: (ref) => {
      const node = ref.node;
      if (node.name === 'VectorSelector') {
        const name = node.getChild('Identifier');
        const matchers: Matcher[] = [];
        const list = node.getChild('LabelMatchers');
        for (let m = list?.firstChild ?? null; m !== null; m = m.nextSibling) {
          if (!m.name.endsWith('LabelMatcher')) continue;
          const label = m.getChild('LabelName') ?? m.getChild('QuotedLabelName');
          const op = m.getChild('MatchOp');
          const value = m.getChild('StringLiteral');
          if (!op || !value) continue;
          matchers.push({
            label: label
              ? label.name === 'QuotedLabelName'
                ? unquote(text(label))
                : text(label)
              : '__name__',
            op: text(op),
            value: unquote(text(value)),
            text: text(m),
          });
        }
        const metric = name
          ? text(name)
          : matchers.find((m) => m.label === '__name__' && m.op === '=')?.value;
        selectors.push({ text: text(node), metric, matchers });
        return false;
      }
      if (node.name === 'FunctionIdentifier') functions.add(text(node).toLowerCase());
      if (node.name === 'AggregateOp') aggregations.add(text(node).toLowerCase());
      if (node.name === 'MatrixSelector' || node.name === 'SubqueryExpr') {
        const duration =
          node.getChild('DurationExpr') ?? node.getChild('NumberDurationLiteralInDurationContext');
        const seconds = duration ? durationSeconds(text(duration)) : undefined;
        if (seconds !== undefined) windowsSeconds.push(seconds);
      }
      return true;
    },
  });
  return { selectors, functions, aggregations, windowsSeconds };
}
