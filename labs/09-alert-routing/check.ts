/**
 * Lab 09: two alerting rules in Mimir's ruler and the tenant's Alertmanager configuration,
 * judged by what the real path does with them: the rules fire on the app's data (a feeder
 * Prometheus scrapes it into tenant lab-09), the Alertmanager routes each alert to its receiver
 * and inhibits the warning, a notification of the critical alert reaches the app's on-call
 * webhook, and none of the warning does.
 *
 * A notification is judged by the alert it carries (fingerprint and start), not by when it
 * came: the Alertmanager notifies a group once and then only every repeat_interval, so a
 * re-check of a configuration already delivered finds the notification it sent before. A
 * receiver that changed is a new notification; a webhook URL that changed is checked in the
 * file, since the Alertmanager would not send again to the same receiver.
 */
import { parse } from 'yaml';
import type { AlertmanagerAlert, FileGroup, Notification, RulerUploadState } from '../kit/index.ts';
import {
  alertmanagerAlerts,
  appReachesTenant,
  budget,
  check,
  configHash,
  defineLab,
  deleteAlertmanagerConfig,
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
  removeUpload,
  renderForStack,
  requireRule,
  ruleFileGroups,
  ruleNamed,
  rulerRunsUpload,
  ruleStates,
  runningConfigHash,
  silence,
  sameAddress,
  uploadAlertmanagerConfig,
  wait,
  webhookNotifications,
  webhookPath,
} from '../kit/index.ts';

const ID = '09-alert-routing';
const RULES = 'rules.yaml';
const CONFIG = 'alertmanager.yaml';
const entry = labEntry(ID);
const TENANT = labTenant(entry);
const PORT = labPort(entry, 'feeder');
const NAMESPACE = TENANT;
const WEBHOOK = `http://app:8080${webhookPath}`;

/** The two alerts: their severity, and the receiver the route must pick. */
const ALERTS = {
  SlowRequestsWarning: { severity: 'warning', receiver: 'shop-oncall' },
  SlowRequestsCritical: { severity: 'critical', receiver: 'shop-pager' },
} as const;
type AlertName = keyof typeof ALERTS;
const WARNING: AlertName = 'SlowRequestsWarning';
const CRITICAL: AlertName = 'SlowRequestsCritical';
const NAMES = Object.keys(ALERTS) as AlertName[];
/** A repeat_interval up to this long is waited for; a longer one is not (the default is 4h). */
const MAX_REPEAT_MS = 120_000;
/** Longer than this and the lab would wait minutes for an alert to fire. */
const MAX_FOR_MS = 60_000;

interface State extends RulerUploadState {
  groups: FileGroup[];
  /** group_wait and group_interval of the route, for the budgets. */
  /** configHash of what was uploaded: the running configuration's hash must be this. */
  uploadedHash?: number;
  groupWaitMs?: number;
  /** repeat_interval, when short enough to wait for: a resend after the app forgot the first. */
  repeatMs?: number | undefined;
  groupIntervalMs?: number;
  /** When this check first saw the warning inhibited (ms). */
  inhibitedAt?: number;
  alerts?: Partial<Record<AlertName, AlertmanagerAlert>>;
}

interface Route {
  readonly receiver?: string;
  readonly group_wait?: string;
  readonly group_interval?: string;
  readonly repeat_interval?: string;
  readonly routes?: readonly Route[];
}
interface AmConfig {
  readonly route?: Route;
  readonly receivers?: readonly {
    readonly name?: string;
    readonly webhook_configs?: readonly { readonly url?: string }[];
  }[];
  readonly inhibit_rules?: readonly unknown[];
}

/** The file as YAML, or undefined (Mimir's validation says why, with the line). */
function amConfig(text: string): AmConfig | undefined {
  try {
    return (parse(text) as AmConfig | null) ?? undefined;
  } catch {
    return undefined;
  }
}

/** A webhook URL that is not the shop's webhook (compared as either mode writes it), if any. */
function strayWebhook(config: AmConfig): { receiver: string; url: string } | undefined {
  for (const receiver of config.receivers ?? [])
    for (const hook of receiver.webhook_configs ?? []) {
      const url = hook.url ?? '';
      if (!sameAddress(url, WEBHOOK)) return { receiver: receiver.name ?? '?', url };
    }
  return undefined;
}

const alertOf = (alerts: readonly AlertmanagerAlert[], name: AlertName) =>
  alerts.find((a) => a.labels['alertname'] === name);

/** A notification that carries this very alert: same fingerprint, same start. */
const carries = (n: Notification, alert: AlertmanagerAlert): boolean =>
  n.alerts.some(
    (a) => a.fingerprint === alert.fingerprint && Date.parse(a.startsAt) === Date.parse(alert.startsAt),
  );

const names = (alerts: readonly { labels: Readonly<Record<string, string>> }[]): string =>
  listOf([...new Set(alerts.map((a) => a.labels['alertname'] ?? '?'))]);

/** Why an alert that should fire does not: the expression's value now, in tenant lab-09. */
async function whyNotFiring(state: State, name: AlertName): Promise<string> {
  const rule = ruleNamed(state.groups, 'alert', name);
  const expr = (rule?.expr ?? '').replace(/\s*>\s*[\d.]+\s*$/, '');
  if (!expr) return '';
  const now = await query(mimir(TENANT), expr).catch(() => []);
  return now.length === 0
    ? ` (its expression without the threshold returns nothing in tenant ${TENANT}: the feeder stores classic histograms, \`http_request_duration_seconds_bucket\` with \`le\`)`
    : ` (without the threshold it is ${now.map((s) => s.value.toFixed(3)).join(', ')} now)`;
}

export default defineLab({
  id: ID,
  init: (): State => ({ groups: [], stored: [] }),
  checks: [
    check(`promtool accepts ${RULES}`, (ctx) =>
      promtoolCheckRules({ path: ctx.path(RULES), shown: ctx.shown(RULES) }),
    ),

    check<State>(`${RULES} has ${listOf(NAMES)}, each with its severity and a short for`, (ctx, state) => {
      state.groups = ruleFileGroups(ctx.read(RULES));
      for (const name of NAMES) {
        const missing = requireRule(state.groups, 'alert', name, RULES);
        if (missing) return missing;
        const rule = ruleNamed(state.groups, 'alert', name);
        const want = ALERTS[name].severity;
        if (rule?.labels['severity'] !== want)
          return fail(`${name} has labels ${formatLabels(rule?.labels ?? {})}, not severity="${want}"`, {
            hint: `the route and the inhibit rule match on severity: \`labels: { severity: ${want} }\``,
          });
        const forMs = parseDuration(rule.for) ?? 0;
        if (forMs > MAX_FOR_MS)
          return fail(
            `${name} has \`for: ${rule.for ?? ''}\`: the lab waits up to ${formatMs(MAX_FOR_MS)} for it to fire`,
            {
              hint: 'keep `for: 15s`, as the warning has',
            },
          );
      }
      const forOf = (name: AlertName): number =>
        parseDuration(ruleNamed(state.groups, 'alert', name)?.for) ?? 0;
      if (forOf(CRITICAL) > forOf(WARNING))
        return fail(
          `${CRITICAL} waits longer (for: ${formatMs(forOf(CRITICAL))}) than ${WARNING} (for: ${formatMs(forOf(WARNING))})`,
          {
            hint: 'the warning would fire first and be sent before the critical alert can inhibit it: an inhibition holds only while its source fires. Give both the same for:',
          },
        );
      return pass();
    }),

    check<State>(`Mimir accepts ${CONFIG} for tenant ${TENANT}`, async (ctx, state) => {
      const text = ctx.read(CONFIG);
      const config = amConfig(text);
      const stray = config && strayWebhook(config);
      if (stray)
        return fail(
          `receiver ${stray.receiver} sends to ${stray.url}, which is not the shop's on-call webhook`,
          {
            hint: `every receiver of this lab delivers to \`${WEBHOOK}\`, where the checker reads what arrived`,
          },
        );
      if (config && (config.inhibit_rules ?? []).length === 0)
        return fail(
          `${ctx.shown(CONFIG)} has no inhibit_rules, so ${WARNING} would be sent beside ${CRITICAL}`,
          {
            hint: 'a top-level list: `inhibit_rules: [{ source_matchers: [\'severity="critical"\'], target_matchers: [\'severity="warning"\'], equal: [route] }]`',
          },
        );
      const rendered = renderForStack(text);
      const uploaded = await uploadAlertmanagerConfig(TENANT, rendered);
      if (!uploaded.ok)
        return fail(`Mimir refused ${ctx.shown(CONFIG)}:`, {
          output: uploaded.error,
          hint: 'the line numbers are lines of your file',
        });
      state.uploadedHash = configHash(rendered);
      state.groupWaitMs = parseDuration(config?.route?.group_wait) ?? 30_000;
      const repeat = parseDuration(config?.route?.repeat_interval) ?? 4 * 3_600_000;
      state.repeatMs = repeat <= MAX_REPEAT_MS ? repeat : undefined;
      state.groupIntervalMs = parseDuration(config?.route?.group_interval) ?? 300_000;
      return pass();
    }),

    check<State>(`tenant ${TENANT}'s Alertmanager runs it`, (ctx, state) => {
      const want = state.uploadedHash;
      return ctx.waitUntil({
        what: `the Alertmanager to load the configuration`,
        budget: budget([
          { what: 'Alertmanager poll interval', ms: ctx.intervals.alertmanagerPollMs, times: 2 },
        ]),
        probe: async () =>
          (await runningConfigHash(TENANT)) === want
            ? pass()
            : wait('the Alertmanager still runs the previous configuration'),
      });
    }),

    appReachesTenant<State>(ID, PORT, TENANT),

    ...rulerRunsUpload<State>({ labId: ID, tenant: TENANT, namespace: NAMESPACE, file: RULES }),

    check<State>(`${listOf(NAMES)} fire in the ruler`, (ctx, state) => {
      const longestFor = Math.max(
        ...NAMES.map((n) => parseDuration(ruleNamed(state.groups, 'alert', n)?.for) ?? 0),
      );
      return ctx.waitUntil({
        what: 'both alerts to fire',
        budget: budget([
          { what: 'rate() window of 1m, filled by the feeder', ms: 60_000 },
          { what: 'the longest for:', ms: longestFor },
          evaluationTerm(state.groups, ctx.intervals.ruleEvaluationMs, 2),
        ]),
        probe: async () => {
          const rules = (await ruleStates(TENANT))
            .filter((g) => g.file === NAMESPACE)
            .flatMap((g) => g.rules);
          for (const name of NAMES) {
            const rule = rules.find((r) => r.name === name);
            if (rule?.health === 'err') return fail(`${name} fails to evaluate: ${rule.lastError ?? ''}`);
            if (rule?.state !== 'firing')
              return wait(`${name} is ${rule?.state ?? 'not loaded'}${await whyNotFiring(state, name)}`);
          }
          return pass();
        },
      });
    }),

    check<State>('the Alertmanager routes each to its receiver', (ctx, state) =>
      ctx.waitUntil({
        what: 'the ruler to send the firing alerts',
        budget: budget([evaluationTerm(state.groups, ctx.intervals.ruleEvaluationMs, 2)]),
        probe: async () => {
          const alerts = await alertmanagerAlerts(TENANT);
          state.alerts = {};
          for (const name of NAMES) {
            const alert = alertOf(alerts, name);
            if (!alert)
              return wait(`the Alertmanager has no ${name} yet (it has ${names(alerts) || 'none'})`);
            state.alerts[name] = alert;
            const receivers = alert.receivers.map((r) => r.name);
            const want = ALERTS[name].receiver;
            if (receivers.length !== 1 || receivers[0] !== want)
              return fail(
                `the route sends ${name} (severity="${ALERTS[name].severity}") to ${listOf(receivers)}, not to ${want}`,
                {
                  hint:
                    name === CRITICAL
                      ? `a child route under \`route:\`: \`routes: [{ matchers: ['severity="critical"'], receiver: shop-pager }]\`; matchers compare exact values, case included`
                      : 'alerts no child route matches stay with the top-level receiver, shop-oncall',
                },
              );
          }
          return pass(NAMES.map((n) => `${n} → ${ALERTS[n].receiver}`).join(', '));
        },
      }),
    ),

    check<State>(`${WARNING} is inhibited by ${CRITICAL}, which nothing silences`, (ctx, state) =>
      ctx.waitUntil({
        what: `the Alertmanager to decide about ${WARNING}`,
        // The status shown is what the notification pipeline decided at the group's last
        // flush: after a configuration change, up to group_interval ago.
        budget: budget([
          { what: 'Alertmanager poll interval', ms: ctx.intervals.alertmanagerPollMs },
          { what: 'group_interval', ms: state.groupIntervalMs ?? 300_000 },
        ]),
        probe: async () => {
          const alerts = await alertmanagerAlerts(TENANT);
          const warning = alertOf(alerts, WARNING);
          const critical = alertOf(alerts, CRITICAL);
          if (!warning || !critical) return fail(`the Alertmanager lost ${!warning ? WARNING : CRITICAL}`);
          if (critical.status.silencedBy.length > 0) {
            const id = critical.status.silencedBy[0] ?? '';
            const s = await silence(TENANT, id);
            return fail(
              `a silence keeps ${CRITICAL} from being sent: ${id}${s?.comment ? ` ("${s.comment}")` : ''}`,
              {
                hint: `expire it: \`curl -s -X DELETE -H 'X-Scope-OrgID: ${TENANT}' 127.0.0.1:9009/alertmanager/api/v2/silence/${id}\``,
              },
            );
          }
          if (critical.status.inhibitedBy.length > 0)
            return wait(`${CRITICAL} is itself inhibited`, {
              hint: 'the inhibit rule works the other way round: source_matchers is the alert that suppresses (critical), target_matchers the suppressed ones (warning)',
            });
          if (!warning.status.inhibitedBy.includes(critical.fingerprint))
            return wait(
              `${WARNING} is ${warning.status.state}${warning.status.silencedBy.length > 0 ? ' (silenced, but not inhibited)' : ''}, not inhibited by ${CRITICAL}`,
              {
                hint: `an inhibit rule: \`source_matchers: ['severity="critical"']\`, \`target_matchers: ['severity="warning"']\` and \`equal: [route]\` (both alerts carry route="${warning.labels['route'] ?? ''}")`,
              },
            );
          state.alerts = { [WARNING]: warning, [CRITICAL]: critical };
          state.inhibitedAt = Date.now();
          return pass(`${WARNING} is ${warning.status.state}`);
        },
      }),
    ),

    check<State>(
      `a notification of ${CRITICAL} reached the webhook through ${ALERTS[CRITICAL].receiver}`,
      (ctx, state) =>
        ctx.waitUntil({
          what: `the Alertmanager to notify ${CRITICAL}`,
          budget: budget([
            { what: 'group_wait', ms: state.groupWaitMs ?? 30_000 },
            ...(state.repeatMs === undefined
              ? []
              : [{ what: 'repeat_interval (a resend, if the app forgot the first)', ms: state.repeatMs }]),
            { what: 'delivery', ms: 5_000 },
          ]),
          probe: async () => {
            const critical = state.alerts?.[CRITICAL];
            if (!critical) return fail(`the Alertmanager has no ${CRITICAL}`);
            const delivered = (await webhookNotifications()).filter((n) => carries(n, critical));
            const right = delivered.find((n) => n.receiver === ALERTS[CRITICAL].receiver);
            if (right) return pass(`${right.status}, received ${new Date(right.receivedAt).toISOString()}`);
            return wait(
              delivered.length > 0
                ? `${CRITICAL} arrived through ${listOf(delivered.map((n) => n.receiver))}, not ${ALERTS[CRITICAL].receiver}`
                : `no notification of this ${CRITICAL} (started ${critical.startsAt}) at ${WEBHOOK} yet`,
              {
                hint: `the app keeps notifications in memory and forgets them when it restarts, while the Alertmanager remembers what it sent: it sends a firing group again only after repeat_interval (1m in the lab's file)`,
              },
            );
          },
        }),
    ),

    check<State>(`no notification of ${WARNING} since it is inhibited`, async (_ctx, state) => {
      // Not since the upload: a configuration that loads resets the Alertmanager's groups, and
      // one may flush before its inhibitor has seen the critical alert.
      const arrived = (await webhookNotifications(state.inhibitedAt ?? 0)).filter((n) =>
        n.alerts.some((a) => a.labels['alertname'] === WARNING && a.status === 'firing'),
      );
      const first = arrived[0];
      if (!first) return pass();
      return fail(
        `${WARNING} was sent through ${first.receiver} at ${new Date(first.receivedAt).toISOString()}, while inhibited`,
        {
          hint: 'the inhibit rule must match both alerts and their route label',
        },
      );
    }),
  ],
  teardown: async () => {
    const done = await removeUpload({ labId: ID, tenant: TENANT, namespace: NAMESPACE });
    await deleteAlertmanagerConfig(TENANT);
    return [...done, `deleted the Alertmanager configuration of tenant ${TENANT}`];
  },
});
