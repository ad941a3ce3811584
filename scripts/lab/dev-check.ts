/**
 * `npm run lab -- dev-check`: the course checks itself, like rustlings' dev check. First the
 * static lint (course-lint.ts); then, against the running stack, every lab's checker must FAIL
 * on start/, PASS on solution/, and fail each recorded mistake (labs/<id>/mistakes.ts) with a
 * message that names the fix. Whatever checking changed in the stack is put back afterwards,
 * also when a check throws or the run is interrupted. Each lab's lock is held while its
 * checks run and while the stack is put back, so a learner's `lab watch` waits meanwhile.
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { withLabLock, withLabLocks } from '../../labs/kit/lab-lock.ts';
import type { Mistake } from '../../labs/kit/mistakes.ts';
import { materialize } from '../../labs/kit/mistakes.ts';
import { stopLabProcesses } from '../../labs/kit/processes.ts';
import { bold, dim, formatDuration, formatResult, green, red, yellow } from '../../labs/kit/report.ts';
import type { LabReport } from '../../labs/kit/runner.ts';
import { stackServicesUp } from '../../labs/kit/runner.ts';
import type { LabEntry } from '../../labs/manifest.ts';
import { manifest } from '../../labs/manifest.ts';
import { lintCourse } from './course-lint.ts';
import { dirsOf, labsDir } from './labs.ts';
import { checkDir } from './run-check.ts';
import type { Snapshot } from './snapshot.ts';
import { restoreSnapshot, takeSnapshot } from './snapshot.ts';

export interface DevCheckOptions {
  /** Only the static lint: no stack needed. */
  readonly staticOnly: boolean;
}

interface Outcome {
  readonly lab: string;
  readonly what: string;
  readonly ok: boolean;
  readonly ms: number;
  /** Why it was not as expected (printed with the report). */
  readonly why?: string;
  readonly report?: LabReport;
}

async function loadMistakes(id: string): Promise<readonly Mistake[]> {
  const file = join(labsDir, id, 'mistakes.ts');
  if (!existsSync(file)) return [];
  const module = (await import(pathToFileURL(file).href)) as { mistakes?: readonly Mistake[] };
  return module.mistakes ?? [];
}

const firstFailure = (report: LabReport) => report.results.find((r) => r.status === 'fail');
const failureText = (report: LabReport): string => {
  const failed = firstFailure(report);
  return failed ? [failed.message, failed.hint, failed.output].filter(Boolean).join('\n') : '';
};
/** A failure the learner can act on, not the stack being down or the checker crashing. */
export const isLearnerFailure = (report: LabReport): boolean => firstFailure(report)?.cause === 'learner';

async function runLabBothWays(
  entry: LabEntry,
  print: (o: Outcome) => void,
  signal: AbortSignal,
): Promise<Outcome[]> {
  const dirs = dirsOf(entry.id);
  const outcomes: Outcome[] = [];
  const record = (o: Outcome): void => {
    outcomes.push(o);
    print(o);
  };

  const started = await checkDir(entry, dirs.start, { quiet: true, signal });
  // An interrupted run proves nothing either way: leave it out.
  const stopped = (): boolean => signal.aborted;
  if (stopped()) return outcomes;
  const failedAt = firstFailure(started)?.name ?? '';
  record({
    lab: entry.id,
    what: `start/ fails${failedAt ? ` at “${failedAt}”` : ''}`,
    ok: isLearnerFailure(started),
    ms: started.ms,
    report: started,
    ...(started.passed
      ? { why: 'the checker PASSES on the starting files' }
      : isLearnerFailure(started)
        ? {}
        : { why: 'it fails for a reason that is not the lab' }),
  });

  if (stopped()) return outcomes;
  const solved = await checkDir(entry, dirs.solution, { quiet: true, signal });
  if (stopped()) return outcomes;
  record({
    lab: entry.id,
    what: 'solution/ passes',
    ok: solved.passed,
    ms: solved.ms,
    report: solved,
    ...(solved.passed ? {} : { why: 'the checker FAILS on the solution' }),
  });

  for (const mistake of await loadMistakes(entry.id)) {
    if (stopped()) break;
    let dir: string | undefined;
    try {
      dir = materialize(dirs.solution, mistake, entry.id);
      const report = await checkDir(entry, dir, { quiet: true, signal });
      if (stopped()) break;
      const text = failureText(report);
      const named = text.includes(mistake.expect);
      const why = report.passed
        ? 'the checker PASSES with this mistake'
        : named
          ? undefined
          : `the message does not contain ${JSON.stringify(mistake.expect)}`;
      record({
        lab: entry.id,
        what: `mistake “${mistake.name}” is named`,
        ok: !report.passed && named,
        ms: report.ms,
        report,
        ...(why ? { why } : {}),
      });
    } catch (error) {
      record({
        lab: entry.id,
        what: `mistake “${mistake.name}”`,
        ok: false,
        ms: 0,
        why: (error as Error).message,
      });
    } finally {
      if (dir) rmSync(dir, { recursive: true, force: true });
    }
  }
  return outcomes;
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
  const labs = selected.length > 0 ? selected : manifest;
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

  console.log(bold('==> every lab: start/ fails, solution/ passes, mistakes are named'));
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

  const outcomes: Outcome[] = [];
  const started = performance.now();
  try {
    for (const entry of labs) {
      if (interrupt.signal.aborted) break;
      await withLabLock(entry.id, 'dev-check', async () => {
        outcomes.push(...(await runLabBothWays(entry, printOutcome, interrupt.signal)));
        // One lab's processes at a time: a lab Alloy alone holds a few hundred MB.
        await stopLabProcesses(entry.id);
      });
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
  const failed = outcomes.filter((o) => !o.ok).length;
  const line = `dev-check: ${outcomes.length - failed} passed, ${failed} failed, ${problems} lint problem(s) · ${formatDuration(performance.now() - started)}`;
  console.log(failed + problems === 0 ? green(line) : red(line));
  return failed + problems === 0 ? 0 : 1;
}
