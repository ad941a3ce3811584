/**
 * `npm start`: brings the stack up, builds the site when its sources changed, and serves it
 * on 127.0.0.1 until Ctrl+C. The stack keeps running afterwards: labs and panels need it,
 * and `npm run stack -- down` stops it.
 */
import { run, step } from './lib/run.ts';
import { siteIsStale } from './lib/site-build.ts';
import { siteUrl } from '../site/lib/guard/site-address.ts';

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
