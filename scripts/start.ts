/**
 * `npm start`: brings the stack up, builds the site when its sources changed, and serves it
 * on 127.0.0.1 until Ctrl+C. The stack keeps running afterwards: labs and panels need it,
 * and `npm run stack -- down` stops it.
 */
import { stat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { run, step } from './lib/run.ts';
import { siteUrl } from '../site/lib/guard/site-address.ts';

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

async function siteIsStale(): Promise<boolean> {
  const built = await stat(builtMarker).then(
    (s) => s.mtimeMs,
    () => 0,
  );
  if (built === 0) return true;
  const inputs = await Promise.all(siteInputs.map((p) => newestMtime(p).catch(() => 0)));
  return Math.max(...inputs) > built;
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  step('starting the stack');
  const up = await run('npm', ['run', '--silent', 'stack', '--', 'up', ...args]);
  if (up.code !== 0) {
    console.error('\nThe stack did not start. `npm run stack -- doctor` shows what is in the way.');
    return up.code;
  }

  if (await siteIsStale()) {
    step('building the site');
    const build = await run('npm', ['run', '--silent', 'build']);
    if (build.code !== 0) return build.code;
  } else {
    step('the site is up to date');
  }

  step(`serving the workshop at ${siteUrl}/ (Ctrl+C stops the site; the stack keeps running)`);
  const served = await run('npm', ['run', '--silent', 'preview']);
  step('site stopped. The stack is still running: `npm run stack -- down` stops it.');
  return served.code;
}

process.exitCode = await main();
