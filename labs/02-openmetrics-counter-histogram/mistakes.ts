/** Realistic wrong attempts, each the solution with one edit; the dev-check expects the quoted message. */
import type { Mistake } from '../kit/index.ts';

export const mistakes: readonly Mistake[] = [
  {
    name: 'counter without _total',
    file: 'main.go',
    replace: ['Name: "shop_checkouts_total",', 'Name: "shop_checkouts",'],
    expect: 'counter metrics should have "_total" suffix',
  },
  {
    name: 'OpenMetrics not enabled',
    file: 'main.go',
    replace: ['EnableOpenMetrics: true,', 'EnableOpenMetrics: false,'],
    expect: 'set `EnableOpenMetrics: true`',
  },
  {
    name: 'unit left out',
    file: 'main.go',
    replace: ['Unit:    "seconds",\n', ''],
    expect: 'no UNIT line',
  },
  {
    name: 'milliseconds observed',
    file: 'main.go',
    replace: [
      'duration.Observe(time.Since(start).Seconds())',
      'duration.Observe(float64(time.Since(start).Milliseconds()))',
    ],
    expect: 'not milliseconds',
  },
  {
    name: 'a method that does not exist',
    file: 'main.go',
    replace: ['checkouts.Inc()', 'checkouts.Increment()'],
    expect: 'main.go:65:13: checkouts.Increment undefined',
  },
];
