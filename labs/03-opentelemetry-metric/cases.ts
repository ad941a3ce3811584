/** The attempts the dev-check proves this lab's checker against (labs/kit/cases.ts). */
import type { Edit } from '../kit/cases.ts';
import { defineCases } from '../kit/cases.ts';

const EXPORTER =
  'exporter, err := otlpmetrichttp.New(ctx, otlpmetrichttp.WithEndpointURL(otlpEndpoint()+"/v1/metrics"))';

/** The solution's resource, as the edits below find it. */
const RESOURCE = `	res, err := resource.New(ctx,
		resource.WithTelemetrySDK(), // telemetry.sdk.name/language/version
		resource.WithAttributes(
			semconv.ServiceName(serviceName),
			semconv.ServiceVersion("1.0.0"),
		),
		// OTEL_RESOURCE_ATTRIBUTES: the checker sets service.instance.id there,
		// to tell this run's series from earlier ones.
		resource.WithFromEnv(),
	)
`;

const serviceMisspelt: Edit = {
  file: 'telemetry.go',
  replace: ['const serviceName = "lab-03-checkout"', 'const serviceName = "lab03-checkout"'],
};

/** The endpoint without the signal's path: the exporter posts to "/", and Alloy answers 404. */
const wrongPath: Edit = {
  file: 'telemetry.go',
  replace: [
    EXPORTER,
    'exporter, err := otlpmetrichttp.New(ctx, otlpmetrichttp.WithEndpointURL(otlpEndpoint()))',
  ],
};

const millisecondsRecorded: Edit = {
  file: 'main.go',
  replace: [
    'otelDuration.Record(c.Request.Context(), seconds)',
    'otelDuration.Record(c.Request.Context(), seconds*1000)',
  ],
};

const countedTwice: Edit = {
  file: 'main.go',
  replace: ['otelCheckouts.Add(c.Request.Context(), 1)', 'otelCheckouts.Add(c.Request.Context(), 2)'],
};

export default defineCases({
  mistakes: [
    {
      name: 'service name misspelt',
      edits: [serviceMisspelt],
      expect: '"lab03-checkout", not',
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
    {
      name: 'the instance label as the service name’s label',
      edits: [
        {
          file: 'answers.yaml',
          replace: ['service_name_label: job', 'service_name_label: the instance label'],
        },
      ],
      expect: 'service_name_label: "the instance label" is not it',
    },
    {
      name: 'exporter posts to the wrong path',
      edits: [wrongPath],
      expect: 'failed to send metrics to http://127.0.0.1:4318/: 404 Not Found',
    },
    {
      name: 'no reader on the MeterProvider',
      edits: [
        {
          file: 'telemetry.go',
          replace: ['\t\tsdkmetric.WithReader(sdkmetric.NewPeriodicReader(exporter)),\n', ''],
        },
        {
          file: 'telemetry.go',
          replace: [
            '\treturn sdkmetric.NewMeterProvider(',
            '\t_ = exporter\n\treturn sdkmetric.NewMeterProvider(',
          ],
        },
      ],
      expect: 'sdkmetric.WithReader(sdkmetric.NewPeriodicReader(exporter))',
    },
    {
      name: 'a fixed service.instance.id in the code',
      edits: [
        {
          file: 'telemetry.go',
          replace: [
            '\t\tresource.WithFromEnv(),\n',
            '\t\tresource.WithFromEnv(),\n\t\tresource.WithAttributes(semconv.ServiceInstanceID("checkout-1")),\n',
          ],
        },
      ],
      expect: 'with instance="checkout-1", not instance="lab03-',
    },
    {
      name: 'milliseconds recorded',
      edits: [millisecondsRecorded],
      expect: 'not milliseconds',
    },
    {
      name: 'duration taken before the work',
      edits: [
        {
          file: 'main.go',
          replace: [
            `		start := time.Now()
		// Pretend to charge a card: 5 to 25 ms of work.
		time.Sleep(time.Duration(5+rand.IntN(20)) * time.Millisecond)
		seconds := time.Since(start).Seconds()
`,
            `		start := time.Now()
		seconds := time.Since(start).Seconds()
		time.Sleep(time.Duration(5+rand.IntN(20)) * time.Millisecond)
`,
          ],
        },
      ],
      expect: 'observed before the work is done',
    },
    {
      name: 'each checkout counted twice',
      edits: [countedTwice],
      expect: 'shop_checkouts_total is 10 after 5 checkouts',
    },
  ],
  alternatives: [
    {
      name: 'exporter from the environment, a global MeterProvider, a counter with attributes',
      edits: [
        { file: 'telemetry.go', replace: [EXPORTER, 'exporter, err := otlpmetrichttp.New(ctx)'] },
        {
          file: 'main.go',
          replace: [
            '"go.opentelemetry.io/otel/metric"\n',
            '"go.opentelemetry.io/otel"\n\t"go.opentelemetry.io/otel/attribute"\n\t"go.opentelemetry.io/otel/metric"\n',
          ],
        },
        {
          file: 'main.go',
          replace: [
            'meter := mp.Meter("workshop/labs/checkout")',
            'otel.SetMeterProvider(mp)\n\tmeter := otel.Meter("workshop/labs/checkout")',
          ],
        },
        {
          file: 'main.go',
          replace: [
            'otelCheckouts.Add(c.Request.Context(), 1)',
            'otelCheckouts.Add(c.Request.Context(), 1, metric.WithAttributes(attribute.String("payment", "card")))',
          ],
        },
      ],
    },
    {
      // sdkmetric.WithResource merges the resource with OTEL_RESOURCE_ATTRIBUTES itself.
      name: 'host and port with WithInsecure, a 3 s export interval in the code, no WithFromEnv',
      edits: [
        { file: 'telemetry.go', replace: ['\t\tresource.WithFromEnv(),\n', ''] },
        {
          file: 'telemetry.go',
          replace: [
            EXPORTER,
            'exporter, err := otlpmetrichttp.New(ctx, otlpmetrichttp.WithEndpoint("127.0.0.1:4318"), otlpmetrichttp.WithInsecure())',
          ],
        },
        { file: 'telemetry.go', replace: ['"os"\n', '"os"\n\t"time"\n'] },
        {
          file: 'telemetry.go',
          replace: [
            'sdkmetric.NewPeriodicReader(exporter)',
            'sdkmetric.NewPeriodicReader(exporter, sdkmetric.WithInterval(3*time.Second))',
          ],
        },
      ],
    },
    {
      name: 'the SDK’s default resource merged with the service name',
      edits: [
        {
          file: 'telemetry.go',
          replace: [
            RESOURCE,
            `	// resource.Default() holds the SDK's attributes and OTEL_RESOURCE_ATTRIBUTES;
	// the schemaless resource puts the service name on top of them.
	res, err := resource.Merge(resource.Default(), resource.NewSchemaless(semconv.ServiceName(serviceName)))
`,
          ],
        },
      ],
    },
    {
      name: 'answers in plain words',
      edits: [
        {
          file: 'answers.yaml',
          text: [
            'counter_metric: The counter is called `shop_checkouts_total`.',
            'histogram_count_metric: "shop_checkout_duration_seconds_count"',
            'service_name_label: the job label',
            'resource_attributes_metric: the target_info metric',
            'dots_became: underscores (_)',
            '',
          ].join('\n'),
        },
      ],
    },
  ],
  sequences: [
    {
      name: 'pass, re-check unchanged, then count twice (same names)',
      steps: [
        { expect: 'pass' },
        { expect: 'pass' },
        { edits: [countedTwice], expect: { fail: 'is 10 after 5 checkouts' } },
      ],
    },
    {
      name: 'exporter on the wrong path, then fixed, then the service misspelt',
      steps: [
        { edits: [wrongPath], expect: { fail: '404 Not Found' } },
        { expect: 'pass' },
        { edits: [serviceMisspelt], expect: { fail: 'job="lab03-checkout", not job="lab-03-checkout"' } },
      ],
    },
  ],
});
