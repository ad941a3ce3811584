/** The attempts the dev-check proves this lab's checker against (labs/kit/cases.ts). */
import { defineCases } from '../kit/index.ts';

export default defineCases({
  mistakes: [
    {
      name: 'tenant header left out',
      edits: [{ file: 'prometheus.yml', replace: ['    headers:\n      X-Scope-OrgID: lab-04\n', ''] }],
      expect: 'X-Scope-OrgID',
    },
    {
      name: 'tenant misspelt',
      edits: [{ file: 'prometheus.yml', replace: ['X-Scope-OrgID: lab-04', 'X-Scope-OrgID: lab04'] }],
      expect: 'in tenant lab04, not lab-04',
    },
    {
      name: 'headers indented under the wrong key',
      edits: [
        {
          file: 'prometheus.yml',
          replace: ['    queue_config:\n      # Send', '    queue_config:\n      headers: {}\n      # Send'],
        },
      ],
      expect: 'field headers not found in type config.QueueConfig',
    },
  ],
  alternatives: [],
  sequences: [],
});
