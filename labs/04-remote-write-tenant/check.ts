/**
 * Lab 04: the learner's prometheus.yml is valid, a Prometheus runs it on the lab port, its
 * remote_write queue delivers to Mimir without failures, the series land in tenant lab-04 and
 * no other, every target's `up` arrives as 1, and everything it scraped arrived.
 *
 * Generation: a changed file starts a new Prometheus on an empty TSDB, and every series it
 * sends carries workshop_run="<id>" (an external label the checker adds, new per process), so
 * both sides of each comparison are this file's data only. Every wait is sized from the file:
 * its jobs' scrape_interval and scrape_timeout, its queues' batch_send_deadline, or
 * Prometheus's defaults where it leaves them out (1m, 10s, 5s).
 */
import type { CheckContext, Source, Verdict } from '../kit/index.ts';
import {
  LAB_DISCOVERY_MS,
  RUN_LABEL,
  budget,
  check,
  defineLab,
  deliveryProbe,
  deliveryTerm,
  termText,
  ensureLabPrometheus,
  fail,
  formatLabels,
  labEntry,
  labPort,
  labTenant,
  latestSamples,
  listOf,
  mimir,
  pass,
  prometheusTiming,
  promtoolCheckConfig,
  quote,
  remoteWriteQueues,
  scrapeTerm,
  seriesCountsByName,
  shortfall,
  targets,
  tenantsHolding,
  timeoutTerm,
  wait,
} from '../kit/index.ts';

const ID = '04-remote-write-tenant';
const FILE = 'prometheus.yml';
const entry = labEntry(ID);
const TENANT = labTenant(entry);
const PORT = labPort(entry, 'prometheus');
const LAB_BASE = `http://127.0.0.1:${PORT}`;
const yours: Source = { name: 'your Prometheus', base: LAB_BASE };
const HEADER_HINT = `the tenant is the value of the X-Scope-OrgID header: under the remote_write item, \`headers: { X-Scope-OrgID: ${TENANT} }\``;

interface State {
  runId?: string | undefined;
  /** When the Prometheus that runs this file started: series since then are this file's. */
  startedMs?: number;
  /** What it had stored when the comparison began, per metric name. */
  scraped?: ReadonlyMap<string, number>;
}

const ofRun = (state: State): string => `{${RUN_LABEL}=${quote(state.runId ?? '')}}`;
const timingOf = (ctx: CheckContext) => prometheusTiming(ctx.read(FILE));

/** Where the run's series are, by tenant: a verdict, or a reason to wait. */
async function tenantVerdict(state: State): Promise<Verdict> {
  const found = await tenantsHolding(ofRun(state));
  const others = found.filter((s) => s.tenant !== TENANT);
  const mine = found.find((s) => s.tenant === TENANT);
  if (others.length > 0 && mine === undefined)
    return fail(`your series are in tenant ${listOf(others.map((s) => s.tenant))}, not ${TENANT}`, {
      hint: HEADER_HINT,
    });
  if (others.length > 0)
    return fail(
      `your series are in tenant ${TENANT} and also in tenant ${listOf(others.map((s) => `${s.tenant} (${s.series} series)`))}`,
      {
        hint: `keep one remote_write endpoint, with \`X-Scope-OrgID: ${TENANT}\`: each endpoint gets every sample`,
      },
    );
  if (mine) return pass(`${mine.series} series in tenant ${TENANT}, none elsewhere`);
  return wait(`no series of this run in Mimir yet`);
}

/** Said when a file scrapes native histograms but its queue does not send them (the default). */
const nativeHistogramsHint = (text: string): { hint?: string } =>
  /scrape_native_histograms:\s*true/.test(text) && !/send_native_histograms:\s*true/.test(text)
    ? { hint: 'native histograms are sent only with `send_native_histograms: true` on the remote_write item' }
    : {};

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
      state.startedMs = Date.parse(started.result.record.startedAt);
      return pass(
        `${started.result.reused ? 'already running' : 'started'} · this run's series carry ${RUN_LABEL}="${state.runId ?? ''}"`,
      );
    }),

    check<State>('its remote_write queue delivers to Mimir', (ctx) => {
      const timing = timingOf(ctx);
      const first = scrapeTerm(timing);
      return ctx.waitUntil({
        what: `the first remote_write batch (${termText(first)}, ${termText(deliveryTerm(timing))})`,
        // Targets are handed over within a discovery tick, the first scrape comes within one
        // interval (Prometheus spreads targets over it), takes up to the timeout, and the batch
        // leaves within the deadline.
        budget: budget([
          { what: 'target discovery at start', ms: LAB_DISCOVERY_MS },
          first,
          timeoutTerm(timing),
          deliveryTerm(timing),
        ]),
        probe: deliveryProbe({
          lab: ID,
          process: 'prometheus',
          port: PORT,
          headerHint: `Mimir needs the tenant in a header: under the remote_write item, \`headers: { X-Scope-OrgID: ${TENANT} }\``,
          noQueueHint:
            'add `remote_write:` at the top level of prometheus.yml with one item: `- url: http://mimir:9009/api/v1/push`',
        }),
      });
    }),

    check<State>(`the series are in tenant ${TENANT}, and in no other`, (ctx, state) => {
      const timing = timingOf(ctx);
      return ctx.waitUntil({
        what: `this run's series in tenant ${TENANT} (${termText(deliveryTerm(timing))})`,
        budget: budget([deliveryTerm(timing, 2)]),
        probe: async () => {
          // Judge the tenants only once every endpoint has sent: a second one may lag the first.
          const queues = await remoteWriteQueues(`${LAB_BASE}/metrics`);
          const idle = queues.filter((q) => q.sent === 0);
          if (idle.length > 0) return wait(`the queue to ${listOf(idle.map((q) => q.url))} has not sent yet`);
          return tenantVerdict(state);
        },
      });
    }),

    check<State>(`every target's up is 1 in tenant ${TENANT}`, (ctx, state) => {
      const timing = timingOf(ctx);
      const slowest = scrapeTerm(timing);
      return ctx.waitUntil({
        what: `a scrape of every job (${termText(slowest)})`,
        budget: budget([slowest, timeoutTerm(timing), deliveryTerm(timing)]),
        probe: async () => {
          const active = (await targets(LAB_BASE)).active;
          const jobs = new Set(active.map((t) => t.scrapePool));
          const missing = timing.jobs.filter((j) => !jobs.has(j.job));
          if (missing.length > 0) return wait(`job ${listOf(missing.map((j) => j.job))} has no target yet`);
          const unscraped = active.filter((t) => t.health === 'unknown');
          if (unscraped.length > 0)
            return wait(`${listOf(unscraped.map((t) => t.scrapeUrl))} not scraped yet`);
          // An up of 0 is a failed scrape, arriving in Mimir like any sample: it must not count.
          const down = active.find((t) => t.health === 'down');
          if (down)
            return fail(
              `job ${down.scrapePool}'s target ${down.scrapeUrl} is down in your Prometheus (up is 0): ${down.lastError}`,
              {
                hint: 'the app listens on app:8080 and serves /metrics; see your Prometheus at http://127.0.0.1:19040/targets',
              },
            );
          // The latest up of each target, as an instant query would find it (5m lookback).
          const since = Math.max(state.startedMs ?? 0, Date.now() - 300_000);
          const arrived = await latestSamples(mimir(TENANT), `up${ofRun(state)}`, since);
          const yoursUp = await latestSamples(yours, 'up', since);
          for (const sample of yoursUp) {
            const there = arrived.find((a) =>
              Object.entries(sample.metric).every(([k, v]) => k === '__name__' || a.metric[k] === v),
            );
            if (there === undefined)
              return wait(`${formatLabels(sample.metric)} has not arrived in tenant ${TENANT} yet`);
            if (there.value !== 1)
              return wait(`${formatLabels(there.metric)} is ${there.value} in tenant ${TENANT}`);
          }
          return pass(`${yoursUp.length} target(s): ${listOf([...jobs].sort())}`);
        },
      });
    }),

    check<State>(`everything it scrapes reaches tenant ${TENANT}`, (ctx, state) => {
      const timing = timingOf(ctx);
      return ctx.waitUntil({
        what: `every series of your Prometheus in tenant ${TENANT} (${termText(deliveryTerm(timing))})`,
        budget: budget([deliveryTerm(timing, 2)]),
        probe: async () => {
          const since = state.startedMs ?? 0;
          // What it had stored when the comparison began: all of it must arrive. Series it
          // scrapes later are not waited for, so the wait ends.
          state.scraped ??= await seriesCountsByName(yours, '{__name__=~".+"}', since);
          const arrived = await seriesCountsByName(mimir(TENANT), ofRun(state), since);
          const short = shortfall(state.scraped, arrived);
          const total = [...state.scraped.values()].reduce((a, b) => a + b, 0);
          if (short.length === 0) return pass(`all ${total} series of ${state.scraped.size} metrics arrived`);
          const message = `${short.reduce((n, s) => n + s.sent - s.arrived, 0)} of ${total} series your Prometheus scraped are not in tenant ${TENANT}: ${short
            .slice(0, 5)
            .map((s) => `${s.name} (${s.arrived} of ${s.sent})`)
            .join(', ')}${short.length > 5 ? `, and ${short.length - 5} more metrics` : ''}`;
          // Its own counters say when write_relabel_configs dropped samples: no need to wait.
          const dropped = (await remoteWriteQueues(`${LAB_BASE}/metrics`)).reduce(
            (n, q) => n + q.relabelDropped,
            0,
          );
          if (dropped > 0)
            return fail(`${message}; your write_relabel_configs dropped ${dropped} samples before sending`, {
              hint: 'write_relabel_configs decide what is sent: a `keep` or `drop` rule there leaves series out of Mimir; the lab wants everything',
            });
          return wait(message, nativeHistogramsHint(ctx.read(FILE)));
        },
      });
    }),
  ],
});
