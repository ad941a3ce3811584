/** A rule file's rules by name, its groups' intervals, and from which run an alert has read a recorded series. */
import { describe, expect, it } from 'vitest';
import type { GroupState } from '../../../labs/kit/mimir-api.ts';
import { ruleFileGroups } from '../../../labs/kit/mimir-api.ts';
import type { RulePlace } from '../../../labs/kit/rule-evaluation.ts';
import {
  evaluationMs,
  evaluationTerm,
  readsRecordFrom,
  requireRule,
} from '../../../labs/kit/rule-evaluation.ts';

const groups = ruleFileGroups(`groups:
  - name: app
    interval: 30s
    rules:
      - record: job:http_requests:rate1m
        expr: sum by (job) (rate(http_requests_total[1m]))
      - alert: AppRequestsStopped
        expr: job:http_requests:rate1m{job="app"} == 0
  - name: other
    rules:
      - alert: Other
        expr: vector(1)
`);

describe('requireRule', () => {
  it('passes a rule of the right kind and name', () => {
    expect(requireRule(groups, 'record', 'job:http_requests:rate1m', 'rules.yaml')).toBeUndefined();
  });
  it('names the other kind', () => {
    expect(requireRule(groups, 'alert', 'job:http_requests:rate1m', 'rules.yaml')?.message).toBe(
      'job:http_requests:rate1m is a recording rule in rules.yaml',
    );
  });
  it('suggests the near miss and lists what the file has', () => {
    const missing = requireRule(groups, 'alert', 'AppRequestStopped', 'rules.yaml');
    expect(missing?.message).toContain('`AppRequestsStopped`');
    expect(missing?.hint).toBe('rule names are matched exactly');
  });
});

describe('evaluation interval', () => {
  it('is the longest group interval, the ruler default for a group without one', () => {
    expect(evaluationMs(groups, 15_000)).toBe(30_000);
    expect(evaluationMs(groups, 60_000)).toBe(60_000);
    expect(evaluationMs([], 15_000)).toBe(15_000);
  });
  it('says who set it', () => {
    expect(evaluationTerm(groups, 15_000, 2).what).toBe('your group interval');
    expect(evaluationTerm(groups, 60_000, 2).what).toContain("ruler's evaluation_interval");
  });
});

const place = (group: string, index: number, name: string): RulePlace => {
  const state: GroupState = { name: group, file: 'ns', interval: 15, rules: [] };
  return {
    group: state,
    index,
    rule: { name, query: '', type: 'alerting', health: 'ok', lastEvaluation: '' },
  };
};

describe('readsRecordFrom', () => {
  const recorded = { at: 1000, ruleRanAt: 1000.4 };
  it('an alert after the recording rule in its group reads it in the same run', () => {
    expect(readsRecordFrom(place('app', 1, 'A'), place('app', 0, 'R'), recorded)).toBe(1000.4);
  });
  it('an alert before it, or in another group, reads it at a later run', () => {
    expect(readsRecordFrom(place('app', 0, 'A'), place('app', 1, 'R'), recorded)).toBe(1001);
    expect(readsRecordFrom(place('other', 1, 'A'), place('app', 0, 'R'), recorded)).toBe(1001);
    expect(readsRecordFrom(place('app', 1, 'A'), undefined, recorded)).toBe(1001);
  });
});
