/** The attempts the dev-check proves this lab's checker against (labs/kit/cases.ts). */
import { defineCases } from '../kit/cases.ts';

const FILE = 'rules.yaml';
const RATE = 'sum by (job) (rate(http_requests_total[1m]))';
const STOPPED = 'job:http_requests:rate1m{job="app"} == 0';
const ABSENT = 'absent(job:http_requests:rate1m{job="app"})';

/** The solution's recording rule expression, replaced. */
const recordExpr = (expr: string) => ({ file: FILE, replace: [RATE, expr] as const });
/** The solution's alert expression, replaced. */
const alertExpr = (expr: string) => ({ file: FILE, replace: [`${STOPPED} or ${ABSENT}`, expr] as const });

/** A correct file with an extra alert label that is an unquoted number: the ruler has the string "1". */
const numberLabel = {
  file: FILE,
  replace: ['          severity: page\n', '          severity: page\n          priority: 1\n'] as const,
};

export default defineCases({
  mistakes: [
    {
      name: 'record name with a typo',
      edits: [
        {
          file: FILE,
          replace: ['- record: job:http_requests:rate1m', '- record: job:http_request:rate1m'],
        },
      ],
      expect: 'did you name it `job:http_request:rate1m`?',
    },
    {
      name: 'a PromQL syntax error',
      edits: [recordExpr('sum by (job) (rate(http_requests_total[1m])')],
      expect: 'rules.yaml: 17:15: group "app", rule 1',
    },
    {
      name: 'the job label aggregated away',
      edits: [recordExpr('sum(rate(http_requests_total[1m]))')],
      expect: 'recorded no series with job="app"',
    },
    {
      name: 'severity label forgotten',
      edits: [{ file: FILE, replace: ['        labels:\n          severity: page\n', ''] }],
      expect: 'severity="page"',
    },
    {
      name: 'for: 5m instead of 1m',
      edits: [{ file: FILE, replace: ['for: 1m', 'for: 5m'] }],
      expect: 'has `for: 5m`; the goal is `for: 1m`',
    },
    {
      name: 'no for: at all',
      edits: [{ file: FILE, replace: ['        for: 1m\n', ''] }],
      expect: 'fires at its first evaluation',
    },
    {
      name: 'only == 0: silent when the series is missing',
      edits: [alertExpr(STOPPED)],
      expect: `add \`or ${ABSENT}\``,
    },
    {
      name: 'only absent(): silent when the rate is 0',
      edits: [alertExpr(ABSENT)],
      expect: 'stops rising',
    },
    {
      name: 'absent() without the job="app" matcher',
      edits: [alertExpr(`${STOPPED} or absent(job:http_requests:rate1m)`)],
      expect: 'keep the job="app" matcher',
    },
    {
      name: 'increase() recorded as the rate',
      edits: [recordExpr('sum by (job) (increase(http_requests_total[1m]))')],
      expect: 'requests/s over that minute',
    },
    {
      name: 'summed by job and route',
      edits: [recordExpr('sum by (job, route) (rate(http_requests_total[1m]))')],
      expect: 'keeps `route` besides job',
    },
    {
      name: 'an alert that holds while the app serves requests',
      edits: [alertExpr(`job:http_requests:rate1m{job="app"} >= 0 or ${ABSENT}`)],
      expect: 'pending while the app serves requests',
    },
  ],
  alternatives: [
    {
      name: 'the alert listed before the recording rule it reads',
      edits: [
        {
          file: FILE,
          text: `groups:
  - name: app
    rules:
      - alert: AppRequestsStopped
        expr: ${STOPPED} or ${ABSENT}
        for: 1m
        labels:
          severity: page
      - record: job:http_requests:rate1m
        expr: ${RATE}
`,
        },
      ],
    },
    {
      name: 'an extra alert label that is an unquoted number, and more annotations',
      edits: [
        numberLabel,
        {
          file: FILE,
          replace: [
            '          summary: The app has served no requests for a minute.\n',
            '          summary: The app has served no requests for a minute.\n          runbook_url: https://example.com/runbooks/app\n          priority_note: 2\n',
          ],
        },
      ],
    },
    {
      name: 'older spellings: sum() by (job), [60s], for: 60s, absent() first, a folded expression, flow-style labels, keep_firing_for',
      edits: [
        {
          file: FILE,
          text: `groups:
  - name: "app"
    rules:
      - record: "job:http_requests:rate1m"
        expr: sum(rate(http_requests_total[60s])) by (job)
      - alert: "AppRequestsStopped"
        expr: >-
          absent(job:http_requests:rate1m{job="app"})
          or
          (job:http_requests:rate1m{job="app"} == 0)
        for: 60s
        keep_firing_for: 30s
        labels: { severity: "page" }
`,
        },
      ],
    },
    {
      name: 'two groups, each with its own interval: 10s',
      edits: [
        {
          file: FILE,
          text: `groups:
  - name: recording
    interval: 10s
    rules:
      - record: job:http_requests:rate1m
        expr: ${RATE}
  - name: alerting
    interval: 10s
    rules:
      - alert: AppRequestsStopped
        expr: ${STOPPED} or ${ABSENT}
        for: 1m
        labels:
          severity: page
`,
        },
      ],
    },
  ],
  sequences: [
    {
      name: 'pass, then sum the job label away under the same names, re-check',
      steps: [
        { expect: 'pass' },
        {
          edits: [recordExpr('sum(rate(http_requests_total[1m]))')],
          expect: { fail: 'recorded no series with job="app"' },
        },
      ],
    },
    {
      name: 'fail with increase(), fix it to rate() under the same names, re-check',
      steps: [
        {
          edits: [recordExpr('sum by (job) (increase(http_requests_total[1m]))')],
          expect: { fail: 'requests/s over that minute' },
        },
        { expect: 'pass' },
      ],
    },
    {
      name: 'pass, re-check unchanged, then add an unquoted number label, re-check',
      steps: [{ expect: 'pass' }, { expect: 'pass' }, { edits: [numberLabel], expect: 'pass' }],
    },
  ],
});
