/** The attempts the dev-check proves this lab's checker against (labs/kit/cases.ts). */
import type { Edit } from '../kit/cases.ts';
import { defineCases } from '../kit/cases.ts';

const FILE = 'scrape.yml';
const TARGETS = 'targets.json';

const swap = (from: string, to: string): Edit => ({ file: FILE, replace: [from, to] });
const inTargets = (from: string, to: string): Edit => ({ file: TARGETS, replace: [from, to] });

const FILES = "      - files: ['08-discover-targets/targets.json']\n";
const KEEP_RULE = '      - source_labels: [env]\n        regex: production\n        action: keep\n';
const LABELMAP = '      - regex: __meta_cmdb_(.+)\n        action: labelmap\n';
/** Cut from solution/ with its comment lines, which the edits leave alone. */
const NO_LABELMAP = swap(LABELMAP, '');
const MIMIR_TO_PRODUCTION = inTargets('"env": "staging"', '"env": "production"');
const BROKEN_JSON = inTargets(
  '"__meta_cmdb_tier": "storage" }\n  }\n]',
  '"__meta_cmdb_tier": "storage" }\n  },\n]',
);

export default defineCases({
  mistakes: [
    {
      name: 'the addresses copied into static_configs',
      edits: [
        swap(
          `    file_sd_configs:\n${FILES}`,
          "    static_configs:\n      - targets: ['app:8080', 'alloy:12345', 'prometheus:9090']\n        labels: { env: production }\n",
        ),
      ],
      expect: "finds targets through static_configs: this lab's job reads them from targets.json only",
    },
    {
      name: 'the path written relative to the workspace',
      edits: [swap(FILES, "      - files: ['targets.json']\n")],
      expect: "no file matches 'targets.json'",
    },
    {
      name: 'a keep regex that is not anchored the way the learner thinks',
      edits: [swap('        regex: production\n', '        regex: prod\n')],
      expect: 'the regex is anchored',
    },
    {
      name: 'drop instead of keep',
      edits: [swap('        action: keep\n', '        action: drop\n')],
      expect: 'keeps mimir:9009 (env="staging")',
    },
    {
      name: 'the keep rule in metric_relabel_configs',
      edits: [swap(KEEP_RULE, ''), swap(LABELMAP, `${LABELMAP}    metric_relabel_configs:\n${KEEP_RULE}`)],
      expect: 'metric_relabel_configs run on each scraped sample',
    },
    {
      name: 'no labelmap',
      edits: [NO_LABELMAP],
      expect: 'no tier label (want tier="',
    },
    {
      name: 'labelmap with a replacement that keeps the prefix',
      edits: [swap('        action: labelmap\n', '        replacement: cmdb_$1\n        action: labelmap\n')],
      expect: 'no tier label',
    },
    {
      name: 'a trailing comma in targets.json',
      edits: [BROKEN_JSON],
      expect: 'targets.json line 14, column 1: not valid JSON',
    },
    {
      name: 'a port nothing listens on in targets.json',
      edits: [inTargets('"targets": ["app:8080"]', '"targets": ["app:8081"]')],
      expect: ':8081/metrics is down',
    },
  ],
  alternatives: [
    {
      name: 'drop the staging targets instead of keeping the production ones',
      edits: [
        swap(KEEP_RULE, '      - source_labels: [env]\n        regex: staging\n        action: drop\n'),
      ],
    },
    {
      name: 'a glob, a refresh interval, and tier by a replace rule',
      edits: [
        swap(FILES, "      - files: ['08-discover-targets/*.json']\n        refresh_interval: 30s\n"),
        swap(LABELMAP, '      - source_labels: [__meta_cmdb_tier]\n        target_label: tier\n'),
      ],
    },
    {
      name: 'flow style, a regex with an optional part, and labelmap with its replacement spelt out',
      edits: [
        {
          file: FILE,
          text: [
            'scrape_configs:',
            '  - job_name: "discovered"',
            '    file_sd_configs: [{ files: ["08-discover-targets/targets.json"] }]',
            '    relabel_configs:',
            '      - { action: keep, source_labels: ["env"], regex: "prod(uction)?" }',
            "      - { action: labelmap, regex: '__meta_cmdb_(.+)', replacement: '$1' }",
            '',
          ].join('\n'),
        },
      ],
    },
    {
      name: 'targets.json with a fourth production target',
      edits: [MIMIR_TO_PRODUCTION],
    },
  ],
  sequences: [
    {
      // The file changes, the job does not: the checker must judge the targets the new file makes.
      name: 'pass, then the staging target becomes production in targets.json, then re-check',
      steps: [{ expect: 'pass' }, { edits: [MIMIR_TO_PRODUCTION], expect: 'pass' }, { expect: 'pass' }],
    },
    {
      name: 'pass, then the labelmap goes (same job name), then re-check',
      steps: [{ expect: 'pass' }, { edits: [NO_LABELMAP], expect: { fail: 'no tier label' } }],
    },
    {
      name: 'targets.json broken, then fixed',
      steps: [{ edits: [BROKEN_JSON], expect: { fail: 'not valid JSON' } }, { expect: 'pass' }],
    },
    {
      name: 'start/ fails, solution passes, drop instead of keep, keep again',
      steps: [
        { from: 'start', expect: { fail: 'has no job named discovered' } },
        { expect: 'pass' },
        {
          edits: [swap('        action: keep\n', '        action: drop\n')],
          expect: { fail: 'keeps mimir:9009' },
        },
        { expect: 'pass' },
      ],
    },
  ],
});
