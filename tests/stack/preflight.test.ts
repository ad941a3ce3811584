/**
 * The pre-flight's port check against the real stack: the running stack's own ports are
 * fine, and a lab port something else holds is named with its port and owner. The whole
 * pre-flight runs as its own step of `npm test` (scripts/test-all.ts), after the browser tests.
 */
import { createServer } from 'node:net';
import type { Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labPort, labEntry } from '../../labs/kit/index.ts';
import { portsOutcome } from '../../scripts/preflight/checks.ts';
import { ensureStackUp, stopIfStarted } from '../support/stack.ts';

beforeAll(async () => {
  await ensureStackUp();
}, 3_600_000);

afterAll(async () => {
  await stopIfStarted();
});

const listen = (port: number): Promise<Server> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      resolve(server);
    });
  });

describe('preflight ports', () => {
  it("passes with the stack's own services on their ports", async () => {
    const outcome = await portsOutcome();
    expect(outcome.detail).not.toContain('taken by');
    expect(outcome.status).toBe('ok');
  });

  it('names a lab port another process holds, with its owner', async () => {
    const port = labPort(labEntry('02-openmetrics-counter-histogram'), 'checkout');
    const server = await listen(port);
    try {
      const outcome = await portsOutcome();
      expect(outcome.status).toBe('fail');
      expect(outcome.detail).toContain(
        `${String(port)} (lab 02-openmetrics-counter-histogram checkout) is taken by`,
      );
      expect(outcome.detail).toContain(String(process.pid));
    } finally {
      server.close();
    }
  });
});
