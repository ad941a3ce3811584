/** Realistic wrong attempts, each the solution with one edit; the dev-check expects the quoted message. */
import type { Mistake } from '../kit/index.ts';

export const mistakes: readonly Mistake[] = [
  {
    name: 'tenant header left out',
    file: 'prometheus.yml',
    replace: ['    headers:\n      X-Scope-OrgID: lab-04\n', ''],
    expect: 'X-Scope-OrgID',
  },
  {
    name: 'tenant misspelt',
    file: 'prometheus.yml',
    replace: ['X-Scope-OrgID: lab-04', 'X-Scope-OrgID: lab04'],
    expect: 'in tenant lab04, not lab-04',
  },
  {
    name: 'headers indented under the wrong key',
    file: 'prometheus.yml',
    replace: ['    queue_config:\n      # Send', '    queue_config:\n      headers: {}\n      # Send'],
    expect: 'field headers not found in type config.QueueConfig',
  },
];
