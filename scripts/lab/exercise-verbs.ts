/**
 * The lab CLI's verbs for the PromQL exercises (labs/promql/exercises.ts): `start promql-NN`
 * writes workspace/promql-NN/query.promql with the question; `check promql-NN [--query Q]`
 * grades the file's query (or Q, which the site's Check button sends) with the same runner,
 * output, progress and classroom hook as a lab; `hint` and `solution` as for a lab.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { QUERY_FILE, exerciseLab, starterFile } from '../../labs/kit/exercise-lab.ts';
import type { Exercise } from '../../labs/kit/exercise-schema.ts';
import { withLabLock } from '../../labs/kit/lab-lock.ts';
import { bold, dim, green, red, toJson } from '../../labs/kit/report.ts';
import { EXERCISES, ensureExercisePrometheus } from '../../labs/kit/exercise-prometheus.ts';
import { stopLabProcesses } from '../../labs/kit/processes.ts';
import type { LabReport } from '../../labs/kit/runner.ts';
import { runLab } from '../../labs/kit/runner.ts';
import { shownPath } from '../../labs/kit/shown.ts';
import { defaultProgress, silentProgress } from '../../labs/kit/countdown.ts';
import { annotation, formatResult, summaryLine } from '../../labs/kit/report.ts';
import { exercises } from '../../labs/promql/exercises.ts';
import { siteUrl } from '../../site/lib/guard/site-address.ts';
import { moveToTrash } from './files.ts';
import { LabError, dirsOf, trashDir } from './labs.ts';
import { readProgress, updateLab } from './progress.ts';
import { recordCheck } from './verbs.ts';

/** promql-7, promql-07, PromQL-07: the exercise, or undefined when the name is not one. */
export function findExercise(name: string): Exercise | undefined {
  const match = /^promql-?(\d{1,2})$/i.exec(name.trim());
  if (!match) return undefined;
  const id = `promql-${(match[1] ?? '').padStart(2, '0')}`;
  const found = exercises.find((e) => e.id === id);
  if (!found)
    throw new LabError(
      `no exercise "${name}": the PromQL exercises are promql-01 to ${exercises.at(-1)?.id ?? ''}`,
    );
  return found;
}

/** The exercise's place on its page (the page's heading ids are the exercise ids). */
export const exercisePage = (exercise: Exercise): string =>
  `${siteUrl}/en/${exercise.lesson}/#${exercise.id}`;

const queryFile = (exercise: Exercise): string => join(dirsOf(exercise.id).workspace, QUERY_FILE);

export function startExercise(exercise: Exercise): number {
  const file = queryFile(exercise);
  if (existsSync(file)) console.log(dim(`  = ${shownPath(file)} (yours, kept)`));
  else {
    mkdirSync(dirsOf(exercise.id).workspace, { recursive: true });
    writeFileSync(file, starterFile(exercise, exercisePage(exercise)));
    console.log(`  ${green('+')} ${shownPath(file)}`);
  }
  updateLab(exercise.id, (p) => ({ ...p, startedAt: p.startedAt ?? new Date().toISOString() }));
  console.log(`\n${bold(exercise.title.en)}\n${exercise.question.en}`);
  console.log(dim(`Write your query in ${shownPath(file)}, then \`npm run lab -- check ${exercise.id}\`.`));
  return 0;
}

export async function checkExercise(
  exercise: Exercise,
  options: { json: boolean; query?: string },
): Promise<number> {
  if (options.query === undefined && !existsSync(queryFile(exercise)))
    throw new LabError(
      `${shownPath(queryFile(exercise))} does not exist yet: run \`npm run lab -- start ${exercise.id}\` first, or give the query with --query`,
    );
  const { report, hintsShown } = await withLabLock(exercise.id, 'check', async () => {
    const checked: LabReport = await runLab(
      exerciseLab(exercise, options.query),
      [],
      dirsOf(exercise.id).workspace,
      {
        progress: options.json ? silentProgress : defaultProgress(),
        ...(options.json
          ? {}
          : {
              onResult: (result) => {
                console.log(formatResult(result));
              },
            }),
      },
    );
    if (!options.json) {
      console.log(summaryLine(checked));
      if (process.env['CI'])
        for (const r of checked.results.filter((x) => x.status === 'fail'))
          console.log(annotation(checked, r));
    }
    return { report: checked, hintsShown: recordCheck(exercise, checked).hintsShown };
  });
  if (options.json) console.log(JSON.stringify(toJson(report), null, 2));
  else {
    const left = exercise.hints.en.length - hintsShown;
    console.log(
      dim(
        report.passed
          ? `next: \`npm run lab -- solution ${exercise.id}\` shows the reference (any query with the same result passes)`
          : left > 0
            ? `stuck? \`npm run lab -- hint ${exercise.id}\` (${left} hint${left === 1 ? '' : 's'} left)`
            : `all hints shown; \`npm run lab -- solution ${exercise.id} --force\` shows the reference`,
      ),
    );
  }
  return report.passed ? 0 : 1;
}

export function hintExercise(exercise: Exercise, json: boolean): number {
  const hints = exercise.hints.en;
  const shown = readProgress().labs[exercise.id]?.hintsShown ?? 0;
  const index = Math.min(shown, hints.length - 1);
  updateLab(exercise.id, (p) => ({ ...p, hintsShown: Math.max(p.hintsShown, index + 1) }));
  if (json) {
    console.log(
      JSON.stringify({ lab: exercise.id, shown: hints.slice(0, index + 1), total: hints.length }, null, 2),
    );
    return 0;
  }
  for (let i = 0; i <= index; i++)
    console.log(
      `${i === index ? bold(`hint ${i + 1}/${hints.length}:`) : dim(`hint ${i + 1}:`)} ${hints[i] ?? ''}`,
    );
  return 0;
}

export function solutionExercise(exercise: Exercise, force: boolean): number {
  if (!force && !readProgress().labs[exercise.id]?.passedAt)
    throw new LabError(
      `${exercise.id} has not passed yet: \`npm run lab -- solution ${exercise.id} --force\` shows the reference anyway`,
    );
  console.log(`${bold('a reference:')} ${exercise.reference}`);
  for (const alternative of exercise.alternatives) console.log(`${dim('also right:')}  ${alternative}`);
  console.log(dim('Any query whose result is the same at the times it is judged at passes.'));
  return 0;
}

/** The exercises' progress in one line for `lab list`. */
export function exercisesSummary(): string {
  const progress = readProgress();
  const done = exercises.filter((e) => progress.labs[e.id]?.passedAt).length;
  const next = exercises.find((e) => !progress.labs[e.id]?.passedAt);
  return `${done}/${exercises.length} PromQL exercises done.${next ? ` Next: \`npm run lab -- start ${next.id}\` (${next.title.en})` : ''}`;
}

/** `lab prepare promql`: the exercise Prometheus, started when it is not running. */
export async function prepareExercises(json: boolean): Promise<number> {
  const server = await ensureExercisePrometheus();
  if ('kind' in server) {
    if (json) console.log(JSON.stringify({ ready: false, error: server.message, hint: server.hint ?? null }));
    else console.error(`${red('error:')} ${server.message}${server.hint ? `\n  hint: ${server.hint}` : ''}`);
    return 1;
  }
  if (json) console.log(JSON.stringify({ ready: true, url: server.base, started: !server.reused }));
  else
    console.log(
      `${green('✓')} the exercise Prometheus answers on ${server.base}${server.reused ? '' : ' (started now)'}`,
    );
  return 0;
}

/** `lab stop promql`: the exercises' Prometheus stops (the next check or page starts it again). */
export async function stopExercises(): Promise<number> {
  const stopped = await withLabLock(EXERCISES, 'stop', () => stopLabProcesses(EXERCISES));
  for (const line of stopped) console.log(`  ${green('✓')} ${line}`);
  if (stopped.length === 0) console.log(dim("the exercises' Prometheus was not running"));
  return 0;
}

/**
 * `lab reset promql-NN`: the query file back to the question alone, progress and hints reset;
 * a query the learner wrote moves to workspace/.trash/promql-NN-<UTC time>/ first.
 */
export function resetExercise(exercise: Exercise): Promise<number> {
  const dir = dirsOf(exercise.id).workspace;
  return withLabLock(exercise.id, 'reset', async () => {
    const written =
      existsSync(queryFile(exercise)) &&
      readFileSync(queryFile(exercise), 'utf8') !== starterFile(exercise, exercisePage(exercise));
    if (written)
      console.log(`${dim('•')} your query is in ${shownPath(moveToTrash(dir, trashDir, exercise.id))}/`);
    else rmSync(dir, { recursive: true, force: true });
    updateLab(exercise.id, () => ({ hintsShown: 0 }));
    return Promise.resolve(startExercise(exercise));
  });
}
