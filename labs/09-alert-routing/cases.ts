/** The attempts the dev-check proves this lab's checker against (labs/kit/cases.ts). */
import type { Edit } from '../kit/cases.ts';
import { defineCases } from '../kit/cases.ts';

const RULES = 'rules.yaml';
const CONFIG = 'alertmanager.yaml';

const inRules = (from: string, to: string): Edit => ({ file: RULES, replace: [from, to] });
const inConfig = (from: string, to: string): Edit => ({ file: CONFIG, replace: [from, to] });

const CHILD_ROUTE = `    - matchers: ['severity="critical"']\n      receiver: shop-pager\n`;
const INHIBIT =
  '  - source_matchers: [\'severity="critical"\']\n    target_matchers: [\'severity="warning"\']\n    equal: [route]\n';
const NO_INHIBIT: Edit[] = [inConfig(INHIBIT, ''), inConfig('inhibit_rules:\n', 'inhibit_rules: []\n')];

export default defineCases({
  mistakes: [
    {
      name: 'the critical alert with the warning’s severity',
      edits: [inRules('          severity: critical\n', '          severity: warning\n')],
      expect: 'SlowRequestsCritical has labels {severity="warning"}, not severity="critical"',
    },
    {
      name: 'the critical alert waits longer than the warning',
      edits: [inRules('        for: 15s\n        # Still firing', '        for: 1m\n        # Still firing')],
      expect: 'SlowRequestsCritical waits longer (for: 1m) than SlowRequestsWarning (for: 15s)',
    },
    {
      name: 'a receiver named in a route but not defined',
      edits: [
        inConfig(
          '  - name: shop-pager\n    webhook_configs:\n      - url: http://app:8080/alerts/webhook\n',
          '',
        ),
      ],
      expect: 'undefined receiver "shop-pager" used in route',
    },
    {
      name: 'a misspelt key in a webhook config',
      edits: [
        inConfig(
          '      - url: http://app:8080/alerts/webhook\ninhibit',
          '      - url: http://app:8080/alerts/webhook\n        sendresolved: true\ninhibit',
        ),
      ],
      expect: 'field sendresolved not found',
    },
    {
      name: 'a webhook URL with the wrong path',
      edits: [
        inConfig(
          '  - name: shop-pager\n    webhook_configs:\n      - url: http://app:8080/alerts/webhook\n',
          '  - name: shop-pager\n    webhook_configs:\n      - url: http://app:8080/alerts\n',
        ),
      ],
      expect: 'receiver shop-pager sends to http://app:8080/alerts, which is not',
    },
    {
      name: 'no child route for critical alerts',
      edits: [
        inConfig(
          `  routes:\n    # The first child route that matches takes the alert (unless it says continue: true);\n    # an alert no child matches stays with the parent's receiver.\n${CHILD_ROUTE}`,
          '',
        ),
      ],
      expect: 'the route sends SlowRequestsCritical (severity="critical") to shop-oncall, not to shop-pager',
    },
    {
      name: 'a child route whose matcher differs in case',
      edits: [
        inConfig(
          `'severity="critical"']\n      receiver: shop-pager`,
          `'severity="Critical"']\n      receiver: shop-pager`,
        ),
      ],
      expect: 'matchers compare exact values, case included',
    },
    {
      name: 'no inhibit rule',
      edits: NO_INHIBIT,
      expect: 'has no inhibit_rules, so SlowRequestsWarning would be sent',
    },
    {
      // equal names labels whose values must be the same on both: severity never is.
      name: 'an inhibit rule that wants the severity equal',
      edits: [inConfig('    equal: [route]\n', '    equal: [severity]\n')],
      expect: 'not inhibited by SlowRequestsCritical',
    },
    {
      name: 'the inhibit rule the wrong way round',
      edits: [
        inConfig(
          INHIBIT,
          '  - source_matchers: [\'severity="warning"\']\n    target_matchers: [\'severity="critical"\']\n    equal: [route]\n',
        ),
      ],
      expect: 'SlowRequestsCritical is itself inhibited',
    },
  ],
  alternatives: [
    {
      name: 'the older match and source_match/target_match forms, and group_by with route',
      edits: [
        inConfig(CHILD_ROUTE, '    - match: { severity: critical }\n      receiver: shop-pager\n'),
        inConfig(
          INHIBIT,
          '  - source_match: { severity: critical }\n    target_match: { severity: warning }\n    equal: [route]\n',
        ),
        inConfig('  group_by: [alertname]\n', '  group_by: [alertname, route]\n'),
      ],
    },
    {
      name: 'a regex matcher, send_resolved spelt out, and a route that continues to a sibling that matches nothing',
      edits: [
        inConfig(
          CHILD_ROUTE,
          `    - matchers: ['severity=~"critical|page"']\n      receiver: shop-pager\n      continue: true\n    - matchers: ['team="payments"']\n      receiver: shop-oncall\n`,
        ),
        inConfig(
          '  - name: shop-pager\n    webhook_configs:\n      - url: http://app:8080/alerts/webhook\n',
          '  - name: shop-pager\n    webhook_configs:\n      - url: "http://app:8080/alerts/webhook"\n        send_resolved: true\n',
        ),
      ],
    },
    {
      name: 'the critical alert without keep_firing_for, written on one line with by after the aggregation',
      edits: [
        {
          file: RULES,
          text: [
            'groups:',
            '  - name: shop-latency',
            '    interval: 5s',
            '    rules:',
            '      - alert: SlowRequestsWarning',
            '        expr: histogram_quantile(0.99, sum(rate(http_request_duration_seconds_bucket{job="app", route="/api/slow"}[1m])) by (le, route)) > 0.5',
            '        for: 15s',
            '        labels: { severity: warning }',
            '      - alert: SlowRequestsCritical',
            '        expr: histogram_quantile(0.99, sum(rate(http_request_duration_seconds_bucket{job="app", route="/api/slow"}[1m])) by (le, route)) > 1',
            '        for: 15s',
            '        labels: { severity: critical }',
            '',
          ].join('\n'),
        },
      ],
    },
  ],
  sequences: [
    {
      // The Alertmanager does not notify a group twice within repeat_interval: a re-check must
      // find the notification it sent the first time.
      name: 'pass, then check again unchanged',
      steps: [{ expect: 'pass' }, { expect: 'pass' }],
    },
    {
      name: 'pass, then the inhibit rule goes, then it comes back',
      steps: [
        { expect: 'pass' },
        { edits: NO_INHIBIT, expect: { fail: 'has no inhibit_rules' } },
        { expect: 'pass' },
      ],
    },
    {
      name: 'start/ fails, the solution passes',
      steps: [{ from: 'start', expect: { fail: 'SlowRequestsCritical' } }, { expect: 'pass' }],
    },
  ],
});
