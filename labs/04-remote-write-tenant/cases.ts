/** The attempts the dev-check proves this lab's checker against (labs/kit/cases.ts). */
import type { Edit } from '../kit/cases.ts';
import { defineCases } from '../kit/cases.ts';

const FILE = 'prometheus.yml';

/** A replacement in prometheus.yml. */
const swap = (from: string, to: string): Edit => ({ file: FILE, replace: [from, to] });

const NO_HEADER = swap('    headers:\n      X-Scope-OrgID: lab-04\n', '');
const TENANT_TYPO = swap('X-Scope-OrgID: lab-04', 'X-Scope-OrgID: lab04');
/** After the endpoint's url: a rule that sends only `up`. */
const KEEP_ONLY_UP = swap(
  '  - url: http://mimir:9009/api/v1/push\n',
  '  - url: http://mimir:9009/api/v1/push\n    write_relabel_configs:\n      - source_labels: [__name__]\n        regex: up\n        action: keep\n',
);

export default defineCases({
  mistakes: [
    {
      name: 'tenant header left out',
      edits: [NO_HEADER],
      expect: 'X-Scope-OrgID',
    },
    {
      name: 'tenant misspelt',
      edits: [TENANT_TYPO],
      expect: 'in tenant lab04, not lab-04',
    },
    {
      name: 'headers indented under the wrong key',
      edits: [swap('    queue_config:\n      # Send', '    queue_config:\n      headers: {}\n      # Send')],
      expect: 'field headers not found in type config.QueueConfig',
    },
    {
      name: 'a write_relabel_configs rule that sends only some series',
      edits: [KEEP_ONLY_UP],
      expect: 'are not in tenant lab-04',
    },
    {
      // Every scrape fails, and each failure still sends up=0: that is not the app arriving.
      name: 'the app scraped on a port nothing listens on',
      edits: [swap("targets: ['app:8080']", "targets: ['app:8081']")],
      expect: 'is down in your Prometheus (up is 0)',
    },
    {
      name: 'a second endpoint into another tenant',
      edits: [
        swap(
          '    queue_config:\n',
          '    queue_config:\n      batch_send_deadline: 1s\n  - url: http://mimir:9009/api/v1/push\n    headers:\n      X-Scope-OrgID: lab-04-copy\n    queue_config:\n',
        ),
      ],
      expect: 'and also in tenant lab-04-copy',
    },
    {
      // Native histograms are a series of their own kind: a queue sends them only when told to.
      name: 'native histograms scraped but not sent',
      edits: [swap('  scrape_interval: 5s\n', '  scrape_interval: 5s\n  scrape_native_histograms: true\n')],
      expect: 'send_native_histograms: true',
    },
    {
      name: 'push path misspelt',
      edits: [swap('url: http://mimir:9009/api/v1/push', 'url: http://mimir:9009/api/v1/write')],
      expect: '404',
    },
  ],
  alternatives: [
    {
      // Prometheus's defaults: a 1m scrape interval and a 5s batch deadline. The waits must
      // follow the file, not the stack's 5s.
      name: 'defaults left out (no global section, no queue_config)',
      edits: [
        {
          file: FILE,
          text: [
            'scrape_configs:',
            '  - job_name: app',
            '    static_configs:',
            "      - targets: ['app:8080']",
            'remote_write:',
            '  - url: http://mimir:9009/api/v1/push',
            '    headers:',
            '      X-Scope-OrgID: lab-04',
            '',
          ].join('\n'),
        },
      ],
    },
    {
      name: 'flow style, a named endpoint, quoted keys, native histograms scraped and sent',
      edits: [
        {
          file: FILE,
          text: [
            'global: { scrape_interval: 5s, scrape_native_histograms: true }',
            "scrape_configs: [{ job_name: app, static_configs: [{ targets: ['app:8080'] }] }]",
            'remote_write:',
            '  - { name: lab-04, url: "http://mimir:9009/api/v1/push", headers: { "X-Scope-OrgID": "lab-04" },',
            '      send_native_histograms: true, queue_config: { batch_send_deadline: 2s } }',
            '',
          ].join('\n'),
        },
      ],
    },
    {
      // Adding a label to every series still delivers every series.
      name: 'write_relabel_configs that add a label and keep everything',
      edits: [
        swap(
          '  - url: http://mimir:9009/api/v1/push\n',
          '  - url: http://mimir:9009/api/v1/push\n    write_relabel_configs:\n      - target_label: sender\n        replacement: lab-04-prometheus\n',
        ),
      ],
    },
    {
      name: 'a second job, scraping this Prometheus itself, with its own interval',
      edits: [
        swap(
          "      - targets: ['app:8080']\n",
          "      - targets: ['app:8080']\n  - job_name: self\n    scrape_interval: 3s\n    static_configs:\n      - targets: ['localhost:19040']\n",
        ),
      ],
    },
  ],
  sequences: [
    {
      name: 'pass, then misspell the tenant, then re-check',
      steps: [{ expect: 'pass' }, { edits: [TENANT_TYPO], expect: { fail: 'in tenant lab04, not lab-04' } }],
    },
    {
      name: 'pass, then send only up, then re-check',
      steps: [{ expect: 'pass' }, { edits: [KEEP_ONLY_UP], expect: { fail: 'are not in tenant lab-04' } }],
    },
    {
      name: 'header left out, then added, then re-check',
      steps: [{ edits: [NO_HEADER], expect: { fail: 'X-Scope-OrgID' } }, { expect: 'pass' }],
    },
  ],
});
