/**
 * Lab 07: the learner's rule file is valid and has the two rules; the alert waits 1m, carries
 * severity="page", and fires both when the app's rate is 0 and when its recorded series is
 * missing (promtool test rules, in made-up worlds, in a second); then Mimir's ruler runs exactly
 * this upload (tenant lab-07, namespace lab-07), the recording rule writes a plausible
 * job="app" rate, and the alert is inactive while the app serves requests. A small lab
 * Prometheus scrapes the app into lab-07 so the rules have data: rules only read their tenant.
 */
import type {
  CheckContext,
  FileGroup,
  Final,
  Recorded,
  RulerUploadState,
  Sample,
  World,
} from '../kit/index.ts';
import {
  FEEDER_DEADLINE_MS,
  FEEDER_SCRAPE_MS,
  alertHasReadRecord,
  appReachesTenant,
  alertInWorld,
  budget,
  check,
  defineLab,
  evaluatedAt,
  evaluationMs,
  evaluationTerm,
  fail,
  formatLabels,
  formatMs,
  labEntry,
  labPort,
  labTenant,
  listOf,
  mimir,
  parseDuration,
  pass,
  promtoolCheckRules,
  query,
  queryValue,
  removeUpload,
  requireRule,
  ruleNamed,
  rulePlace,
  rulerRunsUpload,
  rulesOf,
  ruleFileGroups,
  wait,
} from '../kit/index.ts';

const ID = '07-mimir-rules';
const FILE = 'rules.yaml';
const entry = labEntry(ID);
const TENANT = labTenant(entry);
const PORT = labPort(entry, 'feeder');
const NAMESPACE = TENANT;
const RECORD = 'job:http_requests:rate1m';
const ALERT = 'AppRequestsStopped';
/** The series the alert watches. */
const SERIES = `${RECORD}{job="app"}`;
/** The goal's `for: 1m`. */
const FOR_MS = 60_000;
/** The window of rate() in the recording rule: [1m]. */
const RATE_WINDOW_MS = 60_000;
/**
 * How far the recorded rate may be from the app's rate over the same minute, recomputed from
 * http_requests_total at the sample's time: the ruler may have seen one scrape fewer than the
 * query does later, which moves a rate by a few percent, while increase() for rate() is 60 times it.
 */
const RATE_TOLERANCE = 0.25;

interface State extends RulerUploadState {
  /** The file's groups, every scalar a string, as the ruler reads them. */
  groups: FileGroup[];
  /** The recorded sample's time, and when the recording rule had last run by then. */
  recorded?: Recorded;
}

/**
 * Another job, shop, that keeps serving in every world: an alert about job app must not depend
 * on what other jobs record (absent() without the job matcher would see shop's series).
 */
const shopSeries = (samples: number): World['series'] => ({
  'http_requests_total{job="shop",instance="shop:8080",method="GET",route="/",status="200"}': `0+40x${samples}`,
  'up{job="shop",instance="shop:8080"}': `1x${samples}`,
});

const placeOf = (name: string) => rulePlace(TENANT, NAMESPACE, name);

/** The made-up worlds the alert must fire in, each up to `atMs`. */
const worlds = (atMs: number): Record<'stopped' | 'missing', World> => {
  const samples = Math.ceil(atMs / FEEDER_SCRAPE_MS) + 1;
  return {
    stopped: {
      story: 'the app is up but http_requests_total{job="app"} stops rising (job "shop" still serves)',
      sampleMs: FEEDER_SCRAPE_MS,
      series: {
        ...shopSeries(samples),
        'http_requests_total{job="app",instance="app:8080",method="GET",route="/api/products",status="200"}': `500x${samples}`,
        'up{job="app",instance="app:8080"}': `1x${samples}`,
      },
    },
    missing: {
      story: 'the app\'s series are gone altogether (job "shop" still serves)',
      sampleMs: FEEDER_SCRAPE_MS,
      series: shopSeries(samples),
    },
  };
};

/** The alert's state after enough time in `world` to fire: the rate window, `for` and 3 evaluations. */
async function alertFiresIn(ctx: CheckContext, state: State, which: 'stopped' | 'missing', hint: string) {
  const atMs = RATE_WINDOW_MS + FOR_MS + 3 * evaluationMs(state.groups, ctx.intervals.ruleEvaluationMs);
  const world = worlds(atMs)[which];
  const result = await alertInWorld(
    {
      rulesFile: ctx.path(FILE),
      shown: ctx.shown(FILE),
      evaluationMs: ctx.intervals.ruleEvaluationMs,
      world,
      atMs,
    },
    ALERT,
    [SERIES],
  );
  if ('kind' in result) return result;
  if (result.state === 'firing') return pass(`firing after ${formatMs(atMs)} (promtool test rules)`);
  return fail(`in a world where ${world.story}, ${ALERT} is ${result.state} after ${formatMs(atMs)}`, {
    hint,
    output: `promtool test rules, at ${formatMs(atMs)}: ${SERIES} = ${result.shown[0] ?? '?'}`,
  });
}

export default defineLab({
  id: ID,
  init: (): State => ({ groups: [], stored: [] }),
  checks: [
    check(`promtool accepts ${FILE}`, (ctx) =>
      promtoolCheckRules({ path: ctx.path(FILE), shown: ctx.shown(FILE) }),
    ),

    check<State>(`${FILE} has the recording rule ${RECORD} and the alert ${ALERT}`, (ctx, state) => {
      state.groups = ruleFileGroups(ctx.read(FILE));
      if (state.groups.length === 0)
        return fail(`${ctx.shown(FILE)} has no groups`, {
          hint: 'a rule file is `groups:`, a list of groups with a name and rules',
        });
      const missing =
        requireRule(state.groups, 'record', RECORD, FILE) ?? requireRule(state.groups, 'alert', ALERT, FILE);
      if (missing) return missing;
      return pass(`${rulesOf(state.groups).length} rule(s) in ${state.groups.length} group(s)`);
    }),

    check<State>(`${ALERT} waits for 1m and carries severity="page"`, (_ctx, state) => {
      const alert = ruleNamed(state.groups, 'alert', ALERT);
      if (!alert) return fail(`${ALERT} is missing`);
      if ((parseDuration(alert.for) ?? 0) !== FOR_MS)
        return fail(
          alert.for === undefined
            ? `${ALERT} has no \`for:\`, so it fires at its first evaluation; the goal is \`for: 1m\``
            : `${ALERT} has \`for: ${alert.for}\`; the goal is \`for: 1m\``,
          { hint: 'with `for: 1m` the alert stays pending for a minute before it fires' },
        );
      if (alert.labels['severity'] !== 'page')
        return fail(`${ALERT} has labels ${formatLabels(alert.labels)}, not severity="page"`, {
          hint: 'add `labels: { severity: page }` to the alert',
        });
      return pass(`for: ${alert.for ?? ''}, labels ${formatLabels(alert.labels)}`);
    }),

    check<State>(`${ALERT} fires when job="app" serves no requests`, (ctx, state) =>
      alertFiresIn(
        ctx,
        state,
        'stopped',
        `it should fire when the rate is 0: \`${SERIES} == 0\` (the recording rule must keep the job label)`,
      ),
    ),

    check<State>(`${ALERT} fires when ${SERIES} is missing`, (ctx, state) =>
      alertFiresIn(
        ctx,
        state,
        'missing',
        `add \`or absent(${SERIES})\`: absent() returns a series only when its selector matches nothing, so keep the job="app" matcher (other jobs' series would count)`,
      ),
    ),

    appReachesTenant<State>(ID, PORT, TENANT),

    ...rulerRunsUpload<State>({ labId: ID, tenant: TENANT, namespace: NAMESPACE, file: FILE }),

    check<State>(`${SERIES} is recorded`, (ctx, state) => {
      const since = state.since ?? Date.now() / 1000;
      const allowed = new Set([
        '__name__',
        'job',
        ...Object.keys(ruleNamed(state.groups, 'record', RECORD)?.labels ?? {}),
      ]);
      // rate() needs two samples in its window: an evaluation before the feeder delivered its
      // second scrape records nothing, and proves nothing. Unix seconds when two were queryable.
      let inputSince: number | undefined;
      return ctx.waitUntil({
        what: `an evaluation of ${RECORD} with two samples of the app in its window`,
        budget: budget([
          { what: 'feeder scrape interval (rate() needs 2 samples)', ms: FEEDER_SCRAPE_MS, times: 2 },
          { what: 'batch_send_deadline', ms: FEEDER_DEADLINE_MS },
          { what: 'ruler evaluation delay', ms: ctx.intervals.ruleEvaluationDelayMs },
          evaluationTerm(state.groups, ctx.intervals.ruleEvaluationMs, 2),
        ]),
        probe: async () => {
          const recorded = await query(
            mimir(TENANT),
            `${SERIES} and timestamp(${SERIES}) > ${since.toFixed(3)}`,
          );
          const first = recorded[0];
          if (first) {
            const at = (await queryValue(mimir(TENANT), `max(timestamp(${SERIES}))`)) ?? since;
            const place = await placeOf(RECORD);
            state.recorded = { at, ruleRanAt: place ? evaluatedAt(place.rule) : at };
            return recordedSeriesIsPlausible(recorded, at, allowed);
          }
          if (inputSince === undefined && (await twoSamples())) inputSince = Date.now() / 1000;
          const rule = (await placeOf(RECORD))?.rule;
          if (rule?.health === 'err') return fail(`${RECORD} fails to evaluate: ${rule.lastError ?? ''}`);
          const ranAt = rule ? evaluatedAt(rule) : 0;
          if (rule?.health !== 'ok' || !(ranAt > since)) return wait('not evaluated since the upload yet');
          const noSeries = `${RECORD} was evaluated but recorded no series with job="app"`;
          const hint =
            'the expression must keep the job label: `sum by (job) (rate(http_requests_total[1m]))`';
          // The ruler queries at its evaluation time minus the delay: only an evaluation that
          // looked at a moment when both samples were there decides.
          if (inputSince !== undefined && ranAt - ctx.intervals.ruleEvaluationDelayMs / 1000 > inputSince)
            return fail(noSeries, { hint });
          return wait(noSeries, { hint });
        },
      });
    }),

    check<State>(`${ALERT} is evaluated and inactive while the app serves requests`, (ctx, state) => {
      const recorded = state.recorded;
      return ctx.waitUntil({
        what: `an evaluation of ${ALERT} that reads the recorded series`,
        budget: budget([evaluationTerm(state.groups, ctx.intervals.ruleEvaluationMs, 2)]),
        probe: async () => {
          const alert = await placeOf(ALERT);
          if (!recorded) return fail(`${SERIES} was not recorded`);
          // Loaded a moment ago: a ruler that syncs again (the namespace was replaced) drops the
          // group for a moment before it loads it anew.
          if (!alert) return wait(`${ALERT} is not loaded at the moment`);
          const { rule } = alert;
          if (rule.health === 'err') return fail(`${ALERT} fails to evaluate: ${rule.lastError ?? ''}`);
          if (!alertHasReadRecord(alert, await placeOf(RECORD), recorded))
            return wait(`no evaluation of ${ALERT} since ${SERIES} was recorded yet`);
          if (rule.state !== 'inactive') {
            const labels = (rule.alerts ?? []).map((a) => formatLabels(a.labels)).join(', ');
            return fail(`${ALERT} is ${rule.state ?? '?'} while the app serves requests: ${labels}`, {
              hint: `it should fire only when the rate is 0 or missing: \`${SERIES} == 0 or absent(${SERIES})\``,
            });
          }
          return pass(`inactive, for ${formatMs((rule.duration ?? 0) * 1000)}`);
        },
      });
    }),
  ],
  teardown: () => removeUpload({ labId: ID, tenant: TENANT, namespace: NAMESPACE }),
});

/** The feeder has delivered two scrapes of the app within a rate window: rate() has an answer. */
const twoSamples = async (): Promise<boolean> =>
  (await query(mimir(TENANT), `count_over_time(up{job="app"}[${formatMs(RATE_WINDOW_MS)}]) >= 2`)).length > 0;

/**
 * The recorded series: one, labelled by job only (and the rule's own labels), whose value is
 * the app's request rate over the minute before its time `at`, recomputed from the counter.
 */
async function recordedSeriesIsPlausible(
  recorded: readonly Sample[],
  at: number,
  allowed: ReadonlySet<string>,
): Promise<Final> {
  const kept = [...new Set(recorded.flatMap((s) => Object.keys(s.metric)))].filter((l) => !allowed.has(l));
  if (kept.length > 0 || recorded.length > 1)
    return fail(
      `${RECORD} keeps ${listOf(kept.map((l) => `\`${l}\``))} besides job: ${recorded.length} series for job="app", such as ${formatLabels(recorded[0]?.metric ?? {})}`,
      { hint: '`sum by (job) (...)` keeps the job label only, one series per job' },
    );
  const value = recorded[0]?.value ?? NaN;
  const reference = await queryValue(
    mimir(TENANT),
    `sum(rate(http_requests_total{job="app"}[${formatMs(RATE_WINDOW_MS)}] @ ${at.toFixed(3)}))`,
  );
  const shown = `${formatLabels(recorded[0]?.metric ?? {})} = ${value.toFixed(3)}`;
  if (reference === undefined || Math.abs(value - reference) <= RATE_TOLERANCE * reference + 0.01)
    return pass(`${shown}/s${reference === undefined ? '' : ` (the app served ${reference.toFixed(3)}/s)`}`);
  return fail(
    `${shown}, but the app served ${reference.toFixed(3)} requests/s over that minute (rate(http_requests_total{job="app"}[1m]) summed)`,
    { hint: `${RECORD} is the per-second rate over 1m: \`sum by (job) (rate(http_requests_total[1m]))\`` },
  );
}
