/**
 * Lab 04: the learner's prometheus.yml is valid, a Prometheus runs it on the lab port, its
 * remote_write queue delivers to Mimir without failures, and the series land in tenant lab-04
 * and no other. Every series this Prometheus sends carries workshop_run="<id>" (an external
 * label the checker adds), so the checks see this run's data only.
 */
import {
  RUN_LABEL,
  budget,
  check,
  defaults,
  deliveryProbe,
  defineLab,
  ensureLabPrometheus,
  fail,
  labEntry,
  labPort,
  labTenant,
  listOf,
  mimir,
  pass,
  promtoolCheckConfig,
  query,
  queryValue,
  quote,
  tenantsWithData,
  wait,
} from '../kit/index.ts';

const ID = '04-remote-write-tenant';
const FILE = 'prometheus.yml';
const entry = labEntry(ID);
const TENANT = labTenant(entry);
const PORT = labPort(entry, 'prometheus');
/** The default batch_send_deadline: the longest a sample waits in the queue when the learner sets none. */
const DEADLINE_MS = defaults.remoteWriteDeadlineMs;

interface State {
  runId?: string | undefined;
}

const ofRun = (state: State): string => `{${RUN_LABEL}=${quote(state.runId ?? '')}}`;

export default defineLab({
  id: ID,
  init: (): State => ({}),
  checks: [
    check(`promtool accepts ${FILE}`, (ctx) =>
      promtoolCheckConfig({ path: ctx.path(FILE), shown: ctx.shown(FILE) }),
    ),

    check<State>(`a Prometheus runs it on 127.0.0.1:${PORT}`, async (ctx, state) => {
      const started = await ensureLabPrometheus(ID, 'prometheus', PORT, ctx.read(FILE), true);
      if ('kind' in started) return started;
      if (!started.result.ok)
        return fail(`the lab Prometheus did not start: ${started.result.reason}`, {
          output: started.result.logTail,
        });
      state.runId = started.runId;
      return pass(
        `${started.result.reused ? 'already running' : 'started'} · this run's series carry ${RUN_LABEL}="${state.runId ?? ''}"`,
      );
    }),

    check<State>('its remote_write queue delivers to Mimir', (ctx) =>
      ctx.waitUntil({
        what: 'the first remote_write batch',
        budget: budget([
          { what: 'scrape interval', ms: ctx.intervals.scrapeMs, times: 2 },
          { what: 'remote_write batch_send_deadline (default)', ms: DEADLINE_MS },
        ]),
        probe: deliveryProbe({
          lab: ID,
          process: 'prometheus',
          port: PORT,
          headerHint: `Mimir needs the tenant in a header: under the remote_write item, \`headers: { X-Scope-OrgID: ${TENANT} }\``,
          noQueueHint:
            'add `remote_write:` at the top level of prometheus.yml with one item: `- url: http://mimir:9009/api/v1/push`',
        }),
      }),
    ),

    check<State>(`the series are in tenant ${TENANT}, and in no other`, (ctx, state) =>
      ctx.waitUntil({
        what: `this run's series in tenant ${TENANT}`,
        budget: budget([{ what: 'remote_write batch_send_deadline (default)', ms: DEADLINE_MS }]),
        probe: async () => {
          const tenants = await tenantsWithData();
          // Tenant federation: one query across every tenant, grouped by the tenant it found.
          const federated = { ...mimir(tenants.join('|')), name: 'Mimir (all tenants)' };
          const found =
            tenants.length === 0 ? [] : await query(federated, `count by (__tenant_id__) (${ofRun(state)})`);
          const where = found.map(
            (s) => s.metric['__tenant_id__'] ?? (tenants.length === 1 ? tenants[0] : '?') ?? '?',
          );
          const others = where.filter((t) => t !== TENANT);
          if (others.length > 0) {
            return fail(`your series are in tenant ${listOf(others)}, not ${TENANT}`, {
              hint: `the tenant is the value of the X-Scope-OrgID header: \`X-Scope-OrgID: ${TENANT}\``,
            });
          }
          const count = await queryValue(mimir(TENANT), `count(${ofRun(state)})`);
          if (count !== undefined && count > 0) return pass(`${count} series in tenant ${TENANT}`);
          return wait(`no series of this run in Mimir yet`);
        },
      }),
    ),
  ],
});
