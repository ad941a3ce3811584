/**
 * The classroom board's PromQL, over the series each learner's `lab check` sends
 * (scripts/classroom/check-samples.ts): one place, read by the board's panels and by the load
 * test that times them against a real Mimir.
 *
 * The samples are sparse (one per check run, no staleness markers), so every query looks back
 * over the whole class day rather than Prometheus' 5-minute lookback.
 */

import { classroomIdPattern } from '../../../stack/services.ts';

/** How far back the board looks: a full-day workshop. */
export const classDay = '12h';

/** The board's queries for one classroom; `stuckMinutes` is how long a failing check counts as stuck. */
export function boardQueries(classroom: string, stuckMinutes: number) {
  // The id goes into PromQL as it is: only the pattern's characters may.
  if (!classroomIdPattern.test(classroom)) throw new Error(`"${classroom}" is not a classroom id`);
  const sel = (metric: string, extra = ''): string => `${metric}{classroom="${classroom}"${extra}}`;
  const lab = sel('workshop_lab_passed');
  const check = sel('workshop_check_passed');
  const stuck = `${stuckMinutes}m`;
  const perCheck = 'on (learner, lab, check)';
  return {
    /** Each learner's latest verdict per lab: 1 passed, 0 failing; no series means not started. */
    grid: `max by (learner, lab) (last_over_time(${lab}[${classDay}]))`,
    /**
     * Checks whose latest run failed, that also failed as of `stuckMinutes` ago and have not
     * passed since: the value is how many times the learner ran them today.
     */
    stuck:
      `max by (learner, lab, check) (count_over_time(${check}[${classDay}])` +
      ` and ${perCheck} (last_over_time(${check}[${classDay}]) == 0)` +
      ` and ${perCheck} (last_over_time(${check}[${classDay}] offset ${stuck}) == 0)` +
      ` unless ${perCheck} (max_over_time(${check}[${stuck}]) == 1))`,
    /** Learners who have passed each lab at least once, over time. */
    funnel: `count by (lab) (max by (learner, lab) (max_over_time(${lab}[${classDay}])) == 1)`,
    /** The checks failed most often today, by failed runs. */
    mostFailed: `topk(10, sum by (lab, check) (count_over_time(${check}[${classDay}]) - sum_over_time(${check}[${classDay}])) > 0)`,
    /** One learner's latest verdict per check (the board's learner variable). */
    learnerChecks: `max by (lab, check) (last_over_time(${sel('workshop_check_passed', ', learner=~"$learner"')}[${classDay}]))`,
    /**
     * One learner's checks whose latest run failed, with the last message each failed with (the
     * failure series' value is its time, so topk 1 is the latest), as minutes since it failed.
     */
    learnerFailures:
      `(time() - topk by (learner, lab, check) (1, last_over_time(${sel('workshop_check_failure_timestamp_seconds', ', learner=~"$learner"')}[${classDay}]))) / 60` +
      ` and on (learner, lab, check) (last_over_time(${sel('workshop_check_passed', ', learner=~"$learner"')}[${classDay}]) == 0)`,
    /** The learner variable's options. */
    learners: `label_values(${check}, learner)`,
  };
}

export type BoardQueries = ReturnType<typeof boardQueries>;
