/**
 * When the PromQL exercises' dataset happens: its first and last sample (seconds since the
 * epoch) and the step between samples, one a minute, as a scrape interval of 1m writes them.
 * generate.ts writes the data; the grader, the exercise pages and their editor's completion read
 * these, so a learner's queries and the checker's look at the same two hours.
 */
export const datasetStart = Date.UTC(2026, 0, 1, 10, 0, 0) / 1000;
export const datasetEnd = datasetStart + 2 * 3600;
export const datasetStep = 60;

/** The dataset's day (00:00 UTC, seconds since the epoch) and its step: what the grader reads times against. */
export const datasetClock = {
  day: Math.floor(datasetStart / 86400) * 86400,
  stepSeconds: datasetStep,
} as const;
