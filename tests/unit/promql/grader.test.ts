/**
 * The grader's comparison and the query reader, on answers recorded from the real exercise
 * Prometheus (tests/unit/promql/recorded/*.json: `curl --data-urlencode query=… time=…` against
 * 127.0.0.1:19190 over labs/promql/dataset/shop.om). The checks that need the server (the
 * explanations of an empty result, the constant-label rule) run in the dev-check.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluationOf, type Evaluation } from '../../../labs/kit/promql-evaluate.ts';
import { compareResults, incidentalLabels, labelSetText } from '../../../labs/kit/promql-grader.ts';
import { durationSeconds, queryFacts } from '../../../labs/kit/promql-query-facts.ts';

const recorded = (name: string): Extract<Evaluation, { ok: true }> => {
  const evaluation = evaluationOf(readFileSync(new URL(`recorded/${name}.json`, import.meta.url), 'utf8'));
  if (!evaluation.ok) throw new Error(`${name}: ${evaluation.error}`);
  return evaluation;
};

const facts = (mine: string, reference: string) => ({
  mine: queryFacts(mine),
  reference: queryFacts(reference),
});
const reference = 'sum by (instance) (rate(http_requests_total{job="shop"}[5m]))';

describe('reading answers', () => {
  it('reads vectors, matrices and scalars, and a refused query as Prometheus words it', () => {
    expect(recorded('by-instance').series).toHaveLength(3);
    expect(recorded('range-vector')).toMatchObject({ type: 'matrix' });
    expect(recorded('range-vector').series[0]?.points).toHaveLength(5);
    expect(recorded('scalar')).toMatchObject({ type: 'scalar' });
    const refused = evaluationOf(readFileSync(new URL('recorded/parse-error.json', import.meta.url), 'utf8'));
    expect(refused).toMatchObject({ ok: false, kind: 'query' });
    expect(refused.ok ? '' : refused.error).toContain('parse error');
  });
});

describe('comparing results', () => {
  it('passes the same result, and names the window when increase() stands for rate()', () => {
    const same = compareResults(
      recorded('by-instance'),
      recorded('by-instance'),
      1e-6,
      facts(reference, reference),
      [],
    );
    expect(same).toEqual({ same: true, series: 3 });
    const mine = 'sum by (instance) (increase(http_requests_total{job="shop"}[5m]))';
    const increase = compareResults(
      recorded('increase-by-instance'),
      recorded('by-instance'),
      1e-6,
      facts(mine, reference),
      [],
    );
    expect(increase).toMatchObject({ same: false });
    expect(increase.same ? '' : increase.why).toMatch(
      /^Your values are 300× the answer's, and 300 s is the window/,
    );
  });

  it('names the labels to aggregate away, and those an aggregation lost', () => {
    const mine = 'rate(http_requests_total{job="shop"}[5m])';
    const extra = compareResults(
      recorded('no-aggregation'),
      recorded('by-instance'),
      1e-6,
      facts(mine, reference),
      [],
    );
    expect(extra.same ? '' : extra.why).toContain('Your series keep `job`, `method`, `route`, `status`');
    const lost = compareResults(
      recorded('by-instance'),
      recorded('no-aggregation'),
      1e-6,
      facts(reference, mine),
      [],
    );
    expect(lost.same ? '' : lost.why).toContain('The answer keeps `job`, `method`, `route`, `status`');
  });

  it('sets aside a label the caller found constant in the data, and says so', () => {
    const mine = 'sum without (method, route, status) (rate(http_requests_total[5m]))';
    const candidates = incidentalLabels(recorded('without-keeps-job').series, recorded('by-instance').series);
    expect(candidates).toEqual(['job']);
    const strict = compareResults(
      recorded('without-keeps-job'),
      recorded('by-instance'),
      1e-6,
      facts(mine, reference),
      [],
    );
    expect(strict.same).toBe(false);
    const lenient = compareResults(
      recorded('without-keeps-job'),
      recorded('by-instance'),
      1e-6,
      facts(mine, reference),
      candidates,
    );
    expect(lenient).toEqual({ same: true, series: 3, incidental: ['job'] });
  });

  it('tells a range vector from an instant one, both ways', () => {
    const instant = 'http_requests_total{instance="shop-1", route="/checkout", status="200"}';
    const range = `${instant}[5m]`;
    const wantRange = compareResults(
      recorded('instant-vector'),
      recorded('range-vector'),
      1e-6,
      facts(instant, range),
      [],
    );
    expect(wantRange.same ? '' : wantRange.why).toContain('the answer is a range vector');
    const wantInstant = compareResults(
      recorded('range-vector'),
      recorded('instant-vector'),
      1e-6,
      facts(range, instant),
      [],
    );
    expect(wantInstant.same ? '' : wantInstant.why).toContain('Your query returns a range vector');
    const scalar = compareResults(
      recorded('scalar'),
      recorded('by-instance'),
      1e-6,
      facts('scalar(x)', reference),
      [],
    );
    expect(scalar.same ? '' : scalar.why).toContain('Your query returns a scalar');
  });

  it("fails a query that wrote one time's answer into itself when the answer is empty", () => {
    const hardCoded = compareResults(
      recorded('down-instance-at-1113'),
      recorded('down-at-1113'),
      1e-6,
      facts('up{instance="shop-2"}', 'up == 0'),
      [],
    );
    expect(hardCoded.same ? '' : hardCoded.why).toContain('The answer is empty here');
  });

  it('prints label sets without the metric name, sorted', () => {
    expect(labelSetText({ __name__: 'up', job: 'shop', instance: 'shop-1' })).toBe(
      '{instance="shop-1", job="shop"}',
    );
  });
});

describe('reading queries', () => {
  it('finds selectors, matchers, functions, aggregations and windows, subqueries included', () => {
    const read = queryFacts(
      'max_over_time(sum by (instance) (rate(http_requests_total{job="shop", status=~"5.."}[5m]))[1h:1m])',
    );
    expect(read.selectors).toEqual([
      {
        text: 'http_requests_total{job="shop", status=~"5.."}',
        metric: 'http_requests_total',
        matchers: [
          { label: 'job', op: '=', value: 'shop', text: 'job="shop"' },
          { label: 'status', op: '=~', value: '5..', text: 'status=~"5.."' },
        ],
      },
    ]);
    expect([...read.functions].sort()).toEqual(['max_over_time', 'rate']);
    expect([...read.aggregations]).toEqual(['sum']);
    expect(read.windowsSeconds).toEqual([3600, 300]);
    expect(queryFacts('{__name__="up", job!="node"}').selectors[0]?.metric).toBe('up');
  });

  it('reads PromQL durations', () => {
    expect(durationSeconds('5m')).toBe(300);
    expect(durationSeconds('1h30m')).toBe(5400);
    expect(durationSeconds('90s')).toBe(90);
    expect(durationSeconds('5x')).toBeUndefined();
  });
});
