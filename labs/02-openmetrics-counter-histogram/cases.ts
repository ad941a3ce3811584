/** The attempts the dev-check proves this lab's checker against (labs/kit/cases.ts). */
import type { Edit } from '../kit/cases.ts';
import { defineCases } from '../kit/cases.ts';

/** The solution's /checkout handler, as the edits below find it. */
const HANDLER = `		start := time.Now()
		// Pretend to charge a card: 5 to 25 ms of work.
		time.Sleep(time.Duration(5+rand.IntN(20)) * time.Millisecond)
		// Record after the work is done: one more checkout, and how long it took.
		checkouts.Inc()
		duration.Observe(time.Since(start).Seconds())
`;

const BUCKETS = 'Buckets: []float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1},';

/** The histogram observed before the pretend work: its _sum is a few microseconds. */
const observedBeforeWork: Edit = {
  file: 'main.go',
  replace: [
    HANDLER,
    `		start := time.Now()
		duration.Observe(time.Since(start).Seconds())
		time.Sleep(time.Duration(5+rand.IntN(20)) * time.Millisecond)
		checkouts.Inc()
`,
  ],
};

/** The README's buckets written in milliseconds, in a histogram declared in seconds. */
const millisecondBuckets: Edit = {
  file: 'main.go',
  replace: [BUCKETS, 'Buckets: []float64{5, 10, 25, 50, 100, 250, 500, 1000},'],
};

const millisecondsObserved: Edit = {
  file: 'main.go',
  replace: [
    'duration.Observe(time.Since(start).Seconds())',
    'duration.Observe(float64(time.Since(start).Milliseconds()))',
  ],
};

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
      edits: [millisecondsObserved],
      expect: 'not milliseconds',
    },
    {
      name: 'a method that does not exist',
      edits: [{ file: 'main.go', replace: ['checkouts.Inc()', 'checkouts.Increment()'] }],
      expect: 'main.go:65:13: checkouts.Increment undefined',
    },
    {
      name: 'observed before the work is done',
      edits: [observedBeforeWork],
      expect: 'the duration is observed before the work is done',
    },
    {
      name: 'buckets in milliseconds',
      edits: [millisecondBuckets],
      expect: 'that is milliseconds, and the histogram is in seconds',
    },
    {
      name: 'buckets that stop short of 1 s',
      edits: [
        { file: 'main.go', replace: [BUCKETS, 'Buckets: prometheus.ExponentialBuckets(0.005, 2, 6),'] },
      ],
      expect: 'they should reach from 0.005 (5 ms) or less to 1 (1 s) or more',
    },
    {
      name: 'a gauge instead of a counter',
      edits: [
        {
          file: 'main.go',
          replace: [
            'checkouts := prometheus.NewCounter(prometheus.CounterOpts{\n\t\tName: "shop_checkouts_total",',
            'checkouts := prometheus.NewGauge(prometheus.GaugeOpts{\n\t\tName: "shop_checkouts",',
          ],
        },
      ],
      expect: 'shop_checkouts is exposed with TYPE gauge, not counter',
    },
    {
      name: 'each checkout counted twice',
      edits: [{ file: 'main.go', replace: ['checkouts.Inc()', 'checkouts.Inc()\n\t\tcheckouts.Inc()'] }],
      expect: 'shop_checkouts_total went up by 20, not 10',
    },
    {
      name: 'histogram not registered',
      edits: [
        {
          file: 'main.go',
          replace: ['reg.MustRegister(checkouts, duration)', 'reg.MustRegister(checkouts)'],
        },
      ],
      expect: 'no histogram shop_checkout_duration_seconds in /metrics',
    },
  ],
  alternatives: [
    {
      name: 'promauto with the registry, default buckets',
      edits: [
        {
          file: 'main.go',
          replace: [
            '"github.com/prometheus/client_golang/prometheus"\n',
            '"github.com/prometheus/client_golang/prometheus"\n\t"github.com/prometheus/client_golang/prometheus/promauto"\n',
          ],
        },
        {
          file: 'main.go',
          replace: [
            'checkouts := prometheus.NewCounter(prometheus.CounterOpts{',
            'checkouts := promauto.With(reg).NewCounter(prometheus.CounterOpts{',
          ],
        },
        {
          file: 'main.go',
          replace: [
            'duration := prometheus.NewHistogram(prometheus.HistogramOpts{',
            'duration := promauto.With(reg).NewHistogram(prometheus.HistogramOpts{',
          ],
        },
        // prometheus.DefBuckets: .005 to 10 seconds.
        { file: 'main.go', replace: [`\t\t${BUCKETS}\n`, ''] },
        {
          file: 'main.go',
          replace: ['reg.MustRegister(checkouts, duration)', '// promauto registered both'],
        },
      ],
    },
    {
      name: 'a timer that observes when the handler returns',
      edits: [
        {
          file: 'main.go',
          replace: [
            HANDLER,
            `		timer := prometheus.NewTimer(duration)
		defer timer.ObserveDuration()
		time.Sleep(time.Duration(5+rand.IntN(20)) * time.Millisecond)
		checkouts.Inc()
`,
          ],
        },
      ],
    },
    {
      name: 'a labelled CounterVec and ExponentialBucketsRange',
      edits: [
        {
          file: 'main.go',
          replace: [
            'checkouts := prometheus.NewCounter(prometheus.CounterOpts{\n\t\tName: "shop_checkouts_total",\n\t\tHelp: "Checkouts completed.",\n\t})',
            'checkouts := prometheus.NewCounterVec(prometheus.CounterOpts{\n\t\tName: "shop_checkouts_total",\n\t\tHelp: "Checkouts completed.",\n\t}, []string{"payment"})',
          ],
        },
        { file: 'main.go', replace: [BUCKETS, 'Buckets: prometheus.ExponentialBucketsRange(0.005, 1, 8),'] },
        { file: 'main.go', replace: ['checkouts.Inc()', 'checkouts.WithLabelValues("card").Inc()'] },
      ],
    },
    {
      name: 'a middleware on the route times it, in float nanoseconds',
      edits: [
        {
          file: 'main.go',
          replace: [
            `	r.POST("/checkout", func(c *gin.Context) {
${HANDLER}`,
            `	timed := func(c *gin.Context) {
		start := time.Now()
		c.Next()
		checkouts.Inc()
		duration.Observe(float64(time.Since(start)) / float64(time.Second))
	}
	r.POST("/checkout", timed, func(c *gin.Context) {
		time.Sleep(time.Duration(5+rand.IntN(20)) * time.Millisecond)
`,
          ],
        },
      ],
    },
  ],
  sequences: [
    {
      name: 'pass, then observe before the work (same names), then re-check',
      steps: [
        { expect: 'pass' },
        { edits: [observedBeforeWork], expect: { fail: 'observed before the work' } },
      ],
    },
    {
      name: 'start/, then the solution',
      steps: [{ from: 'start', expect: { fail: 'set `EnableOpenMetrics: true`' } }, { expect: 'pass' }],
    },
    {
      name: 'pass, millisecond buckets, then fixed again',
      steps: [
        { expect: 'pass' },
        { edits: [millisecondBuckets], expect: { fail: 'that is milliseconds' } },
        { expect: 'pass' },
      ],
    },
    {
      name: 'milliseconds observed, then seconds',
      steps: [{ edits: [millisecondsObserved], expect: { fail: 'not milliseconds' } }, { expect: 'pass' }],
    },
  ],
});
