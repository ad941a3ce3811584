/**
 * npm run bench:labs: how long a lab check takes on the reference solution.
 *   first    the first check: builds, starts the lab's processes, waits for data (bounded)
 *   again    the median of 3 re-checks once data exists: what a learner waits for after a pass
 * The goal for "again" is under 2 s. Leaves the stack as it found it (like the dev-check).
 * Then the PromQL exercises (`promql` alone: only them): the time to grade one reference query,
 * the first time (backfill and start of the exercise Prometheus when it is not running) and the
 * median of 3 gradings after it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exerciseLab } from '../../labs/kit/exercise-lab.ts';
import { EXERCISES } from '../../labs/kit/exercise-prometheus.ts';
import { stopLabProcesses } from '../../labs/kit/processes.ts';
import { runLab } from '../../labs/kit/runner.ts';
import { exercises } from '../../labs/promql/exercises.ts';
import { formatResult } from '../../labs/kit/report.ts';
import { manifest } from '../../labs/manifest.ts';
import { dirsOf } from '../lab/labs.ts';
import { checkDir } from '../lab/run-check.ts';
import { restoreSnapshot, takeSnapshot } from '../lab/snapshot.ts';
import { bold, formatDuration } from '../stack/output.ts';
import { median } from '../lib/stats.ts';
import { table } from '../stack/status.ts';

const ROUNDS = 3;
const GOAL_MS = 2_000;

/** Grading times of a few exercises, one of each kind of question. */
async function exerciseTimes(): Promise<void> {
  const chosen = exercises.filter((e) => ['promql-05', 'promql-12', 'promql-20', 'promql-28'].includes(e.id));
  await stopLabProcesses(EXERCISES);
  const rows: string[][] = [];
  const dir = mkdtempSync(join(tmpdir(), 'bench-promql-'));
  try {
    for (const exercise of chosen) {
      const grade = () => runLab(exerciseLab(exercise, exercise.reference), [], dir);
      const first = await grade();
      const again = [];
      for (let i = 0; i < ROUNDS; i++) again.push(await grade());
      if (![first, ...again].every((r) => r.passed))
        throw new Error(
          `${exercise.id}: the reference does not pass; run \`npm run lab -- dev-check promql\``,
        );
      rows.push([
        exercise.id,
        exercise.range ? 'range' : 'two instants',
        `${first.ms.toFixed(0)} ms`,
        `${median(again.map((r) => r.ms)).toFixed(0)} ms`,
      ]);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await stopLabProcesses(EXERCISES);
  }
  console.log(bold('==> PromQL exercises: grading the reference query'));
  console.log(table(['EXERCISE', 'JUDGED', 'FIRST (server start)', 'AGAIN (median of 3)'], rows));
}

async function main(): Promise<number> {
  const selected = process.argv.slice(2);
  if (selected.length === 1 && selected[0] === 'promql') {
    await exerciseTimes();
    return 0;
  }
  const labs =
    selected.length > 0 ? manifest.filter((l) => selected.some((s) => l.id.startsWith(s))) : manifest;
  const snapshot = await takeSnapshot(
    labs.map((l) => l.id),
    true,
  );
  const header = ['LAB', 'FIRST', 'AGAIN (median of 3)', 'SLOWEST CHECK (again)', 'UNDER 2s'];
  const rows: string[][] = [];
  let missed = 0;
  try {
    for (const lab of labs) {
      console.log(bold(`==> ${lab.id}`));
      const first = await checkDir(lab, dirsOf(lab.id).solution, { quiet: true });
      if (!first.passed) {
        for (const r of first.results.filter((x) => x.status === 'fail')) console.log(formatResult(r));
        throw new Error(`${lab.id}: the solution does not pass; run \`npm run lab -- dev-check ${lab.id}\``);
      }
      const again = [];
      for (let i = 0; i < ROUNDS; i++)
        again.push(await checkDir(lab, dirsOf(lab.id).solution, { quiet: true }));
      const ms = median(again.map((r) => r.ms));
      const slowest = again.flatMap((r) => r.results).reduce((a, b) => (b.ms > a.ms ? b : a));
      const ok = again.every((r) => r.passed) && ms < GOAL_MS;
      if (!ok) missed++;
      rows.push([
        lab.id,
        formatDuration(first.ms),
        formatDuration(ms),
        `${slowest.name} ${formatDuration(slowest.ms)}`,
        ok ? 'yes' : 'NO',
      ]);
    }
  } finally {
    await restoreSnapshot(snapshot);
  }
  console.log(table(header, rows));
  console.log(`${labs.length - missed}/${labs.length} labs re-check in under ${formatDuration(GOAL_MS)}`);
  if (selected.length === 0) await exerciseTimes();
  return missed === 0 ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error((error as Error).message);
    process.exitCode = 1;
  },
);
