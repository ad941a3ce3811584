/**
 * Whether the built site is older than its sources, so `npm start` and the pre-flight build it
 * only when something changed.
 */
import { stat, readdir } from 'node:fs/promises';
import { join } from 'node:path';

// RepoFile shows files from stack/ and labs/ in lessons: they are site inputs too.
const siteInputs = ['site', 'labs', 'stack', 'astro.config.mjs', 'package-lock.json'];
const builtMarker = 'dist/server/entry.mjs';

async function newestMtime(path: string): Promise<number> {
  const info = await stat(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of await readdir(path, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, (await stat(join(entry.parentPath, entry.name))).mtimeMs);
  }
  return newest;
}

/** Paths are relative to the repository root, where npm runs the scripts. */
export async function siteIsStale(): Promise<boolean> {
  const built = await stat(builtMarker).then(
    (s) => s.mtimeMs,
    () => 0,
  );
  if (built === 0) return true;
  const inputs = await Promise.all(siteInputs.map((p) => newestMtime(p).catch(() => 0)));
  return Math.max(...inputs) > built;
}
