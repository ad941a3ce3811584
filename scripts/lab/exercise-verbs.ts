/**
 * The lab CLI's verbs for the PromQL exercises (labs/promql/exercises.ts): `start promql-NN`
 * writes workspace/promql-NN/query.promql with the question; `check promql-NN [--query Q]`
 * grades the file's query (or Q, which the site's Check button sends) with the same runner,
 * output, progress and classroom hook as a lab; `hint` through the lab's own verb.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { QUERY_FILE, exerciseLab, starterFile } from '../../labs/kit/exercise-lab.ts';
import type { Exercise } from '../../labs/kit/exercise-schema.ts';
import { withLabLock } from '../../labs/kit/lab-lock.ts';
import { bold, dim, green, red, toJson } from '../../labs/kit/report.ts';
import { EXERCISES, ensureExercisePrometheus } from '../../labs/kit/exercise-prometheus.ts';
import { stopLabProcesses } from '../../labs/kit/processes.ts';
import { shownPath } from '../../labs/kit/shown.ts';
import { exercises } from '../../labs/promql/exercises.ts';
import { siteUrl } from '../../site/lib/guard/site-address.ts';
import { moveToTrash } from './files.ts';
import { LabError, dirsOf, trashDir } from './labs.ts';
import { readProgress, updateLab } from './progress.ts';
import { nextStep, runChecker } from './run-check.ts';
import { hint, recordCheck } from './verbs.ts';

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
    const checked = await runChecker(
      exerciseLab(exercise, options.query),
      [],
      dirsOf(exercise.id).workspace,
      {
        quiet: options.json,
      },
    );
    return { report: checked, hintsShown: recordCheck(exercise, checked).hintsShown };
  });
  if (options.json) console.log(JSON.stringify(toJson(report), null, 2));
  else console.log(nextStep(exercise, report, exercise.hints.en.length - hintsShown));
  return report.passed ? 0 : 1;
}

/** `lab hint promql-NN`: the lab's hint verb, over the exercise's English hints. */
export const hintExercise = (exercise: Exercise, json: boolean): number =>
  hint({ id: exercise.id, hints: exercise.hints.en }, json);

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
