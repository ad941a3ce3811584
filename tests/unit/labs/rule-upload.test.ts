/** Rule uploads as generations: groups cut from the file as written, and what tells the ruler's loaded groups from the upload. */
import { describe, expect, it } from 'vitest';
import type { GroupState } from '../../../labs/kit/mimir-api.ts';
import { parseStoredGroups, ruleFileGroups } from '../../../labs/kit/mimir-api.ts';
import { groupTexts, loadedDifference } from '../../../labs/kit/rule-upload.ts';
import { alertStateExpr, gotNumber, parseGot } from '../../../labs/kit/rule-tests.ts';

/** Spacing alone: the real normaliser asks PromQL's formatter. */
const squeeze = (expr: string): Promise<string> => Promise.resolve(expr.replace(/\s+/g, ''));

const file = `groups:
  - name: app # the group
    rules:
      - record: r
        expr: sum by (job) (x)
        labels: {ratio: 1.0}
  - {name: flow, rules: [{alert: A, expr: "up == 0", for: 1m, labels: {priority: 1}}]}
`;

const loadedRule = (over: Partial<GroupState['rules'][number]>): GroupState['rules'][number] => ({
  name: 'A',
  query: 'up == 0',
  type: 'alerting',
  health: 'ok',
  lastEvaluation: '',
  duration: 60,
  labels: { priority: '1' },
  annotations: {},
  ...over,
});

const loaded = (rules: GroupState['rules'], interval = 15): GroupState[] => [
  {
    name: 'app',
    file: 'ns',
    interval: 15,
    rules: [
      {
        name: 'r',
        query: 'sum by (job) (x)',
        type: 'recording',
        health: 'ok',
        lastEvaluation: '',
        labels: { ratio: '1.0' },
      },
    ],
  },
  { name: 'flow', file: 'ns', interval, rules },
];

describe('groupTexts', () => {
  it('cuts each group from the file as written, numbers and comments included', () => {
    const groups = groupTexts(file);
    expect(groups.map((g) => g.name)).toEqual(['app', 'flow']);
    expect(groups[0]?.yaml).toContain('labels: {ratio: 1.0}');
    expect(groups[0]?.yaml).toContain('# the group');
  });

  it('writes a group out from its value when its cut does not stand alone', () => {
    const groups = groupTexts('groups:\n  - name: &n a\n    rules: []\n  - name: *n\n    rules: []\n');
    expect(groups[1]).toEqual({ name: 'a', yaml: 'name: a\nrules: []\n' });
  });
});

describe('ruleFileGroups', () => {
  it('reads every scalar as a string, as the ruler does', () => {
    const [app, flow] = ruleFileGroups(file);
    expect(app?.rules[0]?.labels).toEqual({ ratio: '1.0' });
    expect(flow?.rules[0]).toMatchObject({ alert: 'A', for: '1m', labels: { priority: '1' } });
  });
});

describe('loadedDifference', () => {
  const stored = ruleFileGroups(file);

  it('is undefined when the ruler runs exactly the upload', async () => {
    expect(await loadedDifference(stored, loaded([loadedRule({})]), 15_000, squeeze)).toBeUndefined();
  });

  it.each([
    ['an expression', loadedRule({ query: 'up == 1' }), 'runs `up == 1` in the ruler'],
    ['a for', loadedRule({ duration: 300 }), 'has for 5m in the ruler, 1m in the upload'],
    ['a label', loadedRule({ labels: { priority: '2' } }), 'has labels {priority="2"} in the ruler'],
    ['an annotation', loadedRule({ annotations: { summary: 'x' } }), 'has annotations {summary="x"}'],
    ['a type', loadedRule({ type: 'recording' }), 'is the recording rule A in the ruler'],
  ])('names %s that differs', async (_what, rule, message) => {
    expect(await loadedDifference(stored, loaded([rule]), 15_000, squeeze)).toContain(message);
  });

  it('names a group interval, a missing group and a group left from before', async () => {
    expect(await loadedDifference(stored, loaded([loadedRule({})], 10), 15_000, squeeze)).toContain(
      'runs every 10s in the ruler, every 15s in the upload',
    );
    expect(await loadedDifference(stored, loaded([loadedRule({})]).slice(0, 1), 15_000, squeeze)).toBe(
      'group "flow" is not loaded yet',
    );
    expect(await loadedDifference(stored.slice(0, 1), loaded([loadedRule({})]), 15_000, squeeze)).toContain(
      'still runs group "flow"',
    );
  });
});

describe('parseStoredGroups', () => {
  it("reads the config API's namespace map", () => {
    const text =
      'ns:\n    - name: g\n      rules:\n        - alert: A\n          expr: up == 0\n          labels:\n            priority: "1"\n';
    expect(parseStoredGroups(text, 'ns')[0]?.rules[0]?.labels).toEqual({ priority: '1' });
    expect(parseStoredGroups(text, 'other')).toEqual([]);
  });
});

describe('promtool world results', () => {
  it('reads each got: line in order, and the alert state number', () => {
    const output = `  FAILED:
    expr: "x", time: 2m,
        exp: {__checker_probe__="never"} 0E+00
        got: {} 2E+00
    expr: "y", time: 2m,
        exp: {__checker_probe__="never"} 0E+00
        got: nil`;
    expect(parseGot(output, 2)).toEqual(['{} 2E+00', 'nil']);
    expect(parseGot(output, 3)).toBeUndefined();
    expect(gotNumber('{} 2E+00')).toBe(2);
    expect(gotNumber('nil')).toBeUndefined();
    expect(alertStateExpr('A')).toContain('ALERTS{alertname="A",alertstate="firing"}');
  });
});
