/**
 * npm run bench:labs: how long a lab check takes on the reference solution.
 *   first    the first check: builds, starts the lab's processes, waits for data (bounded)
 *   again    the median of 3 re-checks once data exists: what a learner waits for after a pass
 * The goal for "again" is under 2 s. Leaves the stack as it found it (like the dev-check).
 */
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

async function main(): Promise<number> {
  const selected = process.argv.slice(2);
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
