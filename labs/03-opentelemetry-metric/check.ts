/**
 * Lab 03: the learner's program builds, runs, and pushes OpenTelemetry metrics over OTLP to
 * the stack's Alloy, which relays them to Mimir (tenant "otel"). The checker names this run
 * through OTEL_RESOURCE_ATTRIBUTES (service.instance.id, so Mimir's instance label), finds
 * the counter, the histogram and target_info in Mimir, then reads the learner's answers about
 * what the translation changed.
 */
import { parse } from 'yaml';
import type { GoLabState } from '../kit/index.ts';
import {
  budget,
  check,
  defineLab,
  didYouMean,
  fail,
  formatLabels,
  goProgramRuns,
  labEntry,
  labPort,
  labelValues,
  listOf,
  mimir,
  otlpPorts,
  pass,
  query,
  queryValue,
  quote,
  sendTraffic,
  tenants,
  wait,
} from '../kit/index.ts';

const ID = '03-opentelemetry-metric';
const PORT = labPort(labEntry(ID), 'checkout');
const BASE = `http://127.0.0.1:${PORT}`;
const JOB = 'lab-03-checkout';
const CHECKOUTS = 5;
/** The SDK's export interval for the checker's runs (the default, 60 s, would make checks slow). */
const EXPORT_MS = 2_000;
const otel = mimir(tenants.otel);

type State = GoLabState;

/** service.instance.id of a run of the program: Mimir's instance label. */
const instanceOf = (runId: string): string => `lab03-${runId}`;
/** The running process's instance label ('' before it runs). */
const instance = (state: State): string => (state.runId === undefined ? '' : instanceOf(state.runId));

/** The answers the lab asks for; each accepts the spellings a learner may reasonably use. */
const ANSWERS: Readonly<Record<string, { readonly accept: readonly string[]; readonly where: string }>> = {
  counter_metric: { accept: ['shop_checkouts_total'], where: 'the __name__ of the counter’s series' },
  histogram_count_metric: {
    accept: ['shop_checkout_duration_seconds_count'],
    where: 'the series ending in _count',
  },
  service_name_label: { accept: ['job'], where: 'the label whose value is lab-03-checkout' },
  resource_attributes_metric: {
    accept: ['target_info'],
    where: 'the series carrying telemetry_sdk_language',
  },
  dots_became: {
    accept: ['_', 'underscore', 'underscores', 'an underscore'],
    where: 'compare shop.checkouts with its name in Mimir',
  },
};

/** A YAML scalar as text; lists and maps are not an answer. */
const answerText = (value: unknown): string =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value).trim()
    : '';

const mine = (state: State): string => `job=${quote(JOB)}, instance=${quote(instance(state))}`;

export default defineLab({
  id: ID,
  init: (): State => ({}),
  checks: [
    ...goProgramRuns<State>({
      labId: ID,
      name: 'checkout',
      port: PORT,
      runs: `it runs on 127.0.0.1:${PORT}, exporting OTLP to Alloy`,
      env: {
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${otlpPorts.http}`,
        OTEL_METRIC_EXPORT_INTERVAL: String(EXPORT_MS),
      },
      // service.instance.id becomes Mimir's instance label: one per process, so only this
      // process's series count.
      perRun: (runId) => ({ OTEL_RESOURCE_ATTRIBUTES: `service.instance.id=${instanceOf(runId)}` }),
    }),

    check<State>(
      `${CHECKOUTS} checkouts reach Mimir as shop_checkouts_total (tenant ${tenants.otel})`,
      async (ctx, state) => {
        const traffic = await sendTraffic(`${BASE}/checkout`, CHECKOUTS);
        if (traffic.ok !== CHECKOUTS)
          return fail(
            `POST ${BASE}/checkout failed ${traffic.sent - traffic.ok} of ${traffic.sent} times: ${traffic.firstError ?? ''}`,
          );
        return ctx.waitUntil({
          what: `your program's metrics in Mimir (instance ${instance(state)})`,
          budget: budget([
            { what: 'OTLP export interval', ms: EXPORT_MS, times: 2 },
            { what: 'Alloy batch timeout', ms: ctx.intervals.otlpBatchMs },
          ]),
          probe: async () => {
            const value = await queryValue(otel, `shop_checkouts_total{${mine(state)}}`);
            if (value !== undefined && value >= CHECKOUTS) return pass(`shop_checkouts_total = ${value}`);
            if (value !== undefined)
              return wait(`shop_checkouts_total is ${value}, waiting for ${CHECKOUTS}`);
            // Nothing under the expected names: look for anything this run sent, to say what is off.
            const series = await query(
              otel,
              `count by (__name__, job) ({instance=${quote(instance(state))}})`,
            );
            if (series.length === 0) {
              return wait('nothing from your program has reached Mimir', {
                hint: 'a MeterProvider exports only through a reader: sdkmetric.WithReader(sdkmetric.NewPeriodicReader(exporter)), and the instruments must be created from its meter and used in the handler',
              });
            }
            const jobs = [...new Set(series.map((s) => s.metric['job'] ?? ''))];
            const names = [...new Set(series.map((s) => s.metric['__name__'] ?? ''))];
            if (!jobs.includes(JOB)) {
              return fail(
                `your program's series arrive with job ${listOf(jobs.map((j) => `"${j}"`))}, not "${JOB}"${didYouMean(JOB, jobs, 'the service')}`,
                {
                  hint: `service.name becomes the job label: resource.WithAttributes(semconv.ServiceName("${JOB}"))`,
                },
              );
            }
            // It arrived between the two queries.
            if (names.includes('shop_checkouts_total')) return wait('shop_checkouts_total is arriving');
            return fail(`no shop_checkouts_total from your program; it sent: ${listOf(names)}`, {
              hint: 'create an Int64Counter "shop.checkouts" with metric.WithUnit("{checkout}") and call Add(ctx, 1) once per checkout',
            });
          },
        });
      },
    ),

    check<State>('the histogram arrives as shop_checkout_duration_seconds_*', async (_ctx, state) => {
      const count = await queryValue(otel, `shop_checkout_duration_seconds_count{${mine(state)}}`);
      if (count !== undefined && count >= CHECKOUTS) return pass(`_count = ${count}`);
      const names = await labelValues(otel, '__name__', `{${mine(state)}}`);
      const histogram = names.filter((n) => n.startsWith('shop_checkout_duration'));
      if (histogram.length > 0) {
        return fail(`the histogram arrives as ${listOf(histogram)}, not shop_checkout_duration_seconds_*`, {
          hint: 'the unit "s" becomes the _seconds suffix: metric.WithUnit("s") on the Float64Histogram',
        });
      }
      return fail(`no shop_checkout_duration histogram from your program; it sent: ${listOf(names)}`, {
        hint: 'create a Float64Histogram "shop.checkout.duration" with metric.WithUnit("s") and call Record(ctx, seconds) once per checkout',
      });
    }),

    check<State>('target_info carries the resource attributes', async (_ctx, state) => {
      const info = await query(otel, `target_info{${mine(state)}}`);
      const labels = info[0]?.metric;
      if (!labels)
        return fail(`no target_info{${mine(state)}} in Mimir`, {
          hint: 'keep resource.WithTelemetrySDK() and resource.WithFromEnv() on the resource',
        });
      if (labels['telemetry_sdk_language'] !== 'go') {
        return fail(`target_info has no telemetry_sdk_language="go": ${formatLabels(labels)}`, {
          hint: 'keep resource.WithTelemetrySDK() on the resource',
        });
      }
      return pass(formatLabels(labels));
    }),

    check('answers.yaml says what changed on the way', (ctx) => {
      const shown = ctx.shown('answers.yaml');
      let doc: unknown;
      try {
        doc = parse(ctx.read('answers.yaml'));
      } catch (error) {
        return fail(`${shown} is not valid YAML: ${(error as Error).message}`);
      }
      const answers = (typeof doc === 'object' && doc !== null ? doc : {}) as Record<string, unknown>;
      const todo: string[] = [];
      const wrong: string[] = [];
      for (const [key, { accept, where }] of Object.entries(ANSWERS)) {
        const given = answerText(answers[key]);
        if (given === '' || given === 'TODO') todo.push(key);
        else if (!accept.includes(given.toLowerCase().replace(/^"|"$/g, '')))
          wrong.push(`${key}: "${given}" is not it (${where})`);
      }
      if (todo.length > 0)
        return fail(`${shown} still has TODO for ${listOf(todo)}`, {
          hint: 'the curl line at the top of the file lists what Mimir stored for your program',
        });
      if (wrong.length > 0)
        return fail(`${shown}: ${wrong.join('; ')}`, {
          hint: 'query {job="lab-03-checkout"} in tenant otel and look at the names and labels',
        });
      return pass(`${Object.keys(ANSWERS).length} answers`);
    }),
  ],
});
