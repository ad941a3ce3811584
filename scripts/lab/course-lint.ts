/**
 * The dev-check's static half: the course is consistent with itself. Manifest and folders
 * match, every lab has the fixed shape, every file the learner edits carries TODO markers in
 * start/ and none in solution/, hints are there, and each lab names a lesson that exists.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { LabEntry } from '../../labs/manifest.ts';
import { LAB_ID } from '../../labs/kit/manifest-schema.ts';
import { localeCodes } from '../../site/lib/locales.ts';
import { repoRoot } from '../stack/index.ts';
import { dirsOf, labsDir } from './labs.ts';

export interface Finding {
  readonly lab: string;
  readonly message: string;
  /** Problems fail the dev-check; notes are printed only. */
  readonly severity: 'problem' | 'note';
}

/** Lesson files a manifest `lesson` may point at, per locale. */
const lessonFiles = (lesson: string, locale: string): string[] =>
  ['.mdx', '.md', '/index.mdx', '/index.md'].map((ext) =>
    join(repoRoot, 'site', 'content', 'docs', locale, `${lesson}${ext}`),
  );

export function lintCourse(labs: readonly LabEntry[], all: readonly LabEntry[]): Finding[] {
  const findings: Finding[] = [];
  const problem = (lab: string, message: string): void => {
    findings.push({ lab, message, severity: 'problem' });
  };
  const folders = readdirSync(labsDir).filter(
    (n) => LAB_ID.test(n) && statSync(join(labsDir, n)).isDirectory(),
  );
  for (const folder of folders) {
    if (!all.some((l) => l.id === folder)) problem(folder, `labs/${folder}/ is not in labs/manifest.ts`);
  }
  for (const lab of labs) {
    const dirs = dirsOf(lab.id);
    if (!existsSync(dirs.lab)) {
      problem(lab.id, `labs/${lab.id}/ is missing (it is in the manifest)`);
      continue;
    }
    for (const part of ['README.md', 'check.ts', 'cases.ts', 'start', 'solution']) {
      if (!existsSync(join(dirs.lab, part))) problem(lab.id, `labs/${lab.id}/${part} is missing`);
    }
    for (const file of lab.files) {
      const started = join(dirs.start, file);
      const solved = join(dirs.solution, file);
      if (!existsSync(started)) problem(lab.id, `start/${file} is missing (listed in files)`);
      else if (!readFileSync(started, 'utf8').includes('TODO'))
        problem(lab.id, `start/${file} has no TODO marker`);
      if (!existsSync(solved)) problem(lab.id, `solution/${file} is missing (listed in files)`);
      else if (readFileSync(solved, 'utf8').includes('TODO'))
        problem(lab.id, `solution/${file} still has a TODO`);
    }
    if (lab.hints.length === 0 || lab.hints.some((h) => h.trim() === ''))
      problem(lab.id, 'every lab needs non-empty hints');
    for (const locale of localeCodes) {
      if (!lessonFiles(lab.lesson, locale).some((f) => existsSync(f))) {
        findings.push({
          lab: lab.id,
          severity: 'note',
          message: `lesson ${locale}/${lab.lesson} does not exist yet (site/content/docs/${locale}/${lab.lesson}.mdx)`,
        });
      }
    }
  }
  return findings;
}
