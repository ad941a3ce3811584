/** The attempts the dev-check proves this lab's checker against (labs/kit/cases.ts). */
import { defineCases } from '../kit/index.ts';

export default defineCases({
  mistakes: [
    {
      name: 'tenant header left out',
      edits: [{ file: 'config.alloy', replace: ['    headers = { "X-Scope-OrgID" = "lab-05" }\n', ''] }],
      expect: 'X-Scope-OrgID',
    },
    {
      name: 'an equals sign forgotten',
      edits: [{ file: 'config.alloy', replace: ['replacement  = "workshop"', 'replacement  "workshop"'] }],
      expect: 'config.alloy:27',
    },
    {
      name: 'regex without .* (anchored)',
      edits: [
        {
          file: 'config.alloy',
          replace: ['regex         = "go_gc_duration_seconds.*"', 'regex         = "go_gc_duration_seconds"'],
        },
      ],
      expect: 'still arrive',
    },
    {
      name: 'relabel not wired in',
      edits: [
        {
          file: 'config.alloy',
          replace: [
            'forward_to      = [prometheus.relabel.env.receiver]',
            'forward_to      = [prometheus.remote_write.mimir.receiver]',
          ],
        },
      ],
      expect: 'does not forward to prometheus.relabel.env',
    },
  ],
  alternatives: [],
  sequences: [],
});
