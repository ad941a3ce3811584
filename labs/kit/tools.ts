/** The stack's own binaries in .stack/bin, which the checks use as validators and lab processes. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadVersions, recipes, stackPaths, upstreamBinDir } from '../../scripts/stack/index.ts';

export type Tool = 'prometheus' | 'promtool' | 'alloy' | 'mimir';

const component: Readonly<Record<Tool, 'prometheus' | 'alloy' | 'mimir'>> = {
  prometheus: 'prometheus',
  promtool: 'prometheus',
  alloy: 'alloy',
  mimir: 'mimir',
};

export interface ToolInfo {
  readonly path: string;
  /** The pinned version it was built at (stack/versions.env). */
  readonly version: string;
  readonly exists: boolean;
  /** What to run when it is missing. */
  readonly buildCommand: string;
}

export function tool(name: Tool): ToolInfo {
  const paths = stackPaths();
  const recipe = recipes(loadVersions(paths.versionsFile))[component[name]];
  const path = join(upstreamBinDir(paths, recipe), name);
  return {
    path,
    version: recipe.version,
    exists: existsSync(path),
    buildCommand: `npm run stack -- build ${component[name]}`,
  };
}
