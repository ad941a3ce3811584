/**
 * Lab 07: the learner's rule file is valid and has the two rules; the alert waits 1m, carries
 * severity="page", and fires both when the app's rate is 0 and when its recorded series is
 * missing (promtool test rules, in made-up worlds, in a second); then Mimir's ruler runs exactly
 * this upload (tenant lab-07, namespace lab-07), the recording rule writes a plausible
 * job="app" rate, and the alert is inactive while the app serves requests. A small lab
 * Prometheus scrapes the app into lab-07 so the rules have data: rules only read their tenant.
 */
import { z } from 'zod';
import type { CheckContext, FileGroup, FileRule, Final, Sample, Term, World } from '../kit/index.ts';
import {
  alertInWorld,
  budget,
  check,
  closest,
  defineLab,
  deleteRuleNamespace,
  didYouMean,
  ensureLabPrometheus,
  evaluatedAt,
  fail,
  formatLabels,
  formatMs,
  groupTexts,
  labEntry,
  labMemory,
  labPort,
  labTenant,
  listOf,
  loadedDifference,
  mimir,
  parseDuration,
  parseStoredGroups,
  pass,
  promqlNormaliser,
  promtoolCheckRules,
  query,
  queryValue,
  replaceNamespace,
  ruleFileGroups,
  ruleStates,
  storedRuleGroups,
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

/** The feeder's scrape_interval and batch_send_deadline. */
const FEEDER_SCRAPE_MS = 5_000;
const FEEDER_DEADLINE_MS = 1_000;
/** The feeder: scrapes the app into tenant lab-07, batches sent within a second. */
const FEEDER_CONFIG = `global:
  scrape_interval: ${formatMs(FEEDER_SCRAPE_MS)}
scrape_configs:
  - job_name: app
    static_configs:
      - targets: ['app:8080']
remote_write:
  - url: http://mimir:9009/api/v1/push
    headers:
      X-Scope-OrgID: ${TENANT}
    queue_config:
      batch_send_deadline: ${formatMs(FEEDER_DEADLINE_MS)}
`;

interface State {
  /** The file's groups, every scalar a string, as the ruler reads them. */
  groups: FileGroup[];
  /** Mimir's stored copy of this upload. */
  stored: FileGroup[];
  /** Unix seconds from which the ruler runs this upload: only its evaluations after it count. */
  since?: number;
  /** The recorded sample's time, and when the recording rule had last run by then (Unix seconds). */
  recorded?: { readonly at: number; readonly ruleRanAt: number };
}

/** The last upload (its text, Mimir's stored copy, and when the ruler was seen running it). */
const lastUpload = labMemory(
  ID,
  'last-upload',
  z.object({ text: z.string(), stored: z.string(), loadedAt: z.number().optional() }),
);

const rulesOf = (groups: readonly FileGroup[]): FileRule[] => groups.flatMap((g) => g.rules);
const recordOf = (groups: readonly FileGroup[]): FileRule | undefined =>
  rulesOf(groups).find((r) => r.record === RECORD);
const alertOf = (groups: readonly FileGroup[]): FileRule | undefined =>
  rulesOf(groups).find((r) => r.alert === ALERT);

/** The longest evaluation interval among the groups (a group without one gets the ruler's). */
const evaluationMs = (groups: readonly FileGroup[], fallback: number): number =>
  groups.length === 0 ? fallback : Math.max(...groups.map((g) => parseDuration(g.interval) ?? fallback));

/** The evaluation interval as a wait term, saying whether the file or the ruler's default set it. */
const evaluationTerm = (groups: readonly FileGroup[], fallback: number, times: number): Term => {
  const ms = evaluationMs(groups, fallback);
  const own = groups.some((g) => parseDuration(g.interval) === ms);
  return {
    what: own ? 'your group interval' : "the ruler's evaluation_interval (stack/mimir/mimir.yaml)",
    ms,
    times,
  };
};

/** Fails naming what the file has instead when `name` is not a rule of `kind`. */
function requireRule(groups: readonly FileGroup[], kind: 'record' | 'alert', name: string) {
  const rules = rulesOf(groups);
  const names = rules.flatMap((r) => r[kind] ?? []);
  if (names.includes(name)) return undefined;
  const other = kind === 'record' ? 'alert' : 'record';
  if (rules.some((r) => r[other] === name))
    return fail(`${name} is ${kind === 'record' ? 'an alert' : 'a recording rule'} in ${FILE}`, {
      hint: `write it as \`- ${kind}: ${name}\``,
    });
  const noun = kind === 'record' ? 'recording rule' : 'alert';
  return fail(
    `no ${noun} named ${name}; ${FILE} has ${listOf(names.map((n) => `\`${n}\``))}${didYouMean(name, names, 'it')}`,
    {
      hint: closest(name, names) ? 'rule names are matched exactly' : `add \`- ${kind}: ${name}\``,
    },
  );
}

/**
 * Another job, shop, that keeps serving in every world: an alert about job app must not depend
 * on what other jobs record (absent() without the job matcher would see shop's series).
 */
const shopSeries = (samples: number): World['series'] => ({
  'http_requests_total{job="shop",instance="shop:8080",method="GET",route="/",status="200"}': `0+40x${samples}`,
  'up{job="shop",instance="shop:8080"}': `1x${samples}`,
});

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

/** The rule's place in the loaded groups: which group, and its position there. */
const placeOf = async (name: string) => {
  for (const group of (await ruleStates(TENANT)).filter((g) => g.file === NAMESPACE)) {
    const index = group.rules.findIndex((r) => r.name === name);
    const rule = group.rules[index];
    if (rule) return { group, index, rule };
  }
  return undefined;
};

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
        requireRule(state.groups, 'record', RECORD) ?? requireRule(state.groups, 'alert', ALERT);
      if (missing) return missing;
      return pass(`${rulesOf(state.groups).length} rule(s) in ${state.groups.length} group(s)`);
    }),

    check<State>(`${ALERT} waits for 1m and carries severity="page"`, (_ctx, state) => {
      const alert = alertOf(state.groups);
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

    check(`the app's metrics reach tenant ${TENANT} (feeder on 127.0.0.1:${PORT})`, async (ctx) => {
      const feeder = await ensureLabPrometheus(ID, 'feeder', PORT, FEEDER_CONFIG, false);
      if ('kind' in feeder) return feeder;
      if (!feeder.result.ok)
        return fail(`the feeder Prometheus did not start: ${feeder.result.reason}`, {
          output: feeder.result.logTail,
        });
      return ctx.waitUntil({
        what: `the app's series in tenant ${TENANT}`,
        budget: budget([
          { what: 'feeder scrape interval', ms: FEEDER_SCRAPE_MS, times: 2 },
          { what: 'batch_send_deadline', ms: FEEDER_DEADLINE_MS },
        ]),
        probe: async () => {
          const up = await query(mimir(TENANT), 'up{job="app"}');
          return up.length > 0 ? pass() : wait(`no up{job="app"} in tenant ${TENANT} yet`);
        },
      });
    }),

    check<State>(`Mimir's ruler accepts the groups (namespace ${NAMESPACE})`, async (ctx, state) => {
      const groups = groupTexts(ctx.read(FILE));
      const text = groups.map((g) => g.yaml).join('\n---\n');
      const last = lastUpload.recall();
      const storedText = await storedRuleGroups(TENANT, NAMESPACE);
      // The same file as last time, still stored as then: keep it, so a re-check need not wait
      // for the ruler again. Its evaluations since the ruler was seen running it count.
      if (storedText !== undefined && last?.text === text && last.stored === storedText) {
        state.stored = parseStoredGroups(storedText, NAMESPACE);
        if (last.loadedAt !== undefined) state.since = last.loadedAt;
        return pass(`${groups.length} group(s), unchanged since the last check`);
      }
      lastUpload.forget();
      const replaced = await replaceNamespace(TENANT, NAMESPACE, groups);
      if (!replaced.ok) return fail(`Mimir's ruler refused group "${replaced.group}": ${replaced.error}`);
      state.stored = replaced.stored.groups;
      lastUpload.remember({ text, stored: replaced.stored.text });
      return pass(`${groups.length} group(s) uploaded`);
    }),

    check<State>('the ruler has loaded this upload', (ctx, state) => {
      // Mimir's own formatter: the parser the ruler printed its expressions with.
      const normalise = promqlNormaliser(mimir(TENANT).base, TENANT);
      return ctx.waitUntil({
        what: 'the ruler to load this upload',
        budget: budget([{ what: 'ruler poll interval', ms: ctx.intervals.rulerPollMs }]),
        probe: async () => {
          const loaded = (await ruleStates(TENANT)).filter((g) => g.file === NAMESPACE);
          const difference = await loadedDifference(
            state.stored,
            loaded,
            ctx.intervals.ruleEvaluationMs,
            normalise,
          );
          // Until its next sync the ruler runs the previous upload: wait for this one.
          if (difference) return wait(`the ruler does not run this upload yet: ${difference}`);
          if (state.since === undefined) {
            // From now on the ruler's evaluations are this upload's; before, they may be the last one's.
            state.since = Date.now() / 1000;
            const last = lastUpload.recall();
            if (last) lastUpload.remember({ ...last, loadedAt: state.since });
          }
          return pass(
            loaded
              .map((g) => `${g.name}: ${g.rules.length} rule(s) every ${formatMs(g.interval * 1000)}`)
              .join(', '),
          );
        },
      });
    }),

    check<State>(`${SERIES} is recorded`, (ctx, state) => {
      const since = state.since ?? Date.now() / 1000;
      const allowed = new Set(['__name__', 'job', ...Object.keys(recordOf(state.groups)?.labels ?? {})]);
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
          if (!(evaluatedAt(rule) >= readsRecordFrom(alert, await placeOf(RECORD), recorded)))
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
  teardown: async () => {
    lastUpload.forget();
    if ((await storedRuleGroups(TENANT, NAMESPACE)) === undefined) return [];
    await deleteRuleNamespace(TENANT, NAMESPACE);
    return [`deleted rule namespace ${NAMESPACE} of tenant ${TENANT}`];
  },
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

type Place = NonNullable<Awaited<ReturnType<typeof placeOf>>>;

/**
 * From when (Unix seconds, the alert's last run) an evaluation of the alert has read the
 * recorded series. A group runs its rules in order, each seeing what the earlier ones wrote at
 * the same time: an alert after the recording rule in its group reads it in the same run. An
 * alert before it, or in another group, reads it at a later run: a second after the sample, so
 * its evaluation time is past the sample's and the sample is written.
 */
function readsRecordFrom(
  alert: Place,
  record: Place | undefined,
  recorded: State['recorded'] & object,
): number {
  if (record && record.group.name === alert.group.name && record.index < alert.index)
    return recorded.ruleRanAt;
  return recorded.at + 1;
}
