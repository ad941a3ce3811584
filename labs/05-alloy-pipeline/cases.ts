/** The attempts the dev-check proves this lab's checker against (labs/kit/cases.ts). */
import { defineCases } from '../kit/cases.ts';

const FILE = 'config.alloy';
const ENV_RULE = `  rule {
    target_label = "env"
    replacement  = "workshop"
  }
`;
const DROP_RULE = `  rule {
    source_labels = ["__name__"]
    regex         = "go_gc_duration_seconds.*"
    action        = "drop"
  }
`;
const TENANT = '    headers = { "X-Scope-OrgID" = "lab-05" }\n';
const ANCHORED: [string, string] = [
  'regex         = "go_gc_duration_seconds.*"',
  'regex         = "go_gc_duration_seconds"',
];
const TYPO: [string, string] = ['"X-Scope-OrgID" = "lab-05"', '"X-Scope-OrgID" = "lab05"'];

/** A whole config.alloy in another style than solution/: the pieces vary, the goal does not. */
function pipeline(parts: {
  readonly scrape?: string;
  readonly relabel: string;
  readonly relabelName: string;
  readonly writeName: string;
  readonly queue?: string;
}): string {
  return `prometheus.scrape "app" {
  targets    = [{ "__address__" = "app:8080" }]
  job_name   = "lab-05-app"
${parts.scrape ?? '  scrape_interval = "5s"\n  scrape_timeout  = "4s"\n'}  forward_to = [prometheus.relabel.${parts.relabelName}.receiver]
}

prometheus.relabel "${parts.relabelName}" {
${parts.relabel}
  forward_to = [prometheus.remote_write.${parts.writeName}.receiver]
}

prometheus.remote_write "${parts.writeName}" {
  endpoint {
    url     = "http://mimir:9009/api/v1/push"
    headers = {
      "X-Scope-OrgID" = "lab-05",
    }
${parts.queue ?? ''}  }
}
`;
}

export default defineCases({
  mistakes: [
    {
      name: 'tenant header left out',
      edits: [{ file: FILE, replace: [TENANT, ''] }],
      expect: 'X-Scope-OrgID',
    },
    {
      name: 'a typo in the tenant',
      edits: [{ file: FILE, replace: TYPO }],
      expect: 'arrives in tenant "lab05"',
    },
    {
      name: 'an equals sign forgotten',
      edits: [{ file: FILE, replace: ['replacement  = "workshop"', 'replacement  "workshop"'] }],
      expect: 'config.alloy:27',
    },
    {
      name: 'regex without .* (anchored)',
      edits: [{ file: FILE, replace: ANCHORED }],
      expect: 'still arrive',
    },
    {
      name: 'a drop regex that matches more than the summary',
      edits: [{ file: FILE, replace: ['"go_gc_duration_seconds.*"', '"go_.*"'] }],
      expect: 'do not arrive',
    },
    {
      name: 'env added to the up series only',
      edits: [
        {
          file: FILE,
          replace: [
            '    target_label = "env"\n',
            '    source_labels = ["__name__"]\n    regex         = "up"\n    target_label  = "env"\n',
          ],
        },
      ],
      expect: 'without an env label',
    },
    {
      name: 'relabel not wired in',
      edits: [
        {
          file: FILE,
          replace: [
            'forward_to      = [prometheus.relabel.env.receiver]',
            'forward_to      = [prometheus.remote_write.mimir.receiver]',
          ],
        },
      ],
      expect: 'does not forward to prometheus.relabel.env',
    },
    {
      name: 'the target on a wrong port',
      edits: [{ file: FILE, replace: ['"app:8080"', '"app:8081"'] }],
      expect: 'connection refused',
    },
    {
      name: 'scrape_timeout left out while the interval is 5s',
      edits: [{ file: FILE, replace: ['  scrape_timeout  = "4s"\n', ''] }],
      expect: 'scrape_timeout (10s) greater than scrape_interval (5s)',
    },
  ],
  alternatives: [
    {
      name: 'the drop rule first, its regex spelled out, the env rule with explicit replace',
      edits: [
        {
          file: FILE,
          text: pipeline({
            relabelName: 'env',
            writeName: 'mimir',
            relabel: `  rule {
    action        = "drop"
    source_labels = ["__name__"]
    regex         = "go_gc_duration_seconds(_sum|_count)?"
  }

  rule {
    action        = "replace"
    source_labels = ["__name__"]
    regex         = "(.*)"
    target_label  = "env"
    replacement   = "workshop"
  }`,
            queue: '\n    queue_config {\n      batch_send_deadline = "1s"\n    }\n',
          }),
        },
      ],
    },
    {
      name: 'other component labels, batch_send_deadline left at its default',
      edits: [
        {
          file: FILE,
          text: pipeline({
            relabelName: 'workshop',
            writeName: 'default',
            relabel: `${ENV_RULE}\n${DROP_RULE}`,
          }),
        },
      ],
    },
    {
      name: 'scraped every 10s, scrape_timeout left at its default',
      edits: [
        {
          file: FILE,
          text: pipeline({
            scrape: '  scrape_interval = "10s"\n',
            relabelName: 'env',
            writeName: 'mimir',
            relabel: `${DROP_RULE}\n${ENV_RULE}`,
            queue: '\n    queue_config {\n      batch_send_deadline = "2s"\n    }\n',
          }),
        },
      ],
    },
  ],
  sequences: [
    {
      name: 'pass, then a typo in the tenant, then fixed',
      steps: [
        { expect: 'pass' },
        { edits: [{ file: FILE, replace: TYPO }], expect: { fail: 'arrives in tenant "lab05"' } },
        { expect: 'pass' },
      ],
    },
    {
      name: 'the anchored regex, fixed, then the env rule removed (same component names)',
      steps: [
        { edits: [{ file: FILE, replace: ANCHORED }], expect: { fail: 'still arrive' } },
        { expect: 'pass' },
        { edits: [{ file: FILE, replace: [ENV_RULE, ''] }], expect: { fail: 'without an env label' } },
      ],
    },
  ],
});
