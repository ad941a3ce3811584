/**
 * What any web page the learner visits can do to the stack's Prometheus directly, as the
 * browser would send it: read nothing cross-origin, stop or reload nothing, inject no samples.
 * The CLI's own reload (SIGHUP) still works.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseReloadGauges, serviceUrl, silentReporter, stackReload } from '../../scripts/stack/index.ts';
import { ensureStackUp, stopIfStarted } from '../support/stack.ts';

const prometheus = serviceUrl('prometheus');
const evil = 'http://attacker.example';

async function ready(): Promise<boolean> {
  return fetch(`${prometheus}/-/ready`).then(
    (r) => r.ok,
    () => false,
  );
}

beforeAll(async () => {
  await ensureStackUp();
}, 3_600_000);

afterAll(async () => {
  await stopIfStarted();
});

describe("Prometheus, as another site's page reaches it", () => {
  it('grants no CORS read, on a simple request or after a preflight', async () => {
    const read = await fetch(`${prometheus}/api/v1/query?query=up`, { headers: { origin: evil } });
    expect(read.status).toBe(200);
    expect(read.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(`${prometheus}/api/v1/query`, {
      method: 'OPTIONS',
      headers: { origin: evil, 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('cannot quit or reload it: the lifecycle API is off', async () => {
    for (const path of ['/-/quit', '/-/reload']) {
      const answer = await fetch(`${prometheus}${path}`, { method: 'POST', headers: { origin: evil } });
      expect(answer.status, path).toBe(403);
      expect(await answer.text()).toMatch(/lifecycle API is not enabled/i);
    }
    expect(await ready()).toBe(true);
  });

  it('cannot push samples: no remote-write receiver, and OTLP takes no simple content type', async () => {
    const write = await fetch(`${prometheus}/api/v1/write`, {
      method: 'POST',
      headers: { origin: evil },
      body: 'anything',
    });
    expect(write.status).toBe(404);
    const otlp = await fetch(`${prometheus}/api/v1/otlp/v1/metrics`, {
      method: 'POST',
      headers: { origin: evil, 'content-type': 'text/plain' },
      body: '{}',
    });
    expect(otlp.ok).toBe(false);
    expect(await otlp.text()).toMatch(/unsupported content type/);
  });
});

describe('the CLI reload (SIGHUP)', () => {
  it('reloads Prometheus and waits until its reload gauge moves', async () => {
    const gauges = async (): Promise<ReturnType<typeof parseReloadGauges>> =>
      parseReloadGauges(await (await fetch(`${prometheus}/metrics`)).text());
    const before = await gauges();
    expect(before?.successful).toBe(true);
    await stackReload('prometheus', { reporter: silentReporter });
    const after = await gauges();
    expect(after?.successful).toBe(true);
    expect(after?.successAt ?? 0).toBeGreaterThan(before?.successAt ?? Infinity);
  });
});
