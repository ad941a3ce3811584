/** The attempts the dev-check proves this lab's checker against (labs/kit/cases.ts). */
import { defineCases } from '../kit/index.ts';

export default defineCases({
  mistakes: [
    {
      name: 'job name with an underscore',
      edits: [{ file: 'scrape.yml', replace: ['job_name: gin-app', 'job_name: gin_app'] }],
      expect: 'did you name the job `gin_app`?',
    },
    {
      name: 'job named like the stack’s own',
      edits: [{ file: 'scrape.yml', replace: ['job_name: gin-app', 'job_name: app'] }],
      expect: 'job "app" already exists',
    },
    {
      name: 'misspelt key',
      edits: [{ file: 'scrape.yml', replace: ['static_configs:', 'static_config:'] }],
      expect: 'field static_config not found',
    },
    {
      name: 'team label forgotten',
      edits: [
        { file: 'scrape.yml', replace: ['      - target_label: team\n        replacement: shop\n', ''] },
      ],
      expect: 'label team is missing',
    },
  ],
  alternatives: [],
  sequences: [],
});
