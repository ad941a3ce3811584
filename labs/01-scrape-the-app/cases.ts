/** The attempts the dev-check proves this lab's checker against (labs/kit/cases.ts). */
import type { Edit } from '../kit/cases.ts';
import { defineCases } from '../kit/cases.ts';

const FILE = 'scrape.yml';

/** solution/'s two relabel rules, as they stand in the file. */
const RULES =
  '      - target_label: team\n        replacement: shop\n' +
  '      # instance defaults to __address__ (app:8080, or 127.0.0.1:8080 natively). A stable,\n' +
  '      # readable name survives a port or host change.\n' +
  '      - target_label: instance\n        replacement: shop-api\n';

/** A replacement in scrape.yml. */
const swap = (from: string, to: string): Edit => ({ file: FILE, replace: [from, to] });

const TEAM_RULE = swap('      - target_label: team\n        replacement: shop\n', '');
const INSTANCE_TYPO = swap('replacement: shop-api', 'replacement: shop_api');
const WRONG_PORT = swap("targets: ['app:8080']", "targets: ['app:8081']");
/** A target setting no label shows: only the pool's sync after the reload proves it applies. */
const WRONG_PATH = swap('    static_configs:\n', '    metrics_path: /metric\n    static_configs:\n');

export default defineCases({
  mistakes: [
    {
      name: 'job name with an underscore',
      edits: [swap('job_name: gin-app', 'job_name: gin_app')],
      expect: 'did you name the job `gin_app`?',
    },
    {
      name: 'job named like the stack’s own',
      edits: [swap('job_name: gin-app', 'job_name: app')],
      expect: 'job "app" already exists',
    },
    {
      name: 'misspelt key',
      edits: [swap('static_configs:', 'static_config:')],
      expect: 'field static_config not found',
    },
    {
      name: 'team label forgotten',
      edits: [TEAM_RULE],
      expect: 'label team is missing',
    },
    {
      name: 'instance value misspelt',
      edits: [INSTANCE_TYPO],
      expect: 'instance="shop_api" (want "shop-api")',
    },
    {
      // up is 0 for a target that does not answer: it must not count as scraped.
      name: 'target on a port nothing listens on',
      edits: [WRONG_PORT],
      expect: 'is down',
    },
    {
      name: 'labels set in metric_relabel_configs instead of relabel_configs',
      edits: [swap('    relabel_configs:\n', '    metric_relabel_configs:\n')],
      expect: 'metric_relabel_configs run on each scraped sample',
    },
    {
      // up and the target carry the labels, but every scraped series loses team again.
      name: 'a metric_relabel_configs rule drops the team label',
      edits: [
        swap(RULES, `${RULES}    metric_relabel_configs:\n      - regex: team\n        action: labeldrop\n`),
      ],
      expect: 'do not carry team="shop" and instance="shop-api"',
    },
    {
      name: 'a relabel rule that drops the target',
      edits: [
        swap(RULES, `${RULES}      - source_labels: [team]\n        regex: shop\n        action: drop\n`),
      ],
      expect: 'your relabel_configs drop job gin-app',
    },
    {
      name: 'metrics path misspelt',
      edits: [WRONG_PATH],
      expect: '404',
    },
  ],
  alternatives: [
    {
      name: 'one flow-style list item',
      edits: [
        {
          file: FILE,
          text: [
            'scrape_configs:',
            '  - { job_name: gin-app, static_configs: [{ targets: [app:8080] }],',
            '      relabel_configs: [{ target_label: team, replacement: shop }, { target_label: instance, replacement: shop-api }] }',
            '',
          ].join('\n'),
        },
      ],
    },
    {
      name: 'explicit replace rules reading __address__, and a job interval of its own',
      edits: [
        {
          file: FILE,
          text: [
            'scrape_configs:',
            '  - job_name: "gin-app"',
            '    scrape_interval: 3s',
            '    scrape_timeout: 2s',
            '    metrics_path: /metrics',
            '    scheme: http',
            '    static_configs:',
            '      - targets:',
            '          - "app:8080"',
            '    relabel_configs:',
            '      - action: replace',
            '        source_labels: [__address__]',
            "        regex: '.*'",
            '        target_label: team',
            '        replacement: shop',
            '      - action: replace',
            '        source_labels: [__address__]',
            "        regex: '(.+):8080'",
            '        target_label: instance',
            '        replacement: shop-api',
            '',
          ].join('\n'),
        },
      ],
    },
    {
      name: 'team as a target-group label, instance by relabelling',
      edits: [
        {
          file: FILE,
          text: [
            'scrape_configs:',
            '  - job_name: gin-app',
            '    static_configs:',
            "      - targets: ['app:8080']",
            '        labels:',
            '          team: shop',
            '    relabel_configs:',
            '      - target_label: instance',
            '        replacement: shop-api',
            '',
          ].join('\n'),
        },
      ],
    },
    {
      name: 'metric_relabel_configs that leave team and instance alone',
      edits: [
        swap(
          RULES,
          `${RULES}    metric_relabel_configs:\n      - source_labels: [__name__]\n        regex: go_gc_duration_seconds.*\n        action: drop\n`,
        ),
      ],
    },
  ],
  sequences: [
    {
      // The old target keeps its team label until discovery runs again: the checker must not
      // judge it.
      name: 'pass, then drop the team rule (same job name), then re-check',
      steps: [{ expect: 'pass' }, { edits: [TEAM_RULE], expect: { fail: 'label team is missing' } }],
    },
    {
      name: 'pass, then point the job at a wrong port, then re-check',
      steps: [{ expect: 'pass' }, { edits: [WRONG_PORT], expect: { fail: 'is down' } }],
    },
    {
      name: 'pass, then misspell the metrics path (same labels), then re-check',
      steps: [{ expect: 'pass' }, { edits: [WRONG_PATH], expect: { fail: '404' } }],
    },
    {
      name: 'instance misspelt, then fixed, then re-check',
      steps: [{ edits: [INSTANCE_TYPO], expect: { fail: 'instance="shop_api"' } }, { expect: 'pass' }],
    },
    {
      name: 'start/ fails, solution passes, the team rule goes, it comes back',
      steps: [
        { from: 'start', expect: { fail: 'job `gin-app` not found' } },
        { expect: 'pass' },
        { edits: [TEAM_RULE], expect: { fail: 'label team is missing' } },
        { expect: 'pass' },
      ],
    },
  ],
});
