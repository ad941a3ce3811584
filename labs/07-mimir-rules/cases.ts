/** The attempts the dev-check proves this lab's checker against (labs/kit/cases.ts). */
import { defineCases } from '../kit/index.ts';

export default defineCases({
  mistakes: [
    {
      name: 'record name with a typo',
      edits: [
        {
          file: 'rules.yaml',
          replace: ['- record: job:http_requests:rate1m', '- record: job:http_request:rate1m'],
        },
      ],
      expect: 'did you name it `job:http_request:rate1m`?',
    },
    {
      name: 'a PromQL syntax error',
      edits: [
        {
          file: 'rules.yaml',
          replace: [
            'sum by (job) (rate(http_requests_total[1m]))',
            'sum by (job) (rate(http_requests_total[1m])',
          ],
        },
      ],
      expect: 'rules.yaml: 17:15: group "app", rule 1',
    },
    {
      name: 'the job label aggregated away',
      edits: [
        {
          file: 'rules.yaml',
          replace: ['sum by (job) (rate(http_requests_total[1m]))', 'sum(rate(http_requests_total[1m]))'],
        },
      ],
      expect: 'recorded no series with job="app"',
    },
    {
      name: 'severity label forgotten',
      edits: [{ file: 'rules.yaml', replace: ['        labels:\n          severity: page\n', ''] }],
      expect: 'severity="page"',
    },
  ],
  alternatives: [],
  sequences: [],
});
