/**
 * `npm run lab -- dev-check`: the course checks itself, like rustlings' dev check. First the
 * static lint (course-lint.ts); then, against the running stack, every lab's checker must FAIL
 * on start/, PASS on solution/ and on each recorded alternative, fail each recorded mistake
 * with a message that names the fix, and give each step of each recorded sequence its verdict
 * (labs/<id>/cases.ts). `--repeat N` runs it all N times and fails when any verdict changed
 * between runs. Whatever checking changed in the stack is put back afterwards, also when a
 * check throws or the run is interrupted. Each lab's lock is held while its cases run and
 * while the stack is put back, so a learner's `lab watch` waits meanwhile.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Attempt, Expectation, LabCases } from '../../labs/kit/cases.ts';
import { writeAttempt } from '../../labs/kit/cases.ts';
import { withLabLock, withLabLocks } from '../../labs/kit/lab-lock.ts';
import { stopLabProcesses } from '../../labs/kit/processes.ts';
import { bold, dim, formatDuration, formatResult, green, red, yellow } from '../../labs/kit/report.ts';
import type { LabReport } from '../../labs/kit/runner.ts';
import { stackServicesUp } from '../../labs/kit/runner.ts';
import type { LabEntry } from '../../labs/manifest.ts';
import { manifest } from '../../labs/manifest.ts';
import { curlCommands, unmetPromise } from '../lib/doc-commands.ts';
import { repoRoot, run } from '../stack/index.ts';
import { lintCourse } from './course-lint.ts';
import { exerciseOutcomes } from './exercise-dev-check.ts';
import { EXERCISES } from '../../labs/kit/exercise-prometheus.ts';
import { exercises } from '../../labs/promql/exercises.ts';
import { dirsOf, labsDir } from './labs.ts';
import { checkDir } from './run-check.ts';
import type { Snapshot } from './snapshot.ts';
import { restoreSnapshot, takeSnapshot } from './snapshot.ts';

export interface DevCheckOptions {
  /** Only the static lint: no stack needed. */
  readonly staticOnly: boolean;
  /** Runs of every case (default 1); verdicts must not change between them. */
  readonly repeat?: number;
  /** Labs checked at once (default 1). */
  readonly jobs?: number;
  /** Only the cases whose name contains this (start/ and solution/ are cases too). */
  readonly only?: string;
  /** The PromQL exercises: after the labs, instead of them, or not at all. */
  readonly exercises?: 'with' | 'only' | 'without';
}

/** One case's verdict, as printed and compared across runs (labs' and exercises' alike). */
export interface Outcome {
  readonly lab: string;
  readonly what: string;
  readonly ok: boolean;
  readonly ms: number;
  /** The verdict in a word or two ("pass", "fail at “job gin-app exists”"): compared across runs. */
  readonly verdict: string;
  /** Why it was not as expected (printed with the report). */
  readonly why?: string;
  readonly report?: LabReport;
}

/** A lab's cases; a lab without cases.ts has none (course-lint and the unit tests require one). */
export async function loadCases(id: string): Promise<LabCases> {
  const file = join(labsDir, id, 'cases.ts');
  if (!existsSync(file)) return { mistakes: [], alternatives: [], sequences: [] };
  const module = (await import(pathToFileURL(file).href)) as { default: LabCases };
  return module.default;
}

/** Runs `task` after every earlier task given to it has ended, pass or fail. */
let stackPrometheusQueue: Promise<unknown> = Promise.resolve();
function stackPrometheusTurn<T>(task: () => Promise<T>): Promise<T> {
  const turn = stackPrometheusQueue.then(task);
  stackPrometheusQueue = turn.catch(() => undefined);
  return turn;
}

const firstFailure = (report: LabReport) => report.results.find((r) => r.status === 'fail');
const failureText = (report: LabReport): string => {
  const failed = firstFailure(report);
  return failed ? [failed.message, failed.hint, failed.output].filter(Boolean).join('\n') : '';
};
/** A failure the learner can act on, not the stack being down or the checker crashing. */
export const isLearnerFailure = (report: LabReport): boolean => firstFailure(report)?.cause === 'learner';

const verdictOf = (report: LabReport): string =>
  report.passed ? 'pass' : `fail at “${firstFailure(report)?.name ?? '?'}”`;

/** Why a report does not meet an expectation, or undefined when it does. */
function unmet(report: LabReport, expect: Expectation | 'fail'): string | undefined {
  if (expect === 'pass') return report.passed ? undefined : 'the checker FAILS on correct work';
  if (report.passed) return 'the checker PASSES on wrong work';
  if (!isLearnerFailure(report)) return 'it fails for a reason that is not the learner’s work';
  if (expect !== 'fail' && !failureText(report).includes(expect.fail))
    return `the message does not contain ${JSON.stringify(expect.fail)}`;
  return undefined;
}

/** One case: a list of attempts checked in turn in one folder, each with what it must get. */
interface Case {
  readonly what: string;
  /** After a pass, run the README's commands against the lab processes it left running. */
  readonly thenReadme?: true;
  readonly steps: readonly { readonly attempt: Attempt; readonly expect: Expectation | 'fail' }[];
}

function casesOf(lab: LabCases): Case[] {
  return [
    { what: 'start/ fails', steps: [{ attempt: { from: 'start' }, expect: 'fail' }] },
    { what: 'solution/ passes', steps: [{ attempt: {}, expect: 'pass' }], thenReadme: true },
    ...lab.alternatives.map((a) => ({
      what: `alternative “${a.name}” passes`,
      steps: [{ attempt: a, expect: 'pass' as const }],
    })),
    ...lab.mistakes.map((m) => ({
      what: `mistake “${m.name}” is named`,
      steps: [{ attempt: m, expect: { fail: m.expect } }],
    })),
    ...lab.sequences.map((q) => ({
      what: `sequence “${q.name}”`,
      steps: q.steps.map((step) => ({ attempt: step, expect: step.expect })),
    })),
  ];
}

async function runCase(
  entry: LabEntry,
  c: Case,
  signal: AbortSignal,
  record: (o: Outcome) => void,
): Promise<void> {
  const dirs = dirsOf(entry.id);
  // A function, not a narrowed property: the signal is aborted while a check awaits.
  const stopped = (): boolean => signal.aborted;
  // One folder for every step: a sequence re-checks where the learner's files were.
  const dir = mkdtempSync(join(tmpdir(), `lab-${entry.id.slice(0, 2)}-case-`));
  try {
    for (const [index, step] of c.steps.entries()) {
      if (stopped()) return;
      const what = c.steps.length === 1 ? c.what : `${c.what} step ${index + 1}/${c.steps.length}`;
      try {
        writeAttempt(dir, dirs, step.attempt, `${entry.id} ${c.what}`);
      } catch (error) {
        record({
          lab: entry.id,
          what,
          ok: false,
          ms: 0,
          verdict: 'broken case',
          why: (error as Error).message,
        });
        return;
      }
      const report = await checkDir(entry, dir, { quiet: true, signal });
      // An interrupted run proves nothing either way: leave it out.
      if (stopped()) return;
      const why = unmet(report, step.expect);
      const wanted = step.expect === 'pass' ? 'pass' : 'fail';
      record({
        lab: entry.id,
        what: c.steps.length === 1 ? what : `${what} (${wanted})`,
        ok: why === undefined,
        ms: report.ms,
        verdict: verdictOf(report),
        report,
        ...(why ? { why } : {}),
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function runLab(
  entry: LabEntry,
  only: string | undefined,
  print: (o: Outcome) => void,
  signal: AbortSignal,
): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  const record = (o: Outcome): void => {
    outcomes.push(o);
    print(o);
  };
  for (const c of casesOf(await loadCases(entry.id))) {
    if (signal.aborted) break;
    if (only !== undefined && !c.what.includes(only)) continue;
    await runCase(entry, c, signal, record);
    if (c.thenReadme && outcomes.at(-1)?.ok) await runReadmeCommands(entry, record);
  }
  return outcomes;
}

/**
 * The README's curl commands, run as written right after the solution passed, while the state
 * they read exists (the lab's drop-in, tenant, rules) and its own processes still serve it.
 */
async function runReadmeCommands(entry: LabEntry, record: (o: Outcome) => void): Promise<void> {
  const readme = join(labsDir, entry.id, 'README.md');
  for (const c of curlCommands(readFileSync(readme, 'utf8'), relative(repoRoot, readme))) {
    const started = performance.now();
    const result = await run('bash', ['-o', 'pipefail', '-c', c.command], {
      cwd: repoRoot,
      timeoutMs: 30_000,
    });
    const why = unmetPromise(c, result);
    record({
      lab: entry.id,
      what: `README command at ${c.where} works`,
      ok: why === undefined,
      ms: performance.now() - started,
      verdict: why === undefined ? 'pass' : 'fail',
      ...(why === undefined ? {} : { why: `\`${c.command}\` ${why}` }),
    });
  }
}

/** What changed between runs: one line per case whose verdicts differ. */
function unstable(runs: readonly (readonly Outcome[])[]): string[] {
  const byCase = new Map<string, string[]>();
  for (const run of runs)
    for (const o of run)
      byCase.set(`${o.lab} ${o.what}`, [...(byCase.get(`${o.lab} ${o.what}`) ?? []), o.verdict]);
  return [...byCase]
    .filter(([, verdicts]) => new Set(verdicts).size > 1 || verdicts.length !== runs.length)
    .map(([what, verdicts]) => `${what}: ${verdicts.join(' / ')}`);
}

function printOutcome(o: Outcome): void {
  console.log(`  ${o.ok ? green('✓') : red('✗')} ${o.lab} ${o.what} ${dim(formatDuration(o.ms))}`);
  // What a learner reads for this attempt: the first failure's message, for review in the log.
  const said =
    o.ok && o.report && !o.report.passed ? firstFailure(o.report)?.message?.split('\n')[0] : undefined;
  if (said) console.log(dim(`      → ${said}`));
  if (!o.ok) {
    if (o.why) console.log(`      ${red(o.why)}`);
    for (const r of o.report?.results ?? [])
      if (r.status !== 'skip') console.log(formatResult(r).replace(/^/gm, '    '));
  }
}

export async function devCheck(selected: readonly LabEntry[], options: DevCheckOptions): Promise<number> {
  const withExercises = (options.exercises ?? 'without') !== 'without';
  const labs = options.exercises === 'only' ? [] : selected.length > 0 ? selected : manifest;
  console.log(bold(`==> course lint (${labs.length} labs)`));
  const findings = lintCourse(labs, manifest);
  for (const f of findings)
    console.log(`  ${f.severity === 'problem' ? red('✗') : yellow('•')} ${f.lab}: ${f.message}`);
  const problems = findings.filter((f) => f.severity === 'problem').length;
  if (problems === 0)
    console.log(`  ${green('✓')} manifest and folders match, every start/ has TODOs, every lab has hints`);
  if (options.staticOnly) return problems > 0 ? 1 : 0;

  const needed = [...new Set(labs.flatMap((l) => l.services))];
  const up = await stackServicesUp(needed);
  if (up.kind !== 'pass') {
    console.log(
      `  ${red('✗')} ${up.kind === 'fail' ? up.message : up.reason}\n    run \`npm run stack -- up\` first; the two-way check needs the real stack`,
    );
    return 1;
  }

  const cases = await Promise.all(labs.map(async (l) => ({ id: l.id, cases: await loadCases(l.id) })));
  console.log(
    bold('==> every lab: start/ fails, solution/ and alternatives pass, mistakes are named, sequences hold'),
  );
  for (const { id, cases: c } of cases)
    console.log(
      dim(
        `  ${id}: ${c.alternatives.length} alternatives, ${c.mistakes.length} mistakes, ${c.sequences.length} sequences (${c.sequences.reduce((n, q) => n + q.steps.length, 0)} steps)`,
      ),
    );
  const ids = labs.map((l) => l.id);
  const snapshot: Snapshot = await takeSnapshot(
    ids,
    labs.some((l) => l.tenant !== undefined),
  );
  let restored = false;
  const restore = async (): Promise<void> => {
    if (restored) return;
    restored = true;
    const changes = await withLabLocks(ids, 'dev-check', () => restoreSnapshot(snapshot));
    console.log(bold('==> stack restored'));
    for (const change of changes) console.log(`  ${green('✓')} ${change}`);
  };
  // Ctrl-C: stop after the check that is running (so nothing is applied after the restore),
  // then restore. A second Ctrl-C restores at once.
  const interrupt = new AbortController();
  const onSignal = (): void => {
    if (!interrupt.signal.aborted) {
      console.log(
        yellow(
          '\ninterrupted: finishing the current check, then restoring the stack (Ctrl-C again: restore now)',
        ),
      );
      interrupt.abort();
      return;
    }
    void restore().finally(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const repeat = options.repeat ?? 1;
  const interrupted = (): boolean => interrupt.signal.aborted;
  const runs: Outcome[][] = [];
  const started = performance.now();
  try {
    for (let run = 1; run <= repeat && !interrupted(); run++) {
      if (repeat > 1) console.log(bold(`==> run ${run} of ${repeat}`));
      const outcomes: Outcome[] = [];
      const queue = [...labs];
      // Labs have their own ports, tenants and drop-ins, so `--jobs` of them may run at once;
      // but the labs checked on the stack's Prometheus (services: prometheus) each load a drop-in
      // and reload it, and one lab's reload restarts the wait for a scrape after the reload that
      // another is in: they take turns (stackPrometheusTurn).
      const worker = async (): Promise<void> => {
        for (let entry = queue.shift(); entry && !interrupted(); entry = queue.shift()) {
          const lab = entry;
          const check = () =>
            withLabLock(lab.id, 'dev-check', async () => {
              outcomes.push(...(await runLab(lab, options.only, printOutcome, interrupt.signal)));
              // A lab's processes stop with it: a lab Alloy alone holds a few hundred MB.
              await stopLabProcesses(lab.id);
            });
          await (lab.services.includes('prometheus') ? stackPrometheusTurn(check) : check());
        }
      };
      await Promise.all(Array.from({ length: Math.min(options.jobs ?? 1, labs.length) }, worker));
      if (withExercises && !interrupted()) {
        console.log(
          bold(
            `==> PromQL exercises (${exercises.length}): references and alternatives pass, mistakes get their message`,
          ),
        );
        outcomes.push(...(await exerciseOutcomes(options.only, printOutcome)));
        await stopLabProcesses(EXERCISES);
      }
      runs.push(outcomes);
    }
  } finally {
    await restore();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  if (interrupt.signal.aborted) {
    console.log(red('dev-check: interrupted'));
    return 130;
  }
  const all = runs.flat();
  const failed = all.filter((o) => !o.ok).length;
  const changed = repeat > 1 ? unstable(runs) : [];
  if (repeat > 1) {
    console.log(bold(`==> verdicts across ${repeat} runs`));
    if (changed.length === 0) console.log(`  ${green('✓')} every verdict was the same in all ${repeat} runs`);
    for (const line of changed) console.log(`  ${red('✗')} ${line}`);
  }
  const line = `dev-check: ${all.length - failed} passed, ${failed} failed, ${changed.length} changed between runs, ${problems} lint problem(s) · ${formatDuration(performance.now() - started)}`;
  const ok = failed + changed.length + problems === 0;
  console.log(ok ? green(line) : red(line));
  return ok ? 0 : 1;
}
