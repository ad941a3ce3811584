/**
 * The learner's verbs: list, start, check, hint, solution, reset, stop. Those that touch a
 * lab's checker, processes or folders hold the lab's lock (labs/kit/lab-lock.ts).
 */
import { existsSync } from 'node:fs';
import { LabBusyError, withLabLock } from '../../labs/kit/lab-lock.ts';
import { stopLabProcesses } from '../../labs/kit/processes.ts';
import type { LabReport } from '../../labs/kit/runner.ts';
import { bold, dim, green, red, yellow } from '../../labs/kit/report.ts';
import { shownPath } from '../../labs/kit/shown.ts';
import { toJson } from '../../labs/kit/report.ts';
import type { LabEntry } from '../../labs/manifest.ts';
import { manifest } from '../../labs/manifest.ts';
import { reportCheck } from '../classroom/report-check.ts';
import { changedFiles, copyFiles, replaceDir } from './files.ts';
import { LabError, dirsOf, loadChecker, trashDir } from './labs.ts';
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

/** Stores the outcome of a check of the workspace copy, and hands it to the classroom, if joined. */
export function recordCheck(entry: Pick<LabEntry, 'id'>, report: LabReport): LabProgress {
  const now = new Date();
  const at = now.toISOString();
  const progress = updateLab(entry.id, (p) => ({
    ...p,
    lastCheck: { at, passed: report.passed },
    ...(report.passed ? { passedAt: at } : {}),
  }));
  reportCheck(report, now.getTime());
  return progress;
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
  const { report, progress } = await withLabLock(entry.id, 'check', async () => {
    const checked = await checkDir(entry, dir, { quiet: json });
    return { report: checked, progress: recordCheck(entry, checked) };
  });
  if (json) console.log(JSON.stringify(toJson(report), null, 2));
  else console.log(nextStep(entry, report, entry.hints.length - progress.hintsShown));
  return report.passed ? 0 : 1;
}

export function hint(entry: Pick<LabEntry, 'id' | 'hints'>, json: boolean): number {
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

export async function solution(entry: LabEntry, force: boolean): Promise<number> {
  const passed = readProgress().labs[entry.id]?.passedAt;
  if (!passed && !force) {
    throw new LabError(
      `the solution opens once ${entry.id} passes (\`npm run lab -- check ${entry.id}\`). To look now anyway: \`npm run lab -- solution ${entry.id} --force\``,
    );
  }
  const dirs = dirsOf(entry.id);
  const replaced = await withLabLock(entry.id, 'solution', () =>
    replaceDir(dirs.solution, dirs.shownSolution, trashDir, `${entry.id}-solution`),
  );
  const where = shownPath(dirs.shownSolution);
  if (replaced.trashed)
    console.log(
      `${yellow('•')} the copy you had in ${where}/ differed: it is now in ${shownPath(replaced.trashed)}/`,
    );
  console.log(`The reference solution, with comments on why, is in ${where}/ (your files are untouched):`);
  for (const file of replaced.files) console.log(`  ${where}/${file}`);
  console.log(dim(`Compare: diff -ru ${shownPath(dirs.workspace)} ${where}`));
  return 0;
}

/** Takes back what checking put into the stack (drop-in, rules) and stops the lab's processes. */
export async function stop(entry: LabEntry): Promise<string[]> {
  const lab = await loadChecker(entry.id);
  return withLabLock(entry.id, 'stop', async () => {
    const undone = (await lab.teardown?.()) ?? [];
    const stopped = await stopLabProcesses(entry.id);
    return [...undone, ...stopped.map((s) => `stopped ${s}`)];
  });
}

export async function stopVerb(entry: LabEntry): Promise<number> {
  const done = await stop(entry);
  for (const line of done) console.log(`  ${green('✓')} ${line}`);
  if (done.length === 0) console.log(dim(`nothing of ${entry.id} was running`));
  return 0;
}

export interface ResetOptions {
  /** Start over without asking, even when the learner's files differ from start/. */
  readonly force: boolean;
  /** Asks the learner a yes/no question; absent when no one can answer (no terminal). */
  readonly confirm?: (question: string) => Promise<boolean>;
}

const listed = (files: readonly string[]): string =>
  files.length <= 4 ? files.join(', ') : `${files.slice(0, 3).join(', ')} and ${files.length - 3} more`;

/** Stops the lab, moves the learner's files to the trash, puts start/ back and resets progress. */
export async function reset(entry: LabEntry, options: ResetOptions): Promise<number> {
  const dirs = dirsOf(entry.id);
  const where = shownPath(dirs.workspace);
  return withLabLock(entry.id, 'reset', async () => {
    const changed = existsSync(dirs.workspace) ? changedFiles(dirs.start, dirs.workspace) : [];
    if (changed.length > 0 && !options.force) {
      const yours = `${where}/ differs from the lab's starting files (${listed(changed)})`;
      if (!options.confirm)
        throw new LabError(
          `${yours}. Nothing was changed. \`npm run lab -- reset ${entry.id} --force\` starts over and moves your files to ${shownPath(trashDir)}/`,
        );
      if (
        !(await options.confirm(
          `${yours}. Move your files to ${shownPath(trashDir)}/ and start over? [y/N] `,
        ))
      ) {
        console.log(dim('Nothing was changed.'));
        return 1;
      }
    }
    await stopVerb(entry);
    const replaced = replaceDir(dirs.start, dirs.workspace, trashDir, entry.id);
    updateLab(entry.id, () => ({ startedAt: new Date().toISOString(), hintsShown: 0 }));
    if (replaced.trashed) console.log(`${yellow('•')} your files are in ${shownPath(replaced.trashed)}/`);
    console.log(
      `${green('✓')} ${where} is back to the lab's starting files (${replaced.files.join(', ')}); progress and hints reset`,
    );
    return 0;
  });
}

/** `lab stop` with no lab: every lab; one that another command holds is named and left. */
export async function stopAll(): Promise<number> {
  let busy = 0;
  for (const entry of manifest) {
    try {
      await stopVerb(entry);
    } catch (error) {
      if (!(error instanceof LabBusyError)) throw error;
      busy++;
      console.error(`${red('error:')} ${error.message}`);
    }
  }
  return busy > 0 ? 1 : 0;
}
