/**
 * Runs one lab's checker against a folder and prints it as it goes: each check's ✓/✗ as soon
 * as it finishes, a countdown while a check waits for data, then a summary line. With `json`
 * nothing is printed along the way and the caller prints the report.
 */
import type { Progress } from '../../labs/kit/countdown.ts';
import { defaultProgress, silentProgress } from '../../labs/kit/countdown.ts';
import type { Lab } from '../../labs/kit/define.ts';
import type { LabEntry } from '../../labs/manifest.ts';
import { annotation, dim, formatResult, summaryLine } from '../../labs/kit/report.ts';
import type { LabReport } from '../../labs/kit/runner.ts';
import { runLab } from '../../labs/kit/runner.ts';
import { loadChecker } from './labs.ts';

export interface CheckOptions {
  /** Print nothing while running (for --json and the dev-check's quiet mode). */
  readonly quiet?: boolean;
  readonly signal?: AbortSignal;
  readonly progress?: Progress;
}

export async function checkDir(entry: LabEntry, dir: string, options: CheckOptions = {}): Promise<LabReport> {
  return runChecker(await loadChecker(entry.id), entry.services, dir, options);
}

/** Runs a checker (a lab's, or a PromQL exercise's) against a folder, printing as checkDir does. */
export async function runChecker<S>(
  lab: Lab<S>,
  services: LabEntry['services'],
  dir: string,
  options: CheckOptions = {},
): Promise<LabReport> {
  const progress = options.progress ?? (options.quiet ? silentProgress : defaultProgress());
  const report = await runLab(lab, services, dir, {
    progress,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.quiet
      ? {}
      : {
          onResult: (result) => {
            console.log(formatResult(result));
          },
        }),
  });
  if (!options.quiet) {
    console.log(summaryLine(report));
    if (process.env['CI'])
      for (const r of report.results.filter((x) => x.status === 'fail')) console.log(annotation(report, r));
  }
  return report;
}

/** What to do next, after a check of the workspace copy. */
export function nextStep(entry: Pick<LabEntry, 'id'>, report: LabReport, hintsLeft: number): string {
  if (report.passed)
    return dim(
      `next: \`npm run lab -- solution ${entry.id}\` to compare with the reference, or \`npm run lab -- list\``,
    );
  return dim(
    hintsLeft > 0
      ? `stuck? \`npm run lab -- hint ${entry.id}\` (${hintsLeft} hint${hintsLeft === 1 ? '' : 's'} left)`
      : `all hints shown; \`npm run lab -- solution ${entry.id} --force\` shows the reference`,
  );
}
