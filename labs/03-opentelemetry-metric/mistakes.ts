/** Realistic wrong attempts, each the solution with one edit; the dev-check expects the quoted message. */
import type { Mistake } from '../kit/index.ts';

export const mistakes: readonly Mistake[] = [
  {
    name: 'service name misspelt',
    file: 'telemetry.go',
    replace: ['const serviceName = "lab-03-checkout"', 'const serviceName = "lab03-checkout"'],
    expect: 'did you name the service `lab03-checkout`?',
  },
  {
    name: 'unit left off the histogram',
    file: 'main.go',
    replace: ['\t\tmetric.WithUnit("s"),\n', ''],
    expect: 'metric.WithUnit("s")',
  },
  {
    name: 'a wrong answer',
    file: 'answers.yaml',
    replace: ['dots_became: _', 'dots_became: "-"'],
    expect: 'dots_became: "-" is not it',
  },
];
