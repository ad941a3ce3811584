/**
 * The words of a PromQL exercise's island (its editor, result, explain tree and Check), translated
 * per locale in site/content/i18n/<locale>.json under these keys (checked by
 * site/content.config.ts). "{name}" placeholders are filled in the browser.
 */
export const exerciseStringKeys = [
  'exercise.editor',
  /** "{time}": when the exercise is judged, e.g. 12:00 UTC. */
  'exercise.run',
  'exercise.check',
  'exercise.checking',
  'exercise.passed',
  'exercise.failed',
  'exercise.preparing',
  /** "{error}": why; "{command}": what starts it, shown as code. */
  'exercise.prepareFailed',
  /** "{time}" and "{count}". */
  'exercise.result',
  /** "{time}". */
  'exercise.noResult',
  /** "{judged}": the times the grader compares at. */
  'exercise.about',
] as const;

export type ExerciseStringKey = (typeof exerciseStringKeys)[number];
export type ExerciseStrings = Readonly<Record<ExerciseStringKey, string>>;
