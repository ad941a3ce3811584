/**
 * How long the slowest steps of a check may take, and from them how long the site waits for
 * one check before it stops it. The site's limit must be the larger: a first `go build` of a
 * learner's program downloads its modules and may take minutes, and stopping it half-way only
 * makes the next check start that download again.
 */

/** `go build` of a learner's program (labs/kit/go.ts). */
export const goBuildTimeoutMs = 600_000;

/**
 * Everything else a check waits for, in the worst case: the stack answering, a lab process
 * getting ready (up to 60 s), promtool (60 s), and data arriving within budgets derived from
 * the scrape and evaluation intervals (seconds to a minute or two).
 */
const restOfCheckMs = 300_000;

/** The site's "Check my work" stops the checker (its whole process group) after this long. */
export const siteCheckTimeoutMs = goBuildTimeoutMs + restOfCheckMs;
