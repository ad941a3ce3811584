/** The attempts the dev-check proves this lab's checker against (labs/kit/cases.ts). */
import { defineCases } from '../kit/cases.ts';

const FILE = 'config.alloy';
const SOURCE = 'prometheus.yml';
/** The converter's block for job "prometheus", as solution/config.alloy has it. */
const PROMETHEUS_BLOCK = `prometheus.scrape "prometheus" {
\ttargets = [{
\t\t__address__ = "prometheus:9090",
\t}]
\tforward_to      = [prometheus.remote_write.default.receiver]
\tjob_name        = "prometheus"
\tscrape_interval = "5s"
\tscrape_timeout  = "4s"
}
`;
const PROMETHEUS_JOB = `  # The stack's Prometheus scrapes its own metrics; scraping it from Alloy shows that the
  # conversion keeps a job's labels and path.
  - job_name: prometheus
    static_configs:
      - targets: ['prometheus:9090']
`;
const TYPO: [string, string] = ['"X-Scope-OrgID" = "lab-06"', '"X-Scope-OrgID" = "lab06"'];
const WRONG_PORT: [string, string] = ['"prometheus:9090"', '"prometheus:9091"'];

/** The remote_write the converter writes, under another name and without its empty metadata block. */
const remoteWrite = (name: string): string => `prometheus.remote_write "${name}" {
  endpoint {
    url     = "http://mimir:9009/api/v1/push"
    headers = { "X-Scope-OrgID" = "lab-06" }

    queue_config {
      batch_send_deadline = "1s"
    }
  }
}
`;

export default defineCases({
  mistakes: [
    {
      name: 'tenant header deleted while tidying up',
      edits: [
        {
          file: FILE,
          replace: ['\t\theaders = {\n\t\t\t"X-Scope-OrgID" = "lab-06",\n\t\t}\n', ''],
        },
      ],
      expect: 'X-Scope-OrgID',
    },
    {
      name: 'a typo in the tenant',
      edits: [{ file: FILE, replace: TYPO }],
      expect: 'arrives in tenant "lab06"',
    },
    {
      name: 'a job lost on the way',
      edits: [{ file: FILE, replace: ['job_name        = "prometheus"', 'job_name        = "prom"'] }],
      expect: 'job "prometheus"',
    },
    {
      name: 'a job deleted from the output only',
      edits: [{ file: FILE, replace: [PROMETHEUS_BLOCK, ''] }],
      expect: 'no target has job "prometheus"',
    },
    {
      name: 'a job deleted from both the input and the output',
      edits: [
        { file: FILE, replace: [PROMETHEUS_BLOCK, ''] },
        { file: SOURCE, replace: [PROMETHEUS_JOB, ''] },
      ],
      expect: 'no longer has job "prometheus"',
    },
    {
      name: 'a target on a wrong port',
      edits: [{ file: FILE, replace: WRONG_PORT }],
      expect: 'connection refused',
    },
    {
      name: 'the push path mistyped',
      edits: [{ file: FILE, replace: ['/api/v1/push"', '/api/v1/pushes"'] }],
      expect: 'HTTP 404 Not Found',
    },
    {
      name: 'a brace deleted',
      edits: [
        {
          file: FILE,
          replace: ['\t\tmetadata_config { }\n\t}\n}', '\t\tmetadata_config { }\n\t}\n'],
        },
      ],
      expect: 'config.alloy:',
    },
  ],
  alternatives: [
    {
      name: 'one prometheus.scrape for both jobs, the job label on each target',
      edits: [
        {
          file: FILE,
          text: `prometheus.scrape "everything" {
  targets = [
    { "__address__" = "app:8080", "job" = "app" },
    { "__address__" = "prometheus:9090", "job" = "prometheus" },
  ]
  scrape_interval = "5s"
  scrape_timeout  = "4s"
  forward_to      = [prometheus.remote_write.mimir.receiver]
}

${remoteWrite('mimir')}`,
        },
      ],
    },
    {
      name: 'tidied by hand: remote_write renamed, metadata_config dropped, spaces for tabs',
      edits: [
        {
          file: FILE,
          text: ['app:8080', 'prometheus:9090']
            .map((address) => {
              const job = address.split(':')[0] ?? '';
              return `prometheus.scrape "${job}" {
  job_name        = "${job}"
  targets         = [{ __address__ = "${address}" }]
  scrape_interval = "5s"
  scrape_timeout  = "4s"
  forward_to      = [prometheus.remote_write.mimir.receiver]
}
`;
            })
            .concat(remoteWrite('mimir'))
            .join('\n'),
        },
      ],
    },
    {
      name: 'the intervals left to Alloy (scrape every 1m, timeout 10s, deadline 5s)',
      edits: [
        {
          file: FILE,
          text: `prometheus.scrape "app" {
  targets    = [{ __address__ = "app:8080" }]
  job_name   = "app"
  forward_to = [prometheus.remote_write.default.receiver]
}

prometheus.scrape "prometheus" {
  targets    = [{ __address__ = "prometheus:9090" }]
  job_name   = "prometheus"
  forward_to = [prometheus.remote_write.default.receiver]
}

prometheus.remote_write "default" {
  endpoint {
    url     = "http://mimir:9009/api/v1/push"
    headers = { "X-Scope-OrgID" = "lab-06" }
  }
}
`,
        },
      ],
    },
  ],
  sequences: [
    {
      name: 'pass, then a target port changed (same job names)',
      steps: [
        { expect: 'pass' },
        { edits: [{ file: FILE, replace: WRONG_PORT }], expect: { fail: 'connection refused' } },
      ],
    },
    {
      name: 'a typo in the tenant, fixed, then a job deleted from both files',
      steps: [
        { edits: [{ file: FILE, replace: TYPO }], expect: { fail: 'arrives in tenant "lab06"' } },
        { expect: 'pass' },
        {
          edits: [
            { file: FILE, replace: [PROMETHEUS_BLOCK, ''] },
            { file: SOURCE, replace: [PROMETHEUS_JOB, ''] },
          ],
          expect: { fail: 'no longer has job "prometheus"' },
        },
      ],
    },
  ],
});
