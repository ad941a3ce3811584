/**
 * Finding a lab and its folders: labs/<id>/{start,solution,check.ts} and the learner's copy in
 * workspace/<id>/. A learner may name a lab by its full id, its number ("4", "04") or its slug.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Lab } from '../../labs/kit/define.ts';
import type { LabEntry } from '../../labs/manifest.ts';
import { manifest } from '../../labs/manifest.ts';
import { repoRoot, stackPaths } from '../stack/index.ts';

export const labsDir = join(repoRoot, 'labs');
/** workspace/, or <WORKSHOP_STATE_DIR>/workspace (scripts/stack/paths.ts). */
export const workspaceDir = stackPaths().workspace;
/** workspace/.trash: where `lab reset` and `lab solution` move the folders they replace. */
export const trashDir = join(workspaceDir, '.trash');

export interface LabDirs {
  /** labs/<id> */
  readonly lab: string;
  readonly start: string;
  readonly solution: string;
  /** workspace/<id>: the learner's copy. */
  readonly workspace: string;
  /** workspace/solutions/<id>: where `lab solution` puts the reference. */
  readonly shownSolution: string;
}

export const dirsOf = (id: string): LabDirs => ({
  lab: join(labsDir, id),
  start: join(labsDir, id, 'start'),
  solution: join(labsDir, id, 'solution'),
  workspace: join(workspaceDir, id),
  shownSolution: join(workspaceDir, 'solutions', id),
});

/** An error the CLI prints as is and exits 1 (2 for usage). */
export class LabError extends Error {
  override name = 'LabError';
}

/** The manifest entry for what the learner typed. */
export function findLab(name: string): LabEntry {
  const wanted = name.trim().toLowerCase();
  const number = /^\d{1,2}$/.test(wanted) ? wanted.padStart(2, '0') : undefined;
  const found = manifest.find(
    (lab) =>
      lab.id === wanted ||
      lab.id.slice(3) === wanted ||
      (number !== undefined && lab.id.startsWith(`${number}-`)),
  );
  if (!found) {
    throw new LabError(
      `no lab "${name}". Labs: ${manifest.map((l) => l.id).join(', ')} (\`npm run lab -- list\`)`,
    );
  }
  return found;
}

const isLab = (value: unknown): value is Lab =>
  typeof value === 'object' && value !== null && 'checks' in value && Array.isArray((value as Lab).checks);

/** Imports labs/<id>/check.ts; its default export is the lab's defineLab(...). */
export async function loadChecker(id: string): Promise<Lab> {
  const file = join(labsDir, id, 'check.ts');
  if (!existsSync(file)) throw new LabError(`labs/${id}/check.ts is missing`);
  const module = (await import(pathToFileURL(file).href)) as { default?: unknown };
  if (!isLab(module.default))
    throw new LabError(`labs/${id}/check.ts must \`export default defineLab({...})\``);
  if (module.default.id !== id) throw new LabError(`labs/${id}/check.ts declares id "${module.default.id}"`);
  return module.default;
}
