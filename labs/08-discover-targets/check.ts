/**
 * Lab 08: job discovered finds its targets in targets.json through file_sd, its relabel_configs
 * keep only the production ones, and labelmap turns the inventory's __meta_cmdb_* labels into
 * labels of the kept targets, which are scraped.
 *
 * What is right is read from the learner's own targets.json, not from a list in this file: a
 * learner who adds a production target there must see it kept. The targets are judged once
 * they are the generation the current files make (the pool synced since the reload, the
 * addresses those of targets.json, the labels what the current rules make of them), since
 * Prometheus shows the previous file's targets until discovery runs again.
 */
import { z } from 'zod';
import type { CheckContext, Target } from '../kit/index.ts';
import {
  applyDropIn,
  asWritten,
  budget,
  check,
  currentTargets,
  defineLab,
  fail,
  formatLabels,
  lastReload,
  lastScrapeMs,
  latestSamples,
  listOf,
  pass,
  poolSyncs,
  prometheusTiming,
  readJson,
  removeDropIn,
  scrapeJob,
  scrapeTerm,
  stackPrometheus,
  stackPrometheusConfig,
  termText,
  timeoutTerm,
  wait,
} from '../kit/index.ts';

const ID = '08-discover-targets';
const FILE = 'scrape.yml';
const TARGETS = 'targets.json';
const JOB = 'discovered';
/** Where the stack's Prometheus finds targets.json: relative to the drop-in's folder. */
const STACK_PATH = `${ID}/${TARGETS}`;
const KEEP = { label: 'env', value: 'production' } as const;
const META = '__meta_cmdb_';

/** Prometheus's target group, as file_sd reads it (discovery/targetgroup). */
const groupsSchema = z.array(
  z.strictObject({
    targets: z.array(z.string().min(1, 'an address is host:port')),
    labels: z.record(z.string(), z.string()).optional(),
  }),
);
type Group = z.infer<typeof groupsSchema>[number];

interface State {
  groups?: readonly Group[];
  syncsBefore?: number;
  /** The targets the current files make, as the discovery check proved them. */
  active?: readonly Target[];
  dropped?: readonly Readonly<Record<string, string>>[];
  /** The earliest last scrape of the kept targets: samples from then on are this file's. */
  sinceMs?: number;
}

/** targets.json as target groups, or what is wrong with it (with the line). */
function readGroups(ctx: CheckContext): readonly Group[] | string {
  const json = readJson(ctx.read(TARGETS), ctx.shown(TARGETS));
  if (!json.ok) return json.error;
  const raw = json.value;
  const parsed = groupsSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? issue.path.join('.') : 'the top level';
  return `${ctx.shown(TARGETS)}: ${where}: ${issue?.message ?? 'not a list of target groups'}`;
}

interface JobConfig {
  readonly [key: string]: unknown;
  readonly job_name?: string;
  readonly file_sd_configs?: readonly { readonly files?: readonly unknown[] }[];
}

/** The job's entry in scrape.yml (promtool has read the file by the time this runs). */
const jobConfig = (text: string): JobConfig | undefined => scrapeJob(text, JOB);

/** How the job finds targets other than from files: static_configs, dns_sd_configs, ... */
const otherDiscovery = (job: JobConfig): string[] =>
  Object.keys(job).filter(
    (k) => k !== 'file_sd_configs' && (k === 'static_configs' || k.endsWith('_sd_configs')),
  );

const filePatterns = (job: JobConfig): string[] =>
  (job.file_sd_configs ?? []).flatMap((c) => (c.files ?? []).map(String));

const timingOf = (ctx: CheckContext) => prometheusTiming(ctx.read(FILE), stackPrometheusConfig());

const discoveryTerm = (ctx: CheckContext) => ({
  what: 'target discovery tick',
  ms: ctx.intervals.discoveryMs,
  times: 2,
});

/** A target's address as targets.json writes it (Prometheus shows 127.0.0.1:8080 natively for app:8080). */
const address = (labels: Readonly<Record<string, string>>, groups: readonly Group[] = []): string =>
  asWritten(
    labels['__address__'] ?? '?',
    groups.flatMap((g) => g.targets),
  );

const described = (labels: Readonly<Record<string, string>>, groups: readonly Group[] = []): string =>
  `${address(labels, groups)} (${KEEP.label}="${labels[KEEP.label] ?? ''}")`;

const wanted = (labels: Readonly<Record<string, string>>): boolean => labels[KEEP.label] === KEEP.value;

/** The labels labelmap `__meta_cmdb_(.+)` makes: name without the prefix → value. */
const metaLabels = (discovered: Readonly<Record<string, string>>): [string, string][] =>
  Object.entries(discovered)
    .filter(([name]) => name.startsWith(META) && name.length > META.length)
    .map(([name, value]) => [name.slice(META.length), value]);

export default defineLab({
  id: ID,
  init: (): State => ({}),
  checks: [
    check<State>(`${TARGETS} is a list of target groups`, (ctx, state) => {
      const groups = readGroups(ctx);
      if (typeof groups === 'string')
        return fail(groups, {
          hint: 'file_sd reads a JSON list of `{ "targets": ["host:port", ...], "labels": { "name": "value" } }`; `git diff --no-index labs/08-discover-targets/start/targets.json workspace/08-discover-targets/targets.json` shows what changed',
        });
      const count = groups.reduce((n, g) => n + g.targets.length, 0);
      if (count === 0)
        return fail(`${ctx.shown(TARGETS)} lists no target`, {
          hint: 'put the addresses back: `npm run lab -- reset 08-discover-targets` restores the file (your copy goes to workspace/.trash/)',
        });
      state.groups = groups;
      return pass(`${groups.length} groups, ${count} targets`);
    }),

    check<State>('the stack’s Prometheus loads both files', async (ctx, state) => {
      state.syncsBefore = (await poolSyncs(stackPrometheus.base)).get(JOB) ?? 0;
      return applyDropIn(ID, ctx.read(FILE), ctx.shown(FILE), {
        files: new Map([[TARGETS, { content: ctx.read(TARGETS), shown: ctx.shown(TARGETS) }]]),
      });
    }),

    check<State>(`job ${JOB} discovers the targets of ${TARGETS}`, (ctx, state) => {
      const job = jobConfig(ctx.read(FILE));
      if (job === undefined)
        return fail(`${ctx.shown(FILE)} has no job named ${JOB}`, {
          hint: `add a list item under scrape_configs with \`job_name: ${JOB}\``,
        });
      const others = otherDiscovery(job);
      const patterns = filePatterns(job);
      if (others.length > 0)
        return fail(
          `job ${JOB} ${patterns.length > 0 ? 'also ' : ''}finds targets through ${listOf(others)}: this lab's job reads them from ${TARGETS} only`,
          {
            hint: `\`file_sd_configs: [{ files: ['${STACK_PATH}'] }]\` instead: keeping the addresses and their labels is the file's job, so an edit to it needs no edit to ${FILE}`,
          },
        );
      if (patterns.length === 0)
        return fail(`job ${JOB} has no file_sd_configs`, {
          hint: `\`file_sd_configs: [{ files: ['${STACK_PATH}'] }]\`: a relative path is relative to the drop-in's folder, stack/prometheus/labs/`,
        });
      const addresses = (state.groups ?? []).flatMap((g) => g.targets);
      return ctx.waitUntil({
        what: `Prometheus to read ${TARGETS} for job ${JOB}`,
        budget: budget([discoveryTerm(ctx)]),
        probe: async () => {
          const now = await currentTargets(stackPrometheus.base, JOB, {
            addresses,
            syncsBefore: state.syncsBefore,
          });
          if (now.kind === 'stale') {
            // A pattern that matches no file is not an error to Prometheus (promtool only warns):
            // the pool just never gets a target.
            return now.empty
              ? wait(
                  `job ${JOB} has found no target: no file matches ${listOf(patterns.map((p) => `'${p}'`))}`,
                  {
                    hint: `the stack's Prometheus reads the drop-in from stack/prometheus/labs/ and resolves a relative path from there, so the file is '${STACK_PATH}' (an absolute path differs between Docker and native mode)`,
                  },
                )
              : wait(now.reason);
          }
          const all = [...now.active.map((t) => t.discoveredLabels), ...now.dropped];
          const unfiled = all.find((l) => !(l['__meta_filepath'] ?? '').endsWith(`/${STACK_PATH}`));
          if (unfiled)
            return fail(
              `the target ${address(unfiled, state.groups)} was not discovered from ${STACK_PATH} (its __meta_filepath is "${unfiled['__meta_filepath'] ?? ''}")`,
              {
                hint: `the job's files must be the lab's ${TARGETS} only`,
              },
            );
          state.active = now.active;
          state.dropped = now.dropped;
          const dropped = now.dropped.map((l) => described(l, state.groups));
          return pass(`${all.length} discovered${dropped.length ? `; dropped ${listOf(dropped)}` : ''}`);
        },
      });
    }),

    check<State>(`it keeps exactly the targets with ${KEEP.label}="${KEEP.value}"`, (ctx, state) => {
      const active = state.active ?? [];
      const describe = (l: Readonly<Record<string, string>>): string => described(l, state.groups);
      const keptWrongly = active.map((t) => t.discoveredLabels).filter((l) => !wanted(l));
      const droppedWrongly = (state.dropped ?? []).filter(wanted);
      const problems = [
        keptWrongly.length ? `keeps ${listOf(keptWrongly.map(describe))}` : '',
        droppedWrongly.length ? `drops ${listOf(droppedWrongly.map(describe))}` : '',
      ].filter(Boolean);
      if (problems.length === 0)
        return pass(listOf(active.map((t) => address(t.discoveredLabels, state.groups))));
      const hint =
        active.length === 0
          ? `every target is dropped: a keep rule drops what its regex does not match, and the regex is anchored (it must match the whole value, "${KEEP.value}")`
          : ctx.read(FILE).includes('metric_relabel_configs')
            ? "metric_relabel_configs run on each scraped sample, after the target was kept and scraped; keeping or dropping a target is relabel_configs' job"
            : `one rule: \`{ source_labels: [${KEEP.label}], regex: ${KEEP.value}, action: keep }\` (drop with regex ${KEEP.value} does the opposite)`;
      return fail(`job ${JOB} ${problems.join(' and ')}`, { hint });
    }),

    check<State>(
      `the kept targets carry the inventory's ${META}* labels without the prefix`,
      (_ctx, state) => {
        for (const target of state.active ?? []) {
          const missing = metaLabels(target.discoveredLabels).filter(
            ([name, value]) => target.labels[name] !== value,
          );
          if (missing.length === 0) continue;
          const [name, value] = missing[0] ?? ['', ''];
          const got = target.labels[name];
          return fail(
            `the target ${target.scrapeUrl} has ${formatLabels(target.labels)}: ${got === undefined ? `no ${name} label` : `${name}="${got}"`} (want ${name}="${value}", from ${META}${name})`,
            {
              hint: `labels starting with __ are gone after relabelling; \`{ regex: '${META}(.+)', action: labelmap }\` copies each to the name the group (.+) captured, before that happens`,
            },
          );
        }
        return pass();
      },
    ),

    check<State>('every kept target is up', (ctx, state) => {
      const timing = timingOf(ctx);
      return ctx.waitUntil({
        what: `a scrape of each kept target after the reload (${termText(scrapeTerm(timing, JOB))})`,
        budget: budget([scrapeTerm(timing, JOB), timeoutTerm(timing, JOB)]),
        probe: async () => {
          const reload = await lastReload(stackPrometheus.base);
          const now = await currentTargets(stackPrometheus.base, JOB);
          if (now.kind === 'stale') return wait(now.reason);
          const fresh = now.active.filter((t) => lastScrapeMs(t) > reload.atMs);
          if (fresh.length < now.active.length)
            return wait('not every kept target scraped since the reload yet');
          const down = fresh.find((t) => t.health !== 'up');
          if (down)
            return fail(`the target ${down.scrapeUrl} is down: ${down.lastError || down.health}`, {
              hint: `an address in ${TARGETS} that nothing answers on, or a rule that rewrote __address__ or __metrics_path__`,
            });
          state.active = fresh;
          state.sinceMs = Math.min(...fresh.map(lastScrapeMs));
          return pass(`${fresh.length} up`);
        },
      });
    }),

    check<State>(`up{job="${JOB}"} is 1 for each of them in Prometheus`, (ctx, state) =>
      ctx.waitUntil({
        what: 'the up samples of those scrapes',
        budget: budget([scrapeTerm(timingOf(ctx), JOB)]),
        probe: async () => {
          const samples = await latestSamples(stackPrometheus, `up{job="${JOB}"}`, state.sinceMs ?? 0);
          const want = state.active?.length ?? 0;
          const ones = samples.filter((s) => s.value === 1);
          if (ones.length >= want)
            return pass(`${ones.length} series: ${listOf(ones.map((s) => s.metric['instance'] ?? '?'))}`);
          return wait(`${ones.length} of ${want} up series at 1 since the reload`);
        },
      }),
    ),
  ],
  teardown: () => removeDropIn(ID),
});
