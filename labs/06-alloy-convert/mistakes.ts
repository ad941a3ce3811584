/** Realistic wrong attempts, each the solution with one edit; the dev-check expects the quoted message. */
import type { Mistake } from '../kit/index.ts';

export const mistakes: readonly Mistake[] = [
  {
    name: 'tenant header deleted while tidying up',
    file: 'config.alloy',
    replace: ['\t\theaders = {\n\t\t\t"X-Scope-OrgID" = "lab-06",\n\t\t}\n', ''],
    expect: 'X-Scope-OrgID',
  },
  {
    name: 'a job lost on the way',
    file: 'config.alloy',
    replace: ['job_name        = "prometheus"', 'job_name        = "prom"'],
    expect: 'job "prometheus"',
  },
  {
    name: 'a brace deleted',
    file: 'config.alloy',
    replace: ['\t\tmetadata_config { }\n\t}\n}', '\t\tmetadata_config { }\n\t}\n'],
    expect: 'config.alloy:',
  },
];
