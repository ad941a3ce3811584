/**
 * Lab 05: the learner's Alloy config parses, runs in a lab Alloy, its three components are
 * healthy and wired scrape → relabel → remote_write, and Mimir (tenant lab-05) gets this run's
 * series with env="workshop" and without go_gc_duration_seconds. "This run" is every sample
 * newer than the lab Alloy's start, so data from an earlier attempt never counts.
 */
import type { AlloyLabState } from '../kit/index.ts';
import {
  alloyFileRuns,
  componentsHealthy,
  deliveryProbe,
  sinceStart,
  unwired,
  budget,
  check,
  components,
  defineLab,
  fail,
  labEntry,
  labPort,
  labTenant,
  listOf,
  mimir,
  pass,
  query,
  requireAlloy,
  wait,
} from '../kit/index.ts';

const ID = '05-alloy-pipeline';
const FILE = 'config.alloy';
const entry = labEntry(ID);
const TENANT = labTenant(entry);
const PORT = labPort(entry, 'alloy');
const JOB = 'lab-05-app';
const DROPPED = 'go_gc_duration_seconds';
/** The scrape and batch intervals the starting file sets (5 s, 1 s). */
const SCRAPE_MS = 5_000;
const DEADLINE_MS = 1_000;
const KINDS = ['prometheus.scrape', 'prometheus.relabel', 'prometheus.remote_write'];

type State = AlloyLabState;

export default defineLab({
  id: ID,
  init: (): State => ({}),
  checks: [
    ...alloyFileRuns<State>(FILE, PORT),

    check<State>('scrape → relabel → remote_write, each healthy', (ctx, state) =>
      ctx.waitUntil({
        what: 'the components to report their health',
        budget: budget([{ what: 'component start', ms: 0 }]),
        probe: async () => {
          const health = await componentsHealthy(requireAlloy(state), KINDS);
          if (health.kind !== 'pass') return health;
          const list = await components(requireAlloy(state).base);
          const gaps = [
            unwired(list, 'prometheus.scrape', 'prometheus.relabel'),
            unwired(list, 'prometheus.relabel', 'prometheus.remote_write'),
          ].filter((g) => g !== undefined);
          if (gaps.length > 0)
            return fail(gaps.join('\n'), {
              hint: 'components connect through forward_to: the scrape forwards to the relabel, the relabel to the remote_write',
            });
          return health;
        },
      }),
    ),

    check<State>('remote_write delivers to Mimir', (ctx) =>
      ctx.waitUntil({
        what: 'the first remote_write batch',
        budget: budget([
          { what: 'scrape interval', ms: SCRAPE_MS, times: 2 },
          { what: 'batch_send_deadline', ms: DEADLINE_MS },
        ]),
        probe: deliveryProbe({
          lab: ID,
          process: 'alloy',
          port: PORT,
          headerHint: `set the tenant header in the endpoint block: \`headers = { "X-Scope-OrgID" = "${TENANT}" }\``,
          noQueueHint: 'keep the prometheus.remote_write component and forward to its receiver',
        }),
      }),
    ),

    check<State>(`this run's series are in tenant ${TENANT} with env="workshop"`, (ctx, state) =>
      ctx.waitUntil({
        what: `series of job ${JOB} in tenant ${TENANT}`,
        budget: budget([{ what: 'batch_send_deadline', ms: DEADLINE_MS, times: 2 }]),
        probe: async () => {
          const byEnv = await query(
            mimir(TENANT),
            `count by (env) (${sinceStart(`up{job="${JOB}"}`, requireAlloy(state))})`,
          );
          if (byEnv.length === 0) return wait(`no up{job="${JOB}"} newer than the lab Alloy's start yet`);
          const envs = byEnv.map((s) => s.metric['env'] ?? '');
          if (envs.includes('workshop')) return pass();
          return fail(
            `the series arrive ${envs.includes('') ? 'without an env label' : `with env=${listOf(envs.map((e) => `"${e}"`))}`}`,
            {
              hint: 'a rule in prometheus.relabel.env with `target_label = "env"` and `replacement = "workshop"`',
            },
          );
        },
      }),
    ),

    check<State>(`${DROPPED} is dropped`, (ctx, state) =>
      ctx.waitUntil({
        what: 'a whole scrape to arrive',
        budget: budget([{ what: 'batch_send_deadline', ms: DEADLINE_MS, times: 2 }]),
        probe: async () => {
          const alloy = requireAlloy(state);
          // Judge absence only once a sibling from the same scrape is there.
          const sibling = await query(mimir(TENANT), sinceStart(`go_goroutines{job="${JOB}"}`, alloy));
          if (sibling.length === 0) return wait(`go_goroutines of this run has not arrived yet`);
          // Every name the regex could mean (also from earlier runs), then which got a sample now.
          const names = await query(
            mimir(TENANT),
            `count by (__name__) ({__name__=~"${DROPPED}.*", job="${JOB}"})`,
          );
          const still: string[] = [];
          for (const name of names.map((n) => n.metric['__name__'] ?? '')) {
            if ((await query(mimir(TENANT), sinceStart(`${name}{job="${JOB}"}`, alloy))).length > 0)
              still.push(name);
          }
          if (still.length === 0) return pass();
          return fail(`these series still arrive: ${listOf(still)}`, {
            hint: 'a rule with source_labels = ["__name__"], action = "drop" and a regex matching all of them; regexes are anchored, so end it with .*',
          });
        },
      }),
    ),
  ],
});
