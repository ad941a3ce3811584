/**
 * Lab 07: the learner's rule file is valid, Mimir's ruler accepts its groups (tenant lab-07,
 * namespace lab-07) and loads them, the recording rule writes its series, and the alert is
 * evaluated and inactive (the app serves requests). A small lab Prometheus scrapes the app into
 * lab-07 so the rules have data: rules only ever read their own tenant.
 */
import { parse, stringify } from 'yaml';
import { z } from 'zod';
import {
  budget,
  check,
  closest,
  defineLab,
  deleteRuleNamespace,
  didYouMean,
  ensureLabPrometheus,
  fail,
  formatLabels,
  formatMs,
  labEntry,
  labMemory,
  labPort,
  labTenant,
  listOf,
  mimir,
  parseDuration,
  pass,
  promtoolCheckRules,
  query,
  ruleStates,
  storedRuleGroups,
  uploadRuleGroup,
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
/** The window of rate() in the recording rule: [1m]. */
const RATE_WINDOW_MS = 60_000;

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

interface RuleFile {
  groups?: {
    name?: string;
    interval?: string;
    rules?: { record?: string; alert?: string; labels?: Record<string, string> }[];
  }[];
}

interface State {
  /** Unix seconds of the upload: only evaluations after it count. */
  uploadedAt?: number;
  /** What the ruler must show once it has loaded this upload: rule name → labels, in file order. */
  expected?: string;
}

/** A comparable fingerprint of rules: names and labels in order. */
const fingerprint = (
  rules: readonly { name: string; labels?: Readonly<Record<string, string>> | undefined }[],
): string => JSON.stringify(rules.map((r) => [r.name, Object.entries(r.labels ?? {}).sort()]));

const uploadedAt = (state: State): number => state.uploadedAt ?? 0;

/** The feeder has delivered two scrapes of the app within a rate window: rate() has an answer. */
const twoSamples = async (): Promise<boolean> =>
  (await query(mimir(TENANT), `count_over_time(up{job="app"}[${formatMs(RATE_WINDOW_MS)}]) >= 2`)).length > 0;

/** The last upload (text, time, and Mimir's stored copy), kept in .stack/lab/07-mimir-rules/ between checks. */
const lastUpload = labMemory(
  ID,
  'last-upload',
  z.object({ text: z.string(), at: z.number(), stored: z.string() }),
);

const groupsOf = (text: string): NonNullable<RuleFile['groups']> =>
  (parse(text) as RuleFile | null)?.groups ?? [];

/** The longest group interval in the file, or the ruler's default. */
const evaluationMs = (text: string, fallback: number): number =>
  Math.max(fallback, ...groupsOf(text).map((g) => parseDuration(g.interval) ?? 0));

export default defineLab({
  id: ID,
  init: (): State => ({}),
  checks: [
    check(`promtool accepts ${FILE}`, (ctx) =>
      promtoolCheckRules({ path: ctx.path(FILE), shown: ctx.shown(FILE) }),
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
      const groups = groupsOf(ctx.read(FILE));
      if (groups.length === 0)
        return fail(`${ctx.shown(FILE)} has no groups`, {
          hint: 'a rule file is `groups:`, a list of groups with a name and rules',
        });
      state.expected = fingerprint(
        groups.flatMap((g) =>
          (g.rules ?? []).map((r) => ({ name: r.record ?? r.alert ?? '', labels: r.labels })),
        ),
      );
      // The same file as last time, still stored: keep it, so a re-check need not wait for a
      // new evaluation. Its evaluations since that upload count.
      const text = stringify(groups);
      const last = lastUpload.recall();
      // Mimir's stored copy is compared too: something else may have replaced it since.
      if (last?.text === text && last.stored === (await storedRuleGroups(TENANT, NAMESPACE))) {
        state.uploadedAt = last.at;
        return pass(`${groups.length} group(s), unchanged since the last check`);
      }
      // Replace, not merge: a group renamed since the last check must not linger.
      await deleteRuleNamespace(TENANT, NAMESPACE);
      state.uploadedAt = Date.now() / 1000;
      for (const group of groups) {
        const uploaded = await uploadRuleGroup(TENANT, NAMESPACE, stringify(group));
        if (!uploaded.ok) {
          lastUpload.forget();
          return fail(`Mimir's ruler refused group "${group.name ?? '?'}": ${uploaded.error}`);
        }
      }
      lastUpload.remember({
        text,
        at: state.uploadedAt,
        stored: (await storedRuleGroups(TENANT, NAMESPACE)) ?? '',
      });
      return pass(`${groups.length} group(s) uploaded`);
    }),

    check<State>(`the ruler runs ${RECORD} and ${ALERT}`, (ctx, state) =>
      ctx.waitUntil({
        what: 'the ruler to load the groups',
        budget: budget([{ what: 'ruler poll interval', ms: ctx.intervals.rulerPollMs }]),
        probe: async () => {
          const loaded = (await ruleStates(TENANT)).filter((g) => g.file === NAMESPACE);
          const rules = loaded.flatMap((g) => g.rules);
          // Until the next poll the ruler still runs the previous upload: wait for this one.
          if (rules.length === 0 || fingerprint(rules) !== state.expected)
            return wait(`the ruler has not loaded this upload yet`);
          const names = rules.map((r) => r.name);
          const missing = [RECORD, ALERT].filter((n) => !names.includes(n));
          if (missing.length === 0)
            return pass(loaded.map((g) => `${g.name}: ${g.rules.length} rules`).join(', '));
          const wanted = missing[0] ?? '';
          return fail(
            `no rule named ${listOf(missing)}; the ruler has ${listOf(names)}${didYouMean(wanted, names, 'it')}`,
            {
              hint: closest(wanted, names)
                ? 'rule names are matched exactly'
                : `add \`- record: ${RECORD}\` and \`- alert: ${ALERT}\``,
            },
          );
        },
      }),
    ),

    check<State>(`${RECORD}{job="app"} is recorded`, (ctx, state) => {
      const evaluation = evaluationMs(ctx.read(FILE), ctx.intervals.ruleEvaluationMs);
      const delaySeconds = ctx.intervals.ruleEvaluationDelayMs / 1000;
      // rate() needs two samples in its window: an evaluation before the feeder delivered its
      // second scrape records nothing, and proves nothing. Unix seconds when two were queryable.
      let inputSince: number | undefined;
      return ctx.waitUntil({
        what: `an evaluation of ${RECORD} with two samples of the app in its window`,
        budget: budget([
          { what: 'feeder scrape interval (rate() needs 2 samples)', ms: FEEDER_SCRAPE_MS, times: 2 },
          { what: 'batch_send_deadline', ms: FEEDER_DEADLINE_MS },
          { what: 'ruler evaluation delay', ms: ctx.intervals.ruleEvaluationDelayMs },
          { what: 'rule evaluation interval', ms: evaluation, times: 2 },
        ]),
        probe: async () => {
          const recorded = await query(
            mimir(TENANT),
            `${RECORD}{job="app"} and timestamp(${RECORD}{job="app"}) > ${uploadedAt(state).toFixed(3)}`,
          );
          const first = recorded[0];
          if (first) return pass(`${formatLabels(first.metric)} = ${first.value.toFixed(3)}/s`);
          if (inputSince === undefined && (await twoSamples())) inputSince = Date.now() / 1000;
          const rule = (await ruleStates(TENANT)).flatMap((g) => g.rules).find((r) => r.name === RECORD);
          if (rule?.health === 'err') return fail(`the rule fails to evaluate: ${rule.lastError ?? ''}`);
          const evaluatedAt = Date.parse(rule?.lastEvaluation ?? '') / 1000;
          if (rule?.health !== 'ok' || !(evaluatedAt > uploadedAt(state))) return wait('not evaluated yet');
          const noSeries = `${RECORD} was evaluated but recorded no series with job="app"`;
          const hint =
            'the expression must keep the job label: `sum by (job) (rate(http_requests_total[1m]))`';
          // The ruler queries at its evaluation time minus the delay: only an evaluation that
          // looked at a moment when both samples were there decides.
          if (inputSince !== undefined && evaluatedAt - delaySeconds > inputSince)
            return fail(noSeries, { hint });
          return wait(noSeries, { hint });
        },
      });
    }),

    check<State>(`${ALERT} is evaluated, inactive, with severity="page"`, (ctx, state) =>
      ctx.waitUntil({
        what: `the first evaluation of ${ALERT}`,
        budget: budget([
          {
            what: 'rule evaluation interval',
            ms: evaluationMs(ctx.read(FILE), ctx.intervals.ruleEvaluationMs),
          },
        ]),
        probe: async () => {
          const rule = (await ruleStates(TENANT)).flatMap((g) => g.rules).find((r) => r.name === ALERT);
          if (!rule) return fail(`${ALERT} is not loaded`);
          if (rule.type !== 'alerting')
            return fail(`${ALERT} is a ${rule.type} rule`, { hint: `write it as \`- alert: ${ALERT}\`` });
          if (rule.health === 'err') return fail(`${ALERT} fails to evaluate: ${rule.lastError ?? ''}`);
          if (rule.health !== 'ok' || Date.parse(rule.lastEvaluation) / 1000 <= uploadedAt(state))
            return wait('not evaluated yet');
          if (rule.labels?.['severity'] !== 'page') {
            return fail(`${ALERT} has labels ${formatLabels(rule.labels ?? {})}, not severity="page"`, {
              hint: 'add `labels: { severity: page }` to the alert',
            });
          }
          if (rule.state !== 'inactive') {
            return fail(`${ALERT} is ${rule.state ?? '?'} while the app serves requests`, {
              hint: `it should fire only when the rate is 0 or missing: \`${RECORD}{job="app"} == 0 or absent(${RECORD}{job="app"})\``,
            });
          }
          return pass(`inactive, for ${rule.duration ?? 0}s`);
        },
      }),
    ),
  ],
  teardown: async () => {
    lastUpload.forget();
    if ((await storedRuleGroups(TENANT, NAMESPACE)) === undefined) return [];
    await deleteRuleNamespace(TENANT, NAMESPACE);
    return [`deleted rule namespace ${NAMESPACE} of tenant ${TENANT}`];
  },
});
