/**
 * The words of the instructor's classroom board, translated per locale in
 * site/content/i18n/<locale>.json under these keys (checked by site/content.config.ts). Only the
 * board's island receives them. "{name}" placeholders are filled in the browser.
 */
export const boardStringKeys = [
  /** "{id}": the classroom's id. */
  'board.classroom',
  /** No classroom in the URL: "{start}" is the command that starts one, shown as code. */
  'board.none',
  'board.grid',
  'board.grid.learner',
  /** The grid before anyone has checked: "{join}" is the learners' command, shown as code. */
  'board.grid.empty',
  'board.passed',
  'board.failing',
  'board.notStarted',
  /** "{minutes}": the board's threshold. */
  'board.stuck',
  'board.funnel',
  'board.mostFailed',
  'board.learner',
  'board.learnerFailures',
] as const;

export type BoardStringKey = (typeof boardStringKeys)[number];
export type BoardStrings = Readonly<Record<BoardStringKey, string>>;
