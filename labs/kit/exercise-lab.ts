/**
 * A PromQL exercise as a checker with the same shape as a lab's: the learner's query (from
 * workspace/promql-NN/query.promql, or given with --query), the exercise Prometheus, then the
 * grader's verdict at each time the exercise is judged at. The lab runner prints it, records
 * it and hands it to the classroom like any lab check.
 */
import { defineLab, type Check, type Lab } from './define.ts';
import type { Exercise } from './exercise-schema.ts';
import { datasetClock, ensureExercisePrometheus } from './exercise-prometheus.ts';
import type { Grade } from './promql-grader.ts';
import { grade, judgedAt } from './promql-grader.ts';
import { fail, pass } from './verdict.ts';

/** The learner's file in workspace/promql-NN/. */
export const QUERY_FILE = 'query.promql';

/** The query in a file: every line that is not a comment (PromQL's comments start with #). */
export const queryOf = (text: string): string =>
  text
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('#'))
    .join('\n')
    .trim();

/** Text wrapped at `width` columns, each line starting with `prefix`. */
function wrapped(text: string, prefix: string, width = 96): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && prefix.length + line.length + 1 + word.length > width) {
      lines.push(`${prefix}${line}`);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(`${prefix}${line}`);
  return lines;
}

/** What `lab start promql-NN` writes: the question as comments, then room for the query. */
export function starterFile(exercise: Exercise, pageUrl: string): string {
  const times = judgedAt(exercise, datasetClock)
    .map((t) => t.shown)
    .join(' and ');
  return [
    `# ${exercise.id}: ${exercise.title.en}`,
    '#',
    ...wrapped(exercise.question.en, '# '),
    '#',
    `# Judged on the exercise dataset (2026-01-01) at ${times}.`,
    '# Write your query below these comments, then run:',
    `#   npm run lab -- check ${exercise.id}`,
    `# The exercise's page has an editor that completes names from the dataset: ${pageUrl}`,
    '',
    '',
  ].join('\n');
}

interface State {
  query: string;
  base: string;
  grade: Grade | undefined;
}

const stepCheck = (index: number, shown: string, alone: boolean): Check<State> => ({
  name: index === 0 ? `the result ${alone ? 'over' : 'at'} ${shown} is the answer's` : `and at ${shown} too`,
  run: (_ctx, state) => {
    const step = state.grade?.kind === 'graded' ? state.grade.steps[index] : undefined;
    if (!step) return fail('the grader did not get this far');
    if (!step.comparison.same) return fail(step.comparison.why);
    const incidental = step.comparison.incidental?.length
      ? `; your series also carry ${step.comparison.incidental.map((l) => `\`${l}\``).join(', ')}, one value on all of them: fine`
      : '';
    return pass(`${step.comparison.series} series${incidental}`);
  },
});

/** The checker of one exercise; `query` replaces the file's (the page's editor sends its text). */
export function exerciseLab(exercise: Exercise, query?: string): Lab<State> {
  const steps = judgedAt(exercise, datasetClock);
  return defineLab<State>({
    id: exercise.id,
    init: () => ({ query: '', base: '', grade: undefined }),
    checks: [
      {
        name: query === undefined ? `${QUERY_FILE} holds a query` : 'the editor holds a query',
        run: (ctx, state) => {
          state.query = queryOf(query ?? ctx.read(QUERY_FILE));
          if (state.query === '')
            return fail(
              query === undefined
                ? `${ctx.shown(QUERY_FILE)} has only comments: write your query under them`
                : 'the editor is empty: write a query',
            );
          return pass(state.query.length > 80 ? `${state.query.slice(0, 79)}…` : state.query);
        },
      },
      {
        name: 'the exercise Prometheus serves the dataset',
        run: async (_ctx, state) => {
          const server = await ensureExercisePrometheus();
          if ('kind' in server) return server;
          state.base = server.base;
          return pass(`${server.base}${server.reused ? '' : ', started now'}`);
        },
      },
      {
        name: 'Prometheus evaluates the query',
        run: async (_ctx, state) => {
          state.grade = await grade(state.base, exercise, state.query, datasetClock);
          if (state.grade.kind === 'refused')
            return fail(`Prometheus refused the query: ${state.grade.error}`, {
              hint: "the page's editor marks the place of a syntax error as you type",
            });
          if (state.grade.kind === 'unreachable')
            return fail(`the exercise Prometheus did not answer: ${state.grade.error}`);
          return pass();
        },
      },
      ...steps.map((step, index) => stepCheck(index, step.shown, steps.length === 1)),
    ],
  });
}
