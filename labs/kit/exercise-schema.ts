/**
 * The shape of labs/promql/exercises.ts: PromQL questions graded on the fixed dataset
 * (labs/promql/dataset/), validated when imported so a typo fails every command with the
 * exercise, the field and what is allowed. A question is answered by a query; the grader
 * (promql-grader.ts) evaluates it beside the reference at the same instants (or steps), so any
 * equivalent query passes and the reference's spelling never matters.
 */
import { z } from 'zod';

export const EXERCISE_ID = /^promql-\d{2}$/;

/** A time of the dataset's day (2026-01-01, UTC), "HH:MM". */
const timeOfDay = z
  .string()
  .regex(/^(?:0\d|1\d|2[0-3]):[0-5]\d$/, 'a time of the dataset day, "HH:MM" (UTC)');

/** Text in both of the site's locales. */
const bilingual = z.strictObject({ en: z.string().min(1), ja: z.string().min(1) });

export const exerciseSchema = z
  .strictObject({
    /** promql-NN: its place in the order, and the name `npm run lab -- check` takes. */
    id: z.string().regex(EXERCISE_ID, 'an exercise id is "promql-" and two digits, like "promql-07"'),
    /** The page that holds it: a path under site/content/docs/<locale>/, no extension. */
    lesson: z.string().regex(/^promql\/[a-z0-9-]+$/, 'a page of the PromQL section, like "promql/rates"'),
    title: bilingual,
    /** What to find, in words: the query itself is the learner's to write. */
    question: bilingual,
    /** A query that answers it; one of many, never the only right spelling. */
    reference: z.string().min(1),
    /** When the query is evaluated: an instant query at `at` and again at `alsoAt`... */
    at: timeOfDay.default('12:00'),
    /** ...so that a query which hard-codes the answer at `at` still fails. */
    alsoAt: timeOfDay.default('11:13'),
    /** ...or a range query over these steps (the graph's question). */
    range: z
      .strictObject({ from: timeOfDay, to: timeOfDay, stepSeconds: z.number().int().min(60) })
      .optional(),
    /** How far a value may be from the reference's, relative (histogram estimates need more). */
    tolerance: z.number().min(0).max(0.1).default(1e-6),
    /** Revealed one at a time by `lab hint`, the same number in each locale. */
    hints: z.strictObject({ en: z.array(z.string().min(1)).min(1), ja: z.array(z.string().min(1)).min(1) }),
    /** Wrong answers learners give, each with a part of the message the grader must print for it. */
    mistakes: z
      .array(z.strictObject({ query: z.string().min(1), says: z.string().min(1), why: z.string().min(1) }))
      .min(1),
    /** Correct answers spelled unlike the reference: each must pass. */
    alternatives: z.array(z.string().min(1)).min(2),
  })
  .refine((e) => e.hints.en.length === e.hints.ja.length, {
    message: 'hints.en and hints.ja must have the same number of hints',
    path: ['hints'],
  });

export type Exercise = z.infer<typeof exerciseSchema>;

export class ExerciseCatalogueError extends Error {
  override name = 'ExerciseCatalogueError';
}

/** Validates the catalogue: every problem, each with its exercise; ids in order, no duplicates. */
export function parseExercises(raw: unknown, source = 'labs/promql/exercises.ts'): readonly Exercise[] {
  const parsed = z.array(exerciseSchema).min(1).safeParse(raw);
  if (!parsed.success)
    throw new ExerciseCatalogueError(
      `${source}:\n${parsed.error.issues
        .map((issue) => {
          const [index, ...rest] = issue.path;
          const id = Array.isArray(raw) ? (raw[Number(index)] as { id?: string } | undefined)?.id : undefined;
          return `  exercises[${String(index)}]${id ? ` (${id})` : ''}.${rest.join('.')}: ${issue.message}`;
        })
        .join('\n')}`,
    );
  const issues = parsed.data.flatMap((e, i) => {
    const expected = `promql-${String(i + 1).padStart(2, '0')}`;
    return e.id === expected
      ? []
      : [`  exercises[${i}] (${e.id}): the id must be ${expected}, its place in the order`];
  });
  if (issues.length > 0) throw new ExerciseCatalogueError(`${source}:\n${issues.join('\n')}`);
  return parsed.data;
}
