/**
 * The listening-socket audit: real listeners in a detached process group (as lab processes
 * run), bound to loopback and to every interface, TCP and UDP; no traffic is sent. Then the
 * decoding of /proc addresses and of lsof's output, which macOS uses.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  auditProcessGroup,
  decodeProcAddress,
  describeSocket,
  parseLsof,
  warnAuditUnavailable,
} from '../../../scripts/stack/socket-audit.ts';

/** A Node process, leader of its own group, that binds `host` (TCP and UDP, ephemeral ports). */
async function listener(host: string): Promise<{ pid: number; tcp: number; udp: number; close: () => void }> {
  const script = `
    const net = require('node:net'), dgram = require('node:dgram');
    const udp = dgram.createSocket(${JSON.stringify(host.includes(':') ? 'udp6' : 'udp4')});
    const tcp = net.createServer().listen(0, ${JSON.stringify(host)}, () =>
      udp.bind(0, ${JSON.stringify(host)}, () =>
        console.log(JSON.stringify({ tcp: tcp.address().port, udp: udp.address().port }))));
  `;
  const child = spawn(process.execPath, ['-e', script], {
    detached: true,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const ports = await new Promise<{ tcp: number; udp: number }>((resolve, reject) => {
    child.stdout.once('data', (chunk: Buffer) => {
      resolve(JSON.parse(chunk.toString()) as { tcp: number; udp: number });
    });
    child.once('exit', (code) => {
      reject(new Error(`listener exited with ${code}`));
    });
  });
  return { pid: child.pid ?? 0, ...ports, close: () => process.kill(-(child.pid ?? 0), 'SIGKILL') };
}

describe('auditProcessGroup', () => {
  it('finds a listener bound to every interface, TCP and UDP', async () => {
    const server = await listener('0.0.0.0');
    try {
      const audit = await auditProcessGroup(server.pid);
      expect(audit.ran).toBe(true);
      if (!audit.ran) return;
      const exposed = audit.offLoopback.map((s) => `${s.protocol} ${describeSocket(s)}`).sort();
      expect(exposed).toEqual([`tcp 0.0.0.0:${server.tcp}`, `udp 0.0.0.0:${server.udp}`].sort());
    } finally {
      server.close();
    }
  });

  it('passes a listener bound to 127.0.0.1, and still lists its sockets', async () => {
    const server = await listener('127.0.0.1');
    try {
      const audit = await auditProcessGroup(server.pid);
      expect(audit.ran).toBe(true);
      if (!audit.ran) return;
      expect(audit.offLoopback).toEqual([]);
      expect(audit.sockets.map((s) => `${s.protocol} ${describeSocket(s)}`).sort()).toEqual(
        [`tcp 127.0.0.1:${server.tcp}`, `udp 127.0.0.1:${server.udp}`].sort(),
      );
    } finally {
      server.close();
    }
  });

  it.runIf(existsSync('/proc/net/tcp6'))('reads IPv6 listeners: [::] is off loopback', async () => {
    const server = await listener('::');
    try {
      const audit = await auditProcessGroup(server.pid);
      expect(audit.ran && audit.offLoopback.map((s) => describeSocket(s)).sort()).toEqual(
        [`[::]:${server.tcp}`, `[::]:${server.udp}`].sort(),
      );
    } finally {
      server.close();
    }
  });
});

describe('addresses', () => {
  it('decodes /proc/net addresses in host byte order', () => {
    expect(decodeProcAddress('0100007F', true)).toBe('127.0.0.1');
    expect(decodeProcAddress('00000000', true)).toBe('0.0.0.0');
    expect(decodeProcAddress('7F000001', false)).toBe('127.0.0.1');
    expect(decodeProcAddress('00000000000000000000000001000000', true)).toBe('::1');
    expect(decodeProcAddress('00000000000000000000000000000000', true)).toBe('::');
    expect(decodeProcAddress('0000000000000000FFFF00000100007F', true)).toBe('::ffff:127.0.0.1');
    expect(decodeProcAddress('000080FE00000000FF005002C3E8A5FE', true)).toBe('fe80::250:ff:fea5:e8c3');
  });

  it('reads lsof -F pn output, skipping connected sockets', () => {
    const output = [
      'p4242',
      'f7',
      'n*:19020',
      'f8',
      'n[::1]:4318',
      'f9',
      'n127.0.0.1:5000->127.0.0.1:53',
    ].join('\n');
    expect(parseLsof(output, 'tcp')).toEqual([
      { protocol: 'tcp', address: '*', port: 19020, pid: 4242 },
      { protocol: 'tcp', address: '::1', port: 4318, pid: 4242 },
    ]);
  });
});

describe('warnAuditUnavailable', () => {
  it('says once that the audit could not run', () => {
    const lines: string[] = [];
    warnAuditUnavailable('no /proc and no lsof', (l) => lines.push(l));
    warnAuditUnavailable('no /proc and no lsof', (l) => lines.push(l));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('cannot tell which addresses lab processes listen on (no /proc and no lsof)');
  });
});
