/** Realistic wrong attempts, each the solution with one edit; the dev-check expects the quoted message. */
import type { Mistake } from '../kit/index.ts';

export const mistakes: readonly Mistake[] = [
  {
    name: 'record name with a typo',
    file: 'rules.yaml',
    replace: ['- record: job:http_requests:rate1m', '- record: job:http_request:rate1m'],
    expect: 'did you name it `job:http_request:rate1m`?',
  },
  {
    name: 'a PromQL syntax error',
    file: 'rules.yaml',
    replace: ['sum by (job) (rate(http_requests_total[1m]))', 'sum by (job) (rate(http_requests_total[1m])'],
    expect: 'rules.yaml: 17:15: group "app", rule 1',
  },
  {
    name: 'the job label aggregated away',
    file: 'rules.yaml',
    replace: ['sum by (job) (rate(http_requests_total[1m]))', 'sum(rate(http_requests_total[1m]))'],
    expect: 'recorded no series with job="app"',
  },
  {
    name: 'severity label forgotten',
    file: 'rules.yaml',
    replace: ['        labels:\n          severity: page\n', ''],
    expect: 'severity="page"',
  },
];
