/**
 * Lab 03: the learner's program builds, runs, and pushes OpenTelemetry metrics over OTLP to
 * the stack's Alloy, which relays them to Mimir (tenant "otel"). Every check starts the program
 * afresh and names that run through OTEL_RESOURCE_ATTRIBUTES (service.instance.id, so Mimir's
 * instance label): only this run's series count, never what an earlier attempt left in Mimir,
 * and they count exactly the checkouts this check sent. Then it reads the learner's answers
 * about what the translation changed.
 */
import { parse } from 'yaml';
import type { GoLabState, Question, TrafficResult, Verdict } from '../kit/index.ts';
import {
  budget,
  check,
  defineLab,
  didYouMean,
  durationSumVerdict,
  exportErrors,
  fail,
  formatLabels,
  goProgramRuns,
  judgeAnswer,
  labEntry,
  labPort,
  labelValues,
  listOf,
  mimir,
  otlpExportInterval,
  otlpPorts,
  pass,
  query,
  queryValue,
  quote,
  sendTraffic,
  tenants,
  wait,
  whereItWent,
} from '../kit/index.ts';

const ID = '03-opentelemetry-metric';
const PROGRAM = 'checkout';
const PORT = labPort(labEntry(ID), PROGRAM);
const BASE = `http://127.0.0.1:${PORT}`;
const JOB = 'lab-03-checkout';
const COUNTER = 'shop_checkouts_total';
const HISTOGRAM = 'shop_checkout_duration_seconds';
const CHECKOUTS = 5;
/** The handler's pretend work sleeps 5 to 25 ms: no checkout takes less. */
const MIN_WORK_MS = 5;
/** The SDK's export interval for the checker's runs (the default, 60 s, would make checks slow). */
const EXPORT_MS = 2_000;
const otel = mimir(tenants.otel);

interface State extends GoLabState {
  /** The checkouts this check sent, timed from the outside. */
  traffic?: TrafficResult;
}

/** service.instance.id of a run of the program: Mimir's instance label. */
const instanceOf = (runId: string): string => `lab03-${runId}`;
/** The running process's instance label ('' before it runs). */
const instance = (state: State): string => (state.runId === undefined ? '' : instanceOf(state.runId));
const mine = (state: State): string => `job=${quote(JOB)}, instance=${quote(instance(state))}`;
/** Narrows a selector to samples this run produced (an earlier run's are older than its start). */
const sinceThisRun =
  (state: State) =>
  (selector: string): string =>
    `timestamp(${selector}) > ${((state.startedAtMs ?? 0) / 1000).toFixed(3)}`;

/**
 * The questions of answers.yaml. Each accepts the name and the plain words for it ("the job
 * label", "underscores"); tests/unit/labs/answers.test.ts lists what is accepted and refused.
 */
export const QUESTIONS: Readonly<Record<string, Question>> = {
  counter_metric: {
    accept: [COUNTER],
    filler: ['counter'],
    where: 'the __name__ of the counter’s series',
  },
  histogram_count_metric: {
    accept: [`${HISTOGRAM}_count`],
    filler: ['histogram'],
    where: 'the series ending in _count',
  },
  service_name_label: { accept: ['job'], where: 'the label whose value is lab-03-checkout' },
  resource_attributes_metric: {
    accept: ['target_info'],
    where: 'the series carrying telemetry_sdk_language',
  },
  dots_became: {
    accept: ['_'],
    // "dots became underscores" restates the question; only the rest is the answer.
    filler: ['dots', 'dot'],
    where: 'compare shop.checkouts with its name in Mimir',
  },
};

/**
 * Nothing of this run under the expected names yet: look where a typical mistake puts it (the
 * service name, this run's instance, the metric's name), then in the program's own log for the
 * exporter's error, and only then blame a missing reader.
 */
async function whyNothingArrived(state: State): Promise<Verdict> {
  const elsewhere = await whereItWent({
    tenant: tenants.otel,
    metric: COUNTER,
    labels: { job: JOB, instance: instance(state) },
    fresh: sinceThisRun(state),
    relax: ['job', 'instance'],
    tenantHint: `the stack's Alloy puts OTLP into tenant "${tenants.otel}": export to Alloy (OTEL_EXPORTER_OTLP_ENDPOINT), not to Mimir`,
    labelHints: {
      job: `service.name becomes the job label: resource.WithAttributes(semconv.ServiceName("${JOB}")), without a service.namespace (that becomes "namespace/name")`,
      instance:
        'the checker names each run in OTEL_RESOURCE_ATTRIBUTES (service.instance.id becomes the instance label): do not set service.instance.id in your code, it overrides the checker’s (and keep resource.WithFromEnv() last if you use it)',
    },
  });
  if (elsewhere) return elsewhere;
  const series = await query(otel, `count by (__name__, job) ({instance=${quote(instance(state))}})`);
  if (series.length > 0) {
    const jobs = [...new Set(series.map((s) => s.metric['job'] ?? ''))];
    const names = [...new Set(series.map((s) => s.metric['__name__'] ?? ''))];
    if (!jobs.includes(JOB))
      return fail(
        `your program's series arrive with job ${listOf(jobs.map((j) => `"${j}"`))}, not "${JOB}"${didYouMean(JOB, jobs, 'the service')}`,
        {
          hint: `service.name becomes the job label: resource.WithAttributes(semconv.ServiceName("${JOB}"))`,
        },
      );
    // It arrived between the queries.
    if (names.includes(COUNTER)) return wait(`${COUNTER} is arriving`);
    return fail(`no ${COUNTER} from your program; it sent: ${listOf(names)}`, {
      hint: 'create an Int64Counter "shop.checkouts" with metric.WithUnit("{checkout}") and call Add(ctx, 1) once per checkout',
    });
  }
  const errors = exportErrors(ID, PROGRAM);
  if (errors) return errors;
  return wait('nothing from your program has reached Mimir, and its log shows no export error', {
    hint: 'a MeterProvider exports only through a reader: sdkmetric.WithReader(sdkmetric.NewPeriodicReader(exporter)), and the instruments must be created from its meter and used in the handler',
  });
}

/** The counter of this run: exactly the checkouts sent, or why not (yet). */
async function counterArrived(state: State): Promise<Verdict> {
  const value = await queryValue(otel, `${COUNTER}{${mine(state)}}`);
  if (value === CHECKOUTS) return pass(`${COUNTER} = ${value} (instance ${instance(state)})`);
  if (value !== undefined && value > CHECKOUTS)
    return fail(`${COUNTER} is ${value} after ${CHECKOUTS} checkouts: count each checkout once`, {
      hint: 'call otelCheckouts.Add(ctx, 1) once per checkout, in the /checkout handler only',
    });
  if (value !== undefined) return wait(`${COUNTER} is ${value}, waiting for ${CHECKOUTS}`);
  return whyNothingArrived(state);
}

/** The histogram's _count of this run: exactly the checkouts sent, under the right name. */
async function histogramArrived(state: State): Promise<Verdict> {
  const count = await queryValue(otel, `${HISTOGRAM}_count{${mine(state)}}`);
  if (count === CHECKOUTS) return pass(`${HISTOGRAM}_count = ${count}`);
  if (count !== undefined && count > CHECKOUTS)
    return fail(`${HISTOGRAM}_count is ${count} after ${CHECKOUTS} checkouts: record each checkout once`, {
      hint: 'call Record(ctx, seconds) once per checkout',
    });
  if (count !== undefined) return wait(`${HISTOGRAM}_count is ${count}, waiting for ${CHECKOUTS}`);
  const names = await labelValues(otel, '__name__', `{${mine(state)}}`);
  const histogram = names.filter((n) => n.startsWith('shop_checkout_duration'));
  if (histogram.length > 0)
    return fail(`the histogram arrives as ${listOf(histogram)}, not ${HISTOGRAM}_*`, {
      hint: 'the unit "s" becomes the _seconds suffix: metric.WithUnit("s") on the Float64Histogram',
    });
  return wait(`no shop_checkout_duration histogram from your program; it sent: ${listOf(names)}`, {
    hint: 'create a Float64Histogram "shop.checkout.duration" with metric.WithUnit("s") and call Record(ctx, seconds) once per checkout',
  });
}

export default defineLab({
  id: ID,
  init: (): State => ({}),
  checks: [
    ...goProgramRuns<State>({
      labId: ID,
      name: PROGRAM,
      port: PORT,
      runs: `it runs on 127.0.0.1:${PORT}, exporting OTLP to Alloy`,
      env: {
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${otlpPorts.http}`,
        OTEL_METRIC_EXPORT_INTERVAL: String(EXPORT_MS),
      },
      // service.instance.id becomes Mimir's instance label: one per process, so only this
      // process's series count.
      perRun: (runId) => ({ OTEL_RESOURCE_ATTRIBUTES: `service.instance.id=${instanceOf(runId)}` }),
      // A new process per check: its counters start at 0 and count only this check's requests.
      freshEachCheck: true,
    }),

    check<State>(
      `${CHECKOUTS} checkouts reach Mimir as ${COUNTER} (tenant ${tenants.otel})`,
      async (ctx, state) => {
        const traffic = await sendTraffic(`${BASE}/checkout`, CHECKOUTS);
        if (traffic.ok !== CHECKOUTS)
          return fail(
            `POST ${BASE}/checkout failed ${traffic.sent - traffic.ok} of ${traffic.sent} times: ${traffic.firstError ?? ''}`,
          );
        state.traffic = traffic;
        const interval = otlpExportInterval(ctx, EXPORT_MS);
        return ctx.waitUntil({
          what: `your program's metrics in Mimir (instance ${instance(state)})`,
          budget: budget([
            { what: interval.what, ms: interval.ms, times: 2 },
            { what: 'Alloy batch timeout', ms: ctx.intervals.otlpBatchMs },
          ]),
          probe: () => counterArrived(state),
        });
      },
    ),

    check<State>(`the histogram arrives as ${HISTOGRAM}_*, counting each checkout once`, (ctx, state) => {
      const interval = otlpExportInterval(ctx, EXPORT_MS);
      // Normally in the counter's export; one more export if a checkout fell between the two.
      return ctx.waitUntil({
        what: `${HISTOGRAM}_count in Mimir`,
        budget: budget([
          { what: interval.what, ms: interval.ms },
          { what: 'Alloy batch timeout', ms: ctx.intervals.otlpBatchMs },
        ]),
        probe: () => histogramArrived(state),
      });
    }),

    check<State>(`its _sum is the checkouts' time in seconds`, async (_ctx, state) => {
      const sum = await queryValue(otel, `${HISTOGRAM}_sum{${mine(state)}}`);
      if (sum === undefined) return fail(`no ${HISTOGRAM}_sum{${mine(state)}} in Mimir`);
      return durationSumVerdict({
        sumSeconds: sum,
        traffic: state.traffic,
        minWorkMs: MIN_WORK_MS,
        metric: `${HISTOGRAM}_sum`,
        hint: 'in the handler: seconds := time.Since(start).Seconds() after the work, then otelDuration.Record(ctx, seconds)',
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
      for (const [key, question] of Object.entries(QUESTIONS)) {
        const judged = judgeAnswer(answers[key], question);
        if (judged.kind === 'todo') todo.push(key);
        else if (judged.kind === 'wrong')
          wrong.push(`${key}: "${judged.given}" is not it (${question.where})`);
      }
      if (todo.length > 0)
        return fail(`${shown} still has TODO for ${listOf(todo)}`, {
          hint: 'the curl line at the top of the file lists what Mimir stored for your program',
        });
      if (wrong.length > 0)
        return fail(`${shown}: ${wrong.join('; ')}`, {
          hint: 'query {job="lab-03-checkout"} in tenant otel and look at the names and labels',
        });
      return pass(`${Object.keys(QUESTIONS).length} answers`);
    }),
  ],
});
