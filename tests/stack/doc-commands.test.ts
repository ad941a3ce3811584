/**
 * Every curl command a lesson or lab README shows is run as written against the native stack:
 * it must exit 0 (curl refuses an unquoted `{}` glob or a raw space with exit 3; a grep at the
 * end of a pipe that finds nothing exits 1), print something, and, where it gets a Prometheus-API
 * JSON answer, get "success" unless the text says the command fails on purpose. Commands for a
 * lab's own program or for a Docker-only service cannot run here: they are listed, with why.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manifest } from '../../labs/manifest.ts';
import { repoRoot, run } from '../../scripts/stack/index.ts';
import { isNative, serviceNames, services } from '../../stack/services.ts';
import { docCurlCommands, type DocCommand } from '../../scripts/lib/doc-commands.ts';
import { ensureStackUp, stopIfStarted } from '../support/stack.ts';

const commands = docCurlCommands(repoRoot);
const nativePorts = new Set(serviceNames.filter(isNative).map((s) => services[s].port));
const dockerOnlyPorts = new Set(serviceNames.filter((s) => !isNative(s)).map((s) => services[s].port));
const labProgramPorts = new Set(manifest.flatMap((lab) => Object.values(lab.ports ?? {})));

const runnable = commands.filter((c) => c.port !== undefined && nativePorts.has(c.port));
const elsewhere = commands.filter((c) => !runnable.includes(c));

beforeAll(async () => {
  await ensureStackUp();
}, 3_600_000);

afterAll(async () => {
  await stopIfStarted();
});

const label = (c: DocCommand): [string, DocCommand] => [`${c.where}: ${c.command.slice(0, 90)}`, c];

describe('curl commands in the lessons and lab READMEs', () => {
  it('finds them', () => {
    expect(runnable.length).toBeGreaterThan(10);
  });

  it.each(runnable.map(label))('%s', async (_label, c) => {
    const result = await run('bash', ['-o', 'pipefail', '-c', c.command], {
      cwd: repoRoot,
      timeoutMs: 20_000,
    });
    const said = `${c.where}\n$ ${c.command}\nexit ${result.code}\n${result.stdout}${result.stderr}`;
    expect(result.code, said).toBe(0);
    expect(result.stdout.trim(), said).not.toBe('');
    const body = /^\s*\{/.test(result.stdout) ? (JSON.parse(result.stdout) as { status?: string }) : {};
    if (body.status !== undefined) expect(body.status, said).toBe(c.failsOnPurpose ? 'error' : 'success');
  });

  it('runs every other one elsewhere, or says why it cannot', () => {
    const reasons = elsewhere.map((c) => {
      if (c.port === undefined) return `${c.where}: names no 127.0.0.1 port`;
      if (labProgramPorts.has(c.port)) return undefined;
      if (dockerOnlyPorts.has(c.port)) return undefined;
      return `${c.where}: port ${String(c.port)} is no stack service's and no lab's`;
    });
    for (const c of elsewhere)
      console.log(
        `not run here: ${c.where} (port ${String(c.port)}: ${labProgramPorts.has(c.port ?? 0) ? "a lab's own process: the dev-check runs it while the lab's solution runs" : 'Docker mode only'})`,
      );
    expect(reasons.filter(Boolean)).toEqual([]);
  });
});
