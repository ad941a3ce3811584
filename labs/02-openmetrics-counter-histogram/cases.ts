/** The attempts the dev-check proves this lab's checker against (labs/kit/cases.ts). */
import { defineCases } from '../kit/index.ts';

export default defineCases({
  mistakes: [
    {
      name: 'counter without _total',
      edits: [{ file: 'main.go', replace: ['Name: "shop_checkouts_total",', 'Name: "shop_checkouts",'] }],
      expect: 'counter metrics should have "_total" suffix',
    },
    {
      name: 'OpenMetrics not enabled',
      edits: [{ file: 'main.go', replace: ['EnableOpenMetrics: true,', 'EnableOpenMetrics: false,'] }],
      expect: 'set `EnableOpenMetrics: true`',
    },
    {
      name: 'unit left out',
      edits: [{ file: 'main.go', replace: ['Unit:    "seconds",\n', ''] }],
      expect: 'no UNIT line',
    },
    {
      name: 'milliseconds observed',
      edits: [
        {
          file: 'main.go',
          replace: [
            'duration.Observe(time.Since(start).Seconds())',
            'duration.Observe(float64(time.Since(start).Milliseconds()))',
          ],
        },
      ],
      expect: 'not milliseconds',
    },
    {
      name: 'a method that does not exist',
      edits: [{ file: 'main.go', replace: ['checkouts.Inc()', 'checkouts.Increment()'] }],
      expect: 'main.go:65:13: checkouts.Increment undefined',
    },
  ],
  alternatives: [],
  sequences: [],
});
