/** Paths as the learner sees them: relative to the repository root when inside it. */
import { isAbsolute, relative } from 'node:path';
import { repoRoot } from '../../scripts/stack/index.ts';

export function shownPath(absolute: string): string {
  const rel = relative(repoRoot, absolute);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : absolute;
}
