/**
 * npm run bench:ui: how long the native web UIs take to build, per UI.
 *   cold      no cached UI, no package manager in .stack/tools, empty pnpm store / yarn cache
 *             (temporary ones for this run): what a fresh clone pays once
 *   rebuild   no cached UI, package manager and package caches warm (a version bump)
 *   cached    the stamp matches: what every later `stack up` pays (nothing is rebuilt)
 * and the last recorded Go build of each binary that embeds a UI (with the builtinassets tag).
 * Rebuilds the UIs in .stack/ui in place; leaves the binaries alone.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { run } from '../stack/exec.ts';
import { acquireBuildLock, buildHistory, goEnv, workshopTags } from '../stack/native/build.ts';
import { recipes } from '../stack/native/components.ts';
import type { WebUiBuild } from '../stack/native/web-ui-build.ts';
import { ensureWebUi } from '../stack/native/web-ui-build.ts';
import type { WebUiRecipe } from '../stack/native/web-ui.ts';
import { packageManagerDir, webUiNames, webUiRecipes } from '../stack/native/web-ui.ts';
import { bold, consoleReporter, formatDuration, silentReporter } from '../stack/output.ts';
import { stackPaths } from '../stack/paths.ts';
import { table } from '../stack/status.ts';
import { loadVersions } from '../stack/versions.ts';

const paths = stackPaths();
const versions = loadVersions(paths.versionsFile);

async function moduleDir(ui: WebUiRecipe): Promise<string> {
  const result = await run('go', ['mod', 'download', '-json', `${ui.module}@${ui.moduleVersion}`], {
    env: goEnv(),
  });
  const parsed = z.object({ Dir: z.string() }).safeParse(JSON.parse(result.stdout || '{}'));
  if (result.code !== 0 || !parsed.success)
    throw new Error(`go mod download ${ui.module}@${ui.moduleVersion}: ${result.stderr || result.stdout}`);
  return parsed.data.Dir;
}

/** One build with the package caches pointed at fresh folders, which are removed afterwards. */
async function coldBuild(ui: WebUiRecipe, dir: string): Promise<WebUiBuild> {
  const caches = mkdtempSync(join(tmpdir(), `bench-ui-${ui.name}-`));
  const cache = join(caches, ui.packageManager.name === 'pnpm' ? 'pnpm-store' : 'yarn-cache');
  const env =
    ui.packageManager.name === 'pnpm' ? { pnpm_config_store_dir: cache } : { YARN_CACHE_FOLDER: cache };
  rmSync(packageManagerDir(paths, ui.packageManager), { recursive: true, force: true });
  try {
    const build = await ensureWebUi(paths, ui, dir, { reporter: consoleReporter, force: true, env });
    // Proof the install filled the fresh cache rather than the learner's warm one.
    if (!existsSync(cache) || readdirSync(cache).length === 0)
      throw new Error(
        `${ui.name}: ${ui.packageManager.name} left ${cache} empty, so this was no cold install`,
      );
    return build;
  } finally {
    rmSync(caches, { recursive: true, force: true });
  }
}

const steps = (build: WebUiBuild): string =>
  Object.entries(build.stamp.steps)
    .filter(([, ms]) => ms >= 1000)
    .map(([step, ms]) => `${step} ${formatDuration(ms)}`)
    .join(', ');

const release = await acquireBuildLock(paths, consoleReporter);
try {
  console.log(bold('Web UIs (native mode)'));
  const rows: string[][] = [];
  const detail: string[][] = [];
  for (const name of webUiNames) {
    const ui = webUiRecipes(versions)[name];
    const dir = await moduleDir(ui);
    const cold = await coldBuild(ui, dir);
    const rebuild = await ensureWebUi(paths, ui, dir, { reporter: silentReporter, force: true });
    const start = performance.now();
    const cached = await ensureWebUi(paths, ui, dir, { reporter: silentReporter });
    if (cached.built) throw new Error(`${name}: the UI was rebuilt although its stamp matched`);
    const cachedMs = performance.now() - start;
    rows.push([
      name,
      `${ui.packageManager.name}@${ui.packageManager.version}`,
      formatDuration(cold.stamp.totalMs),
      formatDuration(rebuild.stamp.totalMs),
      formatDuration(cachedMs),
    ]);
    detail.push([`${name} cold`, steps(cold)], [`${name} rebuild`, steps(rebuild)]);
  }
  console.log(table(['UI', 'WITH', 'COLD', 'REBUILD', 'CACHED'], rows));
  console.log(table(['BUILD', 'STEPS (≥1s)'], detail));

  console.log(bold('\nLast Go build of each binary that embeds a UI'));
  const history = buildHistory(paths);
  const all = recipes(versions);
  console.log(
    table(
      ['BINARY', 'TAGS', 'COMPILE', 'TOTAL', 'BUILT AT'],
      webUiNames.map((name) => {
        const stamp = history[name];
        const tags = [...workshopTags(all[name]), webUiRecipes(versions)[name].goTag].join(',');
        return stamp
          ? [
              name,
              tags,
              formatDuration(stamp.steps['compile'] ?? 0),
              formatDuration(stamp.totalMs),
              stamp.builtAt,
            ]
          : [name, tags, '-', '-', 'never (npm run stack -- build)'];
      }),
    ),
  );
} finally {
  release();
}
