/** The attempts the dev-check proves this lab's checker against (labs/kit/cases.ts). */
import type { Edit } from '../kit/cases.ts';
import { defineCases } from '../kit/cases.ts';

const FILE = 'scrape.yml';

/** A replacement in scrape.yml. */
const swap = (from: string, to: string): Edit => ({ file: FILE, replace: [from, to] });

const REGEX = 'regex: prometheus_remote_storage_.+|prometheus_tsdb_head_series';
const DROP_INSTEAD = swap('action: keep', 'action: drop');
/** solution/'s rule, moved from the samples to the target. */
const ON_THE_TARGET = swap('    metric_relabel_configs:\n', '    relabel_configs:\n');

/** A whole scrape.yml. */
const file = (...lines: string[]): Edit => ({
  file: FILE,
  text: ['scrape_configs:', ...lines, ''].join('\n'),
});

export default defineCases({
  mistakes: [
    {
      name: 'job name in capitals',
      edits: [swap('job_name: meta', 'job_name: Meta')],
      expect: 'did you name the job `Meta`?',
    },
    {
      name: 'no sample_limit',
      edits: [swap('    sample_limit: 200\n', '')],
      expect: 'has no sample_limit',
    },
    {
      name: 'a sample_limit above the lab’s',
      edits: [swap('sample_limit: 200', 'sample_limit: 5000')],
      expect: 'sample_limit is 5000',
    },
    {
      name: 'sample_limit under the target group instead of the job',
      edits: [
        swap('    sample_limit: 200\n', ''),
        swap(
          "      - targets: ['prometheus:9090']\n",
          "      - targets: ['prometheus:9090']\n        sample_limit: 200\n",
        ),
      ],
      expect: 'field sample_limit not found',
    },
    {
      name: 'the keep rule in relabel_configs',
      edits: [ON_THE_TARGET],
      expect: 'drops the target: a target has no metric name yet',
    },
    {
      // Everything but the lab's metrics: over 600 samples, so the limit fails the scrape.
      name: 'drop instead of keep',
      edits: [DROP_INSTEAD],
      expect: 'sample limit exceeded',
    },
    {
      name: 'a regex without .+, as if unanchored',
      edits: [swap(REGEX, 'regex: prometheus_remote_storage_|prometheus_tsdb_head_series')],
      expect: 'regexes are anchored at both ends',
    },
    {
      name: 'no source_labels',
      edits: [swap('      - source_labels: [__name__]\n        regex:', '      - regex:')],
      expect: 'add `source_labels: [__name__]`',
    },
    {
      name: 'the head series forgotten',
      edits: [swap(REGEX, 'regex: prometheus_remote_storage_.+')],
      expect: 'drops 1 of the',
    },
    {
      name: 'every head metric kept too',
      edits: [swap(REGEX, 'regex: prometheus_(remote_storage|tsdb_head)_.+')],
      expect: 'that are not a remote-write metric',
    },
    {
      name: 'the app scraped instead of Prometheus',
      edits: [swap("targets: ['prometheus:9090']", "targets: ['app:8080']")],
      expect: 'scrapes app:8080, not Prometheus',
    },
  ],
  alternatives: [
    {
      name: 'one flow-style job, a lower limit, one alternation',
      edits: [
        file(
          "  - { job_name: meta, sample_limit: 100, static_configs: [{ targets: ['prometheus:9090'] }],",
          "      metric_relabel_configs: [{ source_labels: [__name__], regex: 'prometheus_(remote_storage_.+|tsdb_head_series)', action: keep }] }",
        ),
      ],
    },
    {
      name: 'a drop rule before the keep, a label dropped, an interval of its own',
      edits: [
        file(
          '  - job_name: meta',
          '    scrape_interval: 10s',
          '    scrape_timeout: 5s',
          '    sample_limit: 150',
          '    static_configs:',
          '      - targets:',
          '          - prometheus:9090',
          '    metric_relabel_configs:',
          '      - source_labels: [__name__]',
          "        regex: '(go|process|promhttp|net)_.*'",
          '        action: drop',
          '      - action: keep',
          '        source_labels: [__name__]',
          '        regex: prometheus_tsdb_head_series|prometheus_remote_storage_.*',
          '      - action: labeldrop',
          '        regex: url',
        ),
      ],
    },
    {
      name: 'a readable instance label',
      edits: [
        swap(
          "      - targets: ['prometheus:9090']\n",
          "      - targets: ['prometheus:9090']\n    relabel_configs:\n      - target_label: instance\n        replacement: stack-prometheus\n",
        ),
      ],
    },
  ],
  sequences: [
    {
      // The previous scrape's samples are the lean ones: only scrapes after the reload count.
      name: 'pass, then drop instead of keep (same job name), then re-check',
      steps: [{ expect: 'pass' }, { edits: [DROP_INSTEAD], expect: { fail: 'sample limit exceeded' } }],
    },
    {
      name: 'start/ fails, solution passes, the rule moves to the target, it comes back',
      steps: [
        { from: 'start', expect: { fail: 'has no sample_limit' } },
        { expect: 'pass' },
        { edits: [ON_THE_TARGET], expect: { fail: 'drops the target' } },
        { expect: 'pass' },
      ],
    },
  ],
});
