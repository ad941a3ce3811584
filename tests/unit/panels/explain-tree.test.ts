import { describe, expect, it } from 'vitest';
import type { ExplainNode } from '../../../site/islands/promql/explain-nodes.ts';
import { buildExplainTree } from '../../../site/islands/promql/explain-tree.ts';

/**
 * The explain tree from real parses (Prometheus' Lezer grammar): the nodes a learner reasons
 * about, each with its own text, what it evaluates to, and the facts its explanation needs.
 */

function root(query: string): ExplainNode {
  const tree = buildExplainTree(query);
  if (!tree.ok) throw new Error(`no tree for ${query}: ${tree.reason}`);
  return tree.root;
}

/** The tree as kind, text and type, depth first: what the panel lists. */
function outline(node: ExplainNode, depth = 0): string[] {
  return [
    `${'  '.repeat(depth)}${node.kind} ${node.type} ${node.text}`,
    ...node.children.flatMap((c) => outline(c, depth + 1)),
  ];
}

function nodes(node: ExplainNode): ExplainNode[] {
  return [node, ...node.children.flatMap(nodes)];
}

describe('explain tree', () => {
  it('reads a selector’s metric name and matchers', () => {
    expect(root('http_requests_total{job="app", status=~"5.."}')).toEqual({
      kind: 'selector',
      text: 'http_requests_total{job="app", status=~"5.."}',
      from: 0,
      to: 45,
      type: 'vector',
      children: [],
      metric: 'http_requests_total',
      matchers: ['job="app"', 'status=~"5.."'],
    });
    expect(root('{job="app"}')).toMatchObject({ kind: 'selector', metric: null, matchers: ['job="app"'] });
    // A UTF-8 metric name is quoted inside the braces.
    expect(root('{"my.metric", job="app"}')).toMatchObject({
      metric: '"my.metric"',
      matchers: ['job="app"'],
    });
  });

  it('takes sum by (job) (rate(x[5m])) apart down to the selector', () => {
    const sum = root('sum by (job) (rate(http_requests_total[5m]))');
    expect(outline(sum)).toEqual([
      'aggregation vector sum by (job) (rate(http_requests_total[5m]))',
      '  function vector rate(http_requests_total[5m])',
      '    rangeSelector matrix http_requests_total[5m]',
      '      selector vector http_requests_total',
    ]);
    expect(sum).toMatchObject({ op: 'sum', grouping: { mode: 'by', labels: ['job'] }, param: null });
    expect(sum.children[0]).toMatchObject({ kind: 'function', name: 'rate' });
    expect(sum.children[0]?.children[0]).toMatchObject({ kind: 'rangeSelector', range: '5m' });
  });

  it('reads without, trailing grouping, case-insensitive operators and parameters', () => {
    expect(root('SUM(rate(x[1m])) without (instance, pod)')).toMatchObject({
      op: 'sum',
      grouping: { mode: 'without', labels: ['instance', 'pod'] },
    });
    const topk = root('topk(3, x)');
    expect(topk).toMatchObject({ op: 'topk', param: '3', grouping: null });
    expect(outline(topk)).toEqual([
      'aggregation vector topk(3, x)',
      '  number scalar 3',
      '  selector vector x',
    ]);
    expect(root('count_values("value", x)')).toMatchObject({ op: 'count_values', param: '"value"' });
  });

  it('reads a binary operation with on() and group_left', () => {
    const ratio = root('sum by (job) (rate(errors[5m])) / on(job) group_left(version) build_info');
    expect(ratio).toMatchObject({
      kind: 'binary',
      op: '/',
      bool: false,
      matching: { mode: 'on', labels: ['job'], group: { side: 'left', labels: ['version'] } },
      fill: null,
    });
    expect(outline(ratio).filter((line) => !line.startsWith('    '))).toEqual([
      'binary vector sum by (job) (rate(errors[5m])) / on(job) group_left(version) build_info',
      '  aggregation vector sum by (job) (rate(errors[5m]))',
      '  selector vector build_info',
    ]);
    expect(root('a - ignoring(code) b')).toMatchObject({
      op: '-',
      matching: { mode: 'ignoring', labels: ['code'], group: null },
    });
    expect(root('a and b')).toMatchObject({ op: 'and', matching: null });
  });

  it('types a binary operation by its sides, and reads bool', () => {
    expect(root('1 + 2')).toMatchObject({ kind: 'binary', type: 'scalar' });
    expect(root('x > bool 1')).toMatchObject({ type: 'vector', op: '>', bool: true });
    expect(root('time() - x')).toMatchObject({ type: 'vector' });
    expect(root('time() - 60').children.map((c) => c.type)).toEqual(['scalar', 'scalar']);
  });

  it('reads a subquery, with its step or without', () => {
    const max = root('max_over_time(rate(http_requests_total[1m])[10m:30s])');
    expect(outline(max)).toEqual([
      'function vector max_over_time(rate(http_requests_total[1m])[10m:30s])',
      '  subquery matrix rate(http_requests_total[1m])[10m:30s]',
      '    function vector rate(http_requests_total[1m])',
      '      rangeSelector matrix http_requests_total[1m]',
      '        selector vector http_requests_total',
    ]);
    expect(max.children[0]).toMatchObject({ range: '10m', step: '30s' });
    expect(root('x[5m:]')).toMatchObject({ kind: 'subquery', range: '5m', step: null });
  });

  it('reads offset, @, unary minus and the literals, and sees through parentheses', () => {
    expect(root('x offset 5m')).toMatchObject({ kind: 'offset', offset: '5m', type: 'vector' });
    expect(outline(root('-(x) @ end()'))).toEqual([
      'at vector -(x) @ end()',
      '  unary vector -(x)',
      '    selector vector x',
    ]);
    expect(root('x @ 1700000000')).toMatchObject({ kind: 'at', at: '1700000000' });
    expect(root('((42))')).toMatchObject({ kind: 'number', text: '42', type: 'scalar' });
    expect(root('"hi"')).toMatchObject({ kind: 'string', type: 'string' });
    expect(root('rate(x[5m] anchored)').children[0]).toMatchObject({ kind: 'anchored', type: 'matrix' });
    expect(root('rate(x[5m] smoothed)').children[0]).toMatchObject({ kind: 'smoothed', type: 'matrix' });
  });

  it('gives every node a text that is a query of its own, with the same tree', () => {
    const query =
      'histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{job="app"}[5m]))) > on() group_left 0.5';
    for (const node of nodes(root(query))) {
      const alone = buildExplainTree(node.text);
      expect(alone.ok, node.text).toBe(true);
      if (alone.ok) expect(outline(alone.root)).toEqual(outline({ ...node, from: 0, to: node.text.length }));
    }
  });

  it('says where a query stops parsing, and when there is nothing to explain', () => {
    expect(buildExplainTree('sum(rate(x[5m])')).toEqual({ ok: false, reason: 'syntax', at: 15 });
    expect(buildExplainTree('sum by (job (x)')).toMatchObject({ ok: false, reason: 'syntax' });
    expect(buildExplainTree(')')).toEqual({ ok: false, reason: 'syntax', at: 0 });
    expect(buildExplainTree('')).toEqual({ ok: false, reason: 'empty' });
    expect(buildExplainTree('  # a comment only')).toEqual({ ok: false, reason: 'empty' });
  });
});
