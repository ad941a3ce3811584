/** The learner's verbs: list, start, check, hint, solution, reset, stop. */
import { existsSync } from 'node:fs';
import { stopLabProcesses } from '../../labs/kit/processes.ts';
import type { LabReport } from '../../labs/kit/runner.ts';
import { bold, dim, green, red, yellow } from '../../labs/kit/report.ts';
import { shownPath } from '../../labs/kit/shown.ts';
import { toJson } from '../../labs/kit/report.ts';
import type { LabEntry } from '../../labs/manifest.ts';
import { manifest } from '../../labs/manifest.ts';
import { copyFiles, replaceDir } from './files.ts';
import { LabError, dirsOf, loadChecker } from './labs.ts';
import type { LabProgress } from './progress.ts';
import { readProgress, updateLab } from './progress.ts';
import { checkDir, nextStep } from './run-check.ts';

function status(progress: LabProgress | undefined, started: boolean): string {
  if (progress?.passedAt) return green('✓ done   ');
  if (progress?.lastCheck) return red('✗ failing');
  return started ? yellow('… started') : dim('  not yet');
}

/** One lab's progress as `list --json` prints it (the site's lab panel reads this). */
export interface LabStatus {
  readonly id: string;
  readonly title: string;
  readonly lesson: string;
  /** workspace/<id> exists. */
  readonly started: boolean;
  readonly passedAt: string | undefined;
  readonly lastCheck: LabProgress['lastCheck'];
  readonly hintsShown: number;
  readonly hints: number;
}

export function statuses(): LabStatus[] {
  const progress = readProgress();
  return manifest.map((lab) => {
    const p = progress.labs[lab.id];
    return {
      id: lab.id,
      title: lab.title,
      lesson: lab.lesson,
      started: existsSync(dirsOf(lab.id).workspace),
      passedAt: p?.passedAt,
      lastCheck: p?.lastCheck,
      hintsShown: p?.hintsShown ?? 0,
      hints: lab.hints.length,
    };
  });
}

export function list(json: boolean): number {
  if (json) {
    console.log(JSON.stringify(statuses(), null, 2));
    return 0;
  }
  const progress = readProgress();
  const done = manifest.filter((l) => progress.labs[l.id]?.passedAt).length;
  for (const lab of manifest) {
    const started = existsSync(dirsOf(lab.id).workspace);
    console.log(
      `${status(progress.labs[lab.id], started)}  ${bold(lab.id)}  ${lab.title}  ${dim(`(lesson ${lab.lesson})`)}`,
    );
  }
  const next = manifest.find((l) => !progress.labs[l.id]?.passedAt);
  console.log(
    `\n${done}/${manifest.length} labs done.${next ? ` Next: \`npm run lab -- start ${next.id}\`` : ' All done!'}`,
  );
  return 0;
}

export function start(entry: LabEntry): number {
  const dirs = dirsOf(entry.id);
  const result = copyFiles(dirs.start, dirs.workspace, false);
  updateLab(entry.id, (p) => ({ ...p, startedAt: p.startedAt ?? new Date().toISOString() }));
  const where = shownPath(dirs.workspace);
  for (const file of result.copied) console.log(`  ${green('+')} ${where}/${file}`);
  for (const file of result.kept)
    console.log(`  ${dim(`= ${where}/${file} (yours, kept; \`lab reset\` replaces it)`)}`);
  console.log(`\n${bold(entry.title)}`);
  console.log(
    `Read labs/${entry.id}/README.md, then edit: ${entry.files.map((f) => `${where}/${f}`).join(', ')}`,
  );
  console.log(
    dim(
      `Check with \`npm run lab -- check ${entry.id}\`, or re-check on every save: \`npm run lab -- watch ${entry.id}\``,
    ),
  );
  return 0;
}

/** Stores the outcome of a check of the workspace copy. */
export function recordCheck(entry: LabEntry, report: LabReport): LabProgress {
  const at = new Date().toISOString();
  return updateLab(entry.id, (p) => ({
    ...p,
    lastCheck: { at, passed: report.passed },
    ...(report.passed ? { passedAt: at } : {}),
  }));
}

export function workspaceOrThrow(entry: LabEntry): string {
  const dir = dirsOf(entry.id).workspace;
  if (!existsSync(dir))
    throw new LabError(
      `${shownPath(dir)} does not exist yet: run \`npm run lab -- start ${entry.id}\` first`,
    );
  return dir;
}

export async function check(entry: LabEntry, json: boolean): Promise<number> {
  const dir = workspaceOrThrow(entry);
  const report = await checkDir(entry, dir, { quiet: json });
  const progress = recordCheck(entry, report);
  if (json) console.log(JSON.stringify(toJson(report), null, 2));
  else console.log(nextStep(entry, report, entry.hints.length - progress.hintsShown));
  return report.passed ? 0 : 1;
}

export function hint(entry: LabEntry, json: boolean): number {
  const shown = readProgress().labs[entry.id]?.hintsShown ?? 0;
  const index = Math.min(shown, entry.hints.length - 1);
  if (json) {
    updateLab(entry.id, (p) => ({ ...p, hintsShown: Math.max(p.hintsShown, index + 1) }));
    console.log(
      JSON.stringify(
        { lab: entry.id, shown: entry.hints.slice(0, index + 1), total: entry.hints.length },
        null,
        2,
      ),
    );
    return 0;
  }
  for (let i = 0; i <= index; i++)
    console.log(
      `${i === index ? bold(`hint ${i + 1}/${entry.hints.length}:`) : dim(`hint ${i + 1}:`)} ${entry.hints[i] ?? ''}`,
    );
  updateLab(entry.id, (p) => ({ ...p, hintsShown: Math.max(p.hintsShown, index + 1) }));
  if (index === entry.hints.length - 1)
    console.log(
      dim(`That was the last hint. \`npm run lab -- solution ${entry.id} --force\` shows the reference.`),
    );
  return 0;
}

export function solution(entry: LabEntry, force: boolean): number {
  const passed = readProgress().labs[entry.id]?.passedAt;
  if (!passed && !force) {
    throw new LabError(
      `the solution opens once ${entry.id} passes (\`npm run lab -- check ${entry.id}\`). To look now anyway: \`npm run lab -- solution ${entry.id} --force\``,
    );
  }
  const dirs = dirsOf(entry.id);
  const files = replaceDir(dirs.solution, dirs.shownSolution);
  const where = shownPath(dirs.shownSolution);
  console.log(`The reference solution, with comments on why, is in ${where}/ (your files are untouched):`);
  for (const file of files) console.log(`  ${where}/${file}`);
  console.log(dim(`Compare: diff -ru ${shownPath(dirs.workspace)} ${where}`));
  return 0;
}

/** Takes back what checking put into the stack (drop-in, rules) and stops the lab's processes. */
export async function stop(entry: LabEntry): Promise<string[]> {
  const lab = await loadChecker(entry.id);
  const undone = (await lab.teardown?.()) ?? [];
  const stopped = await stopLabProcesses(entry.id);
  return [...undone, ...stopped.map((s) => `stopped ${s}`)];
}

export async function stopVerb(entry: LabEntry): Promise<number> {
  const done = await stop(entry);
  for (const line of done) console.log(`  ${green('✓')} ${line}`);
  if (done.length === 0) console.log(dim(`nothing of ${entry.id} was running`));
  return 0;
}

export async function reset(entry: LabEntry): Promise<number> {
  await stopVerb(entry);
  const dirs = dirsOf(entry.id);
  const files = replaceDir(dirs.start, dirs.workspace);
  updateLab(entry.id, () => ({ startedAt: new Date().toISOString(), hintsShown: 0 }));
  console.log(
    `${green('✓')} ${shownPath(dirs.workspace)} is back to the lab's starting files (${files.join(', ')}); progress and hints reset`,
  );
  return 0;
}

export async function stopAll(): Promise<number> {
  for (const entry of manifest) await stopVerb(entry);
  return 0;
}
