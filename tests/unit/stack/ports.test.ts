import { once } from 'node:events';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { serviceNames } from '../../../stack/services.ts';
import { parseSs, portState, portsFor } from '../../../scripts/stack/ports.ts';

describe('ports', () => {
  it('lists HTTP and extra ports per service', () => {
    expect(portsFor(['alloy']).map((p) => p.port)).toEqual([12345, 4317, 4318]);
    expect(portsFor(['mimir']).map((p) => p.name)).toEqual(['HTTP', 'gRPC', 'memberlist']);
  });

  it('gives every port of every service a number of its own', () => {
    // With compose.test.ts publishing exactly each service's HTTP port (and Alloy's OTLP pair), this
    // keeps Mimir's gRPC and memberlist ports, and every other internal port, inside its container.
    const ports = portsFor(serviceNames).map((p) => `${p.service} ${p.name} ${p.port}`);
    const numbers = portsFor(serviceNames).map((p) => p.port);
    expect(new Set(numbers).size, ports.join(', ')).toBe(numbers.length);
  });

  it('finds the owner of a listening port', async () => {
    const server = createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    const state = await portState(address.port);
    server.close();
    expect(state.busy).toBe(true);
    if (state.busy) expect(state.owner?.pid).toBe(process.pid);
  });

  it('says a closed port is free', async () => {
    const server = createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const address = server.address();
    server.close();
    await once(server, 'close');
    if (address === null || typeof address === 'string') throw new Error('no port');
    expect((await portState(address.port)).busy).toBe(false);
  });

  it('parses ss -ltnpH', () => {
    const out = 'LISTEN 0 4096 127.0.0.1:9009 0.0.0.0:* users:(("mimir",pid=4927,fd=8))\n';
    expect(parseSs(out, 9009)).toEqual({ pid: 4927, command: 'mimir', cmdline: 'mimir' });
    expect(parseSs(out, 9090)).toBeUndefined();
  });
});
