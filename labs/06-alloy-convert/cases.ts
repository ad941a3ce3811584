/** The attempts the dev-check proves this lab's checker against (labs/kit/cases.ts). */
import { defineCases } from '../kit/index.ts';

export default defineCases({
  mistakes: [
    {
      name: 'tenant header deleted while tidying up',
      edits: [
        {
          file: 'config.alloy',
          replace: ['\t\theaders = {\n\t\t\t"X-Scope-OrgID" = "lab-06",\n\t\t}\n', ''],
        },
      ],
      expect: 'X-Scope-OrgID',
    },
    {
      name: 'a job lost on the way',
      edits: [
        { file: 'config.alloy', replace: ['job_name        = "prometheus"', 'job_name        = "prom"'] },
      ],
      expect: 'job "prometheus"',
    },
    {
      name: 'a brace deleted',
      edits: [
        {
          file: 'config.alloy',
          replace: ['\t\tmetadata_config { }\n\t}\n}', '\t\tmetadata_config { }\n\t}\n'],
        },
      ],
      expect: 'config.alloy:',
    },
  ],
  alternatives: [],
  sequences: [],
});
