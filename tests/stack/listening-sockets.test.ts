/**
 * Every socket of every process the native stack recorded in .stack/run (the services, and
 * any lab process running beside them) listens on loopback only, TCP and UDP. The audit is
 * the one the lab checks use (scripts/stack/socket-audit.ts); tests/unit/stack/socket-audit
 * proves it flags a listener bound to every interface.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceName } from '../../stack/services.ts';
import {
  auditProcessGroup,
  describeSocket,
  liveRecords,
  portsFor,
  readState,
  recordSchema,
  stackPaths,
} from '../../scripts/stack/index.ts';
import { ensureStackUp, nativeStack, stopIfStarted } from '../support/stack.ts';

const paths = stackPaths();

beforeAll(async () => {
  await ensureStackUp();
}, 3_600_000);

afterAll(async () => {
  await stopIfStarted();
});

const mode = (): string | undefined => readState(paths)?.mode;

describe('listening sockets of the native stack', () => {
  it('every recorded process listens on loopback only, TCP and UDP', async (context) => {
    // Docker publishes its ports through docker-proxy (compose.yaml binds 127.0.0.1); nothing to read here.
    if (mode() === 'docker') context.skip('the stack runs in Docker mode: its processes are containers');
    const records = liveRecords(paths, recordSchema, () => true);
    expect(records.map((r) => r.service)).toEqual(expect.arrayContaining([...nativeStack]));

    const exposed: string[] = [];
    for (const record of records) {
      const audit = await auditProcessGroup(record.pid);
      if (!audit.ran) throw new Error(`cannot audit ${record.service}: ${audit.reason}`);
      for (const socket of audit.offLoopback)
        exposed.push(`${record.service} (pid ${socket.pid}): ${socket.protocol} ${describeSocket(socket)}`);
      // The audit sees what it should: each port the catalogue gives a service is among its sockets.
      const service = record.service as ServiceName;
      if (!nativeStack.includes(service)) continue;
      for (const need of portsFor([service]))
        expect(
          audit.sockets.some((s) => s.port === need.port),
          `${service} listens on ${need.port} (${need.name})`,
        ).toBe(true);
    }
    expect(exposed, 'sockets off loopback').toEqual([]);
  });
});
