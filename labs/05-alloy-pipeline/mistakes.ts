/** Realistic wrong attempts, each the solution with one edit; the dev-check expects the quoted message. */
import type { Mistake } from '../kit/index.ts';

export const mistakes: readonly Mistake[] = [
  {
    name: 'tenant header left out',
    file: 'config.alloy',
    replace: ['    headers = { "X-Scope-OrgID" = "lab-05" }\n', ''],
    expect: 'X-Scope-OrgID',
  },
  {
    name: 'an equals sign forgotten',
    file: 'config.alloy',
    replace: ['replacement  = "workshop"', 'replacement  "workshop"'],
    expect: 'config.alloy:27',
  },
  {
    name: 'regex without .* (anchored)',
    file: 'config.alloy',
    replace: ['regex         = "go_gc_duration_seconds.*"', 'regex         = "go_gc_duration_seconds"'],
    expect: 'still arrive',
  },
  {
    name: 'relabel not wired in',
    file: 'config.alloy',
    replace: [
      'forward_to      = [prometheus.relabel.env.receiver]',
      'forward_to      = [prometheus.remote_write.mimir.receiver]',
    ],
    expect: 'does not forward to prometheus.relabel.env',
  },
];
