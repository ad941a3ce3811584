/** The attempts the dev-check proves this lab's checker against (labs/kit/cases.ts). */
import { defineCases } from '../kit/index.ts';

export default defineCases({
  mistakes: [
    {
      name: 'service name misspelt',
      edits: [
        {
          file: 'telemetry.go',
          replace: ['const serviceName = "lab-03-checkout"', 'const serviceName = "lab03-checkout"'],
        },
      ],
      expect: 'did you name the service `lab03-checkout`?',
    },
    {
      name: 'unit left off the histogram',
      edits: [{ file: 'main.go', replace: ['\t\tmetric.WithUnit("s"),\n', ''] }],
      expect: 'metric.WithUnit("s")',
    },
    {
      name: 'a wrong answer',
      edits: [{ file: 'answers.yaml', replace: ['dots_became: _', 'dots_became: "-"'] }],
      expect: 'dots_became: "-" is not it',
    },
  ],
  alternatives: [],
  sequences: [],
});
