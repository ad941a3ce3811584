/**
 * Every curl command a lesson shows is run as written against the native stack and must do what
 * the text promises (`unmetPromise`). Commands for a Docker-only service cannot run here: they
 * are listed, with why. The lab READMEs' commands need their lab's state, so the dev-check runs
 * them right after each lab's solution passes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, run } from '../../scripts/stack/index.ts';
import { isNative, serviceNames, services } from '../../stack/services.ts';
import {
  docCurlCommands,
  docShellCommands,
  unmetPromise,
  type DocCommand,
} from '../../scripts/lib/doc-commands.ts';
import { kindOf } from '../support/doc-shell-commands.ts';
import { ensureStackUp, stopIfStarted } from '../support/stack.ts';

const commands = docCurlCommands(repoRoot).filter((c) => c.where.startsWith('site/'));
const nativePorts = new Set(serviceNames.filter(isNative).map((s) => services[s].port));
const dockerOnlyPorts = new Set(serviceNames.filter((s) => !isNative(s)).map((s) => services[s].port));

const runnable = commands.filter((c) => c.port !== undefined && nativePorts.has(c.port));
const elsewhere = commands.filter((c) => !runnable.includes(c));

beforeAll(async () => {
  await ensureStackUp();
}, 3_600_000);

afterAll(async () => {
  await stopIfStarted();
});

const label = (c: DocCommand): [string, DocCommand] => [`${c.where}: ${c.command.slice(0, 90)}`, c];

/** The other shell commands a test can run as written, once each (tests/support/doc-shell-commands.ts). */
const runHere = [
  ...new Set(
    docShellCommands(repoRoot)
      .filter((c) => {
        const coverage = kindOf(c.command)?.kind.coverage;
        return coverage !== undefined && 'runHere' in coverage;
      })
      .map((c) => c.command),
  ),
];

describe('curl commands in the lessons and lab READMEs', () => {
  it('finds them', () => {
    expect(runnable.length).toBeGreaterThan(10);
  });

  it.each(runnable.map(label))('%s', async (_label, c) => {
    const result = await run('bash', ['-o', 'pipefail', '-c', c.command], {
      cwd: repoRoot,
      timeoutMs: 30_000,
    });
    expect(unmetPromise(c, result), `${c.where}\n$ ${c.command}`).toBeUndefined();
  });

  it.each(runHere)('%s (shown in a lesson) exits 0', async (command) => {
    const result = await run('bash', ['-o', 'pipefail', '-c', command], {
      cwd: repoRoot,
      timeoutMs: 300_000,
    });
    expect(result.code, `$ ${command}\n${result.stdout}${result.stderr}`.slice(0, 2000)).toBe(0);
  });

  it('runs every other one elsewhere, or says why it cannot', () => {
    const reasons = elsewhere.map((c) => {
      if (c.port === undefined) return `${c.where}: names no 127.0.0.1 port`;
      if (dockerOnlyPorts.has(c.port)) return undefined;
      return `${c.where}: port ${String(c.port)} is no stack service's`;
    });
    for (const c of elsewhere)
      console.log(`not run here: ${c.where} (port ${String(c.port)}: Docker mode only)`);
    expect(reasons.filter(Boolean)).toEqual([]);
  });
});
