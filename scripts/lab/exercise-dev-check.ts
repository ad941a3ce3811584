/**
 * The dev-check of the PromQL exercises, against the real exercise Prometheus: per exercise the
 * reference passes (and its answer is not empty at the first time judged, or the question asks
 * nothing), every alternative passes, and every recorded mistake fails at a grading check with
 * a message that contains what the catalogue says it must.
 */
import { exerciseLab } from '../../labs/kit/exercise-lab.ts';
import type { Exercise } from '../../labs/kit/exercise-schema.ts';
import { datasetClock, ensureExercisePrometheus } from '../../labs/kit/exercise-prometheus.ts';
import { evaluate } from '../../labs/kit/promql-evaluate.ts';
import { judgedAt } from '../../labs/kit/promql-grader.ts';
import type { LabReport } from '../../labs/kit/runner.ts';
import { runLab } from '../../labs/kit/runner.ts';
import { exercises } from '../../labs/promql/exercises.ts';
import type { Outcome } from './dev-check.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The checks that compare results: a mistake must fail at one of them, not before. */
const GRADING = /^(?:Prometheus evaluates the query|the result |and at )/;

const firstFailure = (report: LabReport) => report.results.find((r) => r.status === 'fail');

async function attempt(
  exercise: Exercise,
  query: string,
  dir: string,
): Promise<{ report: LabReport; ms: number }> {
  const started = performance.now();
  const report = await runLab(exerciseLab(exercise, query), [], dir);
  return { report, ms: performance.now() - started };
}

export async function exerciseOutcomes(
  only: string | undefined,
  print: (o: Outcome) => void,
): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  const record = (o: Outcome): void => {
    outcomes.push(o);
    print(o);
  };
  const server = await ensureExercisePrometheus();
  if ('kind' in server) {
    record({
      lab: 'promql',
      what: 'the exercise Prometheus',
      ok: false,
      ms: 0,
      verdict: 'down',
      why: server.message,
    });
    return outcomes;
  }
  // --query replaces the file: the folder only has to exist.
  const dir = mkdtempSync(join(tmpdir(), 'promql-dev-check-'));
  try {
    for (const exercise of exercises) {
      const first = judgedAt(exercise, datasetClock)[0];
      const answer = first ? await evaluate(server.base, exercise.reference, first.when) : undefined;
      const cases = [
        { what: 'reference', query: exercise.reference, expect: 'pass' as const },
        ...exercise.alternatives.map((query, i) => ({
          what: `alternative ${i + 1}`,
          query,
          expect: 'pass' as const,
        })),
        ...exercise.mistakes.map((m) => ({ what: `mistake: ${m.why}`, query: m.query, expect: m.says })),
      ].filter((c) => only === undefined || `${exercise.id} ${c.what}`.includes(only));
      for (const c of cases) {
        const { report, ms } = await attempt(exercise, c.query, dir);
        const failure = firstFailure(report);
        let why: string | undefined;
        if (c.expect === 'pass') {
          if (!report.passed) why = `expected a pass, got: ${failure?.message ?? 'no verdict'}`;
          else if (c.what === 'reference' && answer?.ok && answer.series.length === 0)
            why = `the answer is empty at ${first?.shown ?? ''}: the first time judged must have series to find`;
        } else if (report.passed) why = `expected a failure saying "${c.expect}", but it passed`;
        else if (!failure || !GRADING.test(failure.name))
          why = `expected the grading to fail it, but "${failure?.name ?? '?'}" did: ${failure?.message ?? ''}`;
        else if (!(failure.message ?? '').includes(c.expect))
          why = `expected the message to say "${c.expect}", it says: ${failure.message ?? ''}`;
        record({
          lab: exercise.id,
          what: c.what,
          ok: why === undefined,
          ms,
          verdict: report.passed ? 'pass' : `fail at “${failure?.name ?? '?'}”`,
          ...(why === undefined ? {} : { why }),
          report,
        });
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return outcomes;
}
