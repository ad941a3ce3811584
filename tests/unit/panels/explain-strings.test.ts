import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  aggregationOps,
  explainedFunctions,
  explainStringKeys,
  type ExplainStringKey,
} from '../../../site/lib/live/explain-keys.ts';
import {
  islandStringKeys,
  liveStringKeys,
  playgroundStrings,
  type LiveStrings,
} from '../../../site/lib/live/strings.ts';
import { explainNode, typeKey, type Sentence } from '../../../site/islands/promql/explain-strings.ts';
import { explainKinds, type ExplainNode } from '../../../site/islands/promql/explain-nodes.ts';
import { buildExplainTree } from '../../../site/islands/promql/explain-tree.ts';

/**
 * The explain tree's words: every node kind of real parses gets sentences whose strings exist
 * in English and Japanese, whose placeholders are all filled, and the words fit the node (an
 * aggregation's grouping, a binary operation's matching).
 */

const locales = ['en', 'ja'] as const;
const dictionaries = Object.fromEntries(
  locales.map((l) => [
    l,
    JSON.parse(readFileSync(`site/content/i18n/${l}.json`, 'utf8')) as Record<string, string>,
  ]),
) as Record<(typeof locales)[number], Record<string, string>>;

/** Queries that between them hold every kind of node. */
const queries = [
  'http_requests_total{job="app"}',
  '{job="app"}',
  'up',
  'sum by (job) (rate(http_requests_total[5m]))',
  'sum without (instance) (irate(x[1m]))',
  'count(up)',
  'topk by (job) (3, x)',
  'bottomk(2, x)',
  'quantile(0.9, x)',
  'count_values("v", x)',
  'a / on(job) group_left(version) b',
  'a * ignoring(code) group_right b',
  'a + fill(0) b',
  'x > 0.5',
  'x > bool 0.5',
  '1 + 2 > bool 1',
  'a and b or c unless d',
  'max_over_time(rate(x[1m])[10m:30s])',
  'min_over_time(x[10m:])',
  'x offset 1h',
  'x @ end()',
  '-x',
  '+x',
  'rate(x[5m] anchored)',
  'rate(x[5m] smoothed)',
  'label_replace(up, "dst", "$1", "src", "(.*)")',
  'ln(x)',
  'histogram_quantile(0.95, sum by (le) (rate(h_bucket[5m])))',
];

function nodes(node: ExplainNode): ExplainNode[] {
  return [node, ...node.children.flatMap(nodes)];
}

const allNodes = queries.flatMap((q) => {
  const tree = buildExplainTree(q);
  if (!tree.ok) throw new Error(`${q} does not parse`);
  return nodes(tree.root);
});

const placeholders = (text: string): string[] =>
  [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();

const keysOf = (node: ExplainNode): ExplainStringKey[] => explainNode(node).map((s) => s.key);

function first(query: string): ExplainNode {
  const tree = buildExplainTree(query);
  if (!tree.ok) throw new Error(`${query} does not parse`);
  return tree.root;
}

describe('explain tree strings', () => {
  it('the sample queries hold every kind of node', () => {
    expect(new Set(allNodes.map((n) => n.kind))).toEqual(new Set(explainKinds));
  });

  it.each(locales)('%s has every explain string, and the same placeholders as English', (locale) => {
    for (const key of explainStringKeys) {
      const text = dictionaries[locale][key];
      expect(text?.trim(), key).toBeTruthy();
      expect(placeholders(text ?? ''), key).toEqual(placeholders(dictionaries.en[key] ?? ''));
    }
  });

  it.each(locales)('%s: every node’s sentences exist and have every placeholder filled', (locale) => {
    for (const node of allNodes) {
      const sentences: readonly Sentence[] = explainNode(node);
      expect(sentences.length, node.text).toBeGreaterThan(0);
      for (const { key, values } of sentences) {
        const text = dictionaries[locale][key];
        expect(text, `${node.text}: ${key}`).toBeDefined();
        for (const name of placeholders(text ?? ''))
          expect(values, `${node.text}: ${key} {${name}}`).toHaveProperty(name);
      }
      expect(dictionaries[locale][typeKey(node)], node.text).toBeDefined();
    }
  });

  it('gives each aggregation and each listed function its own sentence, and *_over_time the family’s', () => {
    for (const op of aggregationOps) {
      const param = ['topk', 'bottomk', 'limitk', 'limit_ratio', 'quantile'].includes(op)
        ? '1, '
        : op === 'count_values'
          ? '"v", '
          : '';
      expect(keysOf(first(`${op}(${param}x)`))[0]).toBe(`live.explain.agg.${op}`);
    }
    for (const name of explainedFunctions)
      expect(keysOf({ ...first('ln(x)'), kind: 'function', name })).toEqual([`live.explain.fn.${name}`]);
    expect(explainNode(first('quantile_over_time(0.5, x[5m])'))).toEqual([
      { key: 'live.explain.fn.over_time', values: { name: 'quantile_over_time', aggregation: 'quantile' } },
    ]);
    expect(keysOf(first('ln(x)'))).toEqual(['live.explain.function']);
  });

  it('says which labels an aggregation keeps, and that picking keeps them all', () => {
    expect(explainNode(first('sum by (job) (x)'))).toEqual([
      { key: 'live.explain.agg.sum', values: { param: '' } },
      { key: 'live.explain.group.by', values: { labels: 'job' } },
    ]);
    expect(keysOf(first('sum without (instance, pod) (x)'))[1]).toBe('live.explain.group.without');
    expect(keysOf(first('sum by () (x)'))[1]).toBe('live.explain.group.all');
    expect(explainNode(first('topk by (route) (3, x)'))).toEqual([
      { key: 'live.explain.agg.topk', values: { param: '3' } },
      { key: 'live.explain.pick.by', values: { labels: 'route' } },
    ]);
  });

  it('says how a binary operation pairs its sides', () => {
    expect(explainNode(first('a / on(job) group_left(version) b'))).toEqual([
      { key: 'live.explain.binary.arithmetic', values: { op: '/' } },
      { key: 'live.explain.match.on', values: { labels: 'job' } },
      { key: 'live.explain.match.groupLeft', values: {} },
      { key: 'live.explain.match.copy', values: { labels: 'version' } },
    ]);
    expect(keysOf(first('a + b'))).toEqual(['live.explain.binary.arithmetic', 'live.explain.match.all']);
    expect(keysOf(first('x > 1'))).toEqual(['live.explain.binary.filter', 'live.explain.binary.withScalar']);
    expect(keysOf(first('1 < bool 2'))).toEqual(['live.explain.binary.bool', 'live.explain.binary.scalars']);
    expect(keysOf(first('a + fill(0) b'))).toEqual([
      'live.explain.binary.arithmetic',
      'live.explain.match.all',
      'live.explain.match.fill',
    ]);
    expect(keysOf(first('a unless ignoring(code) b'))).toEqual([
      'live.explain.binary.unless',
      'live.explain.match.ignoring',
    ]);
  });

  it('reach playground islands only, which the browser checks', () => {
    expect(islandStringKeys('panel')).toEqual(liveStringKeys);
    expect(islandStringKeys('playground')).toEqual([...liveStringKeys, ...explainStringKeys]);
    const page = (keys: readonly string[]) =>
      Object.fromEntries(keys.map((k) => [k, dictionaries.en[k] ?? ''])) as unknown as LiveStrings;
    expect(playgroundStrings(page(islandStringKeys('playground')))['live.explain.toggle']).toBe(
      'Explain the query',
    );
    expect(() => playgroundStrings(page(liveStringKeys))).toThrow(/live\.explain\.toggle/);
  });
});
