/**
 * Which addresses a process group listens on, and whether any is off loopback: a lab process
 * shaped by the learner's code or config (a Go program binding `:19020`, an Alloy component
 * on its default `0.0.0.0`) would otherwise be reachable from the whole network. Linux reads
 * /proc (the group's fds matched against /proc/net/{tcp,tcp6,udp,udp6}); elsewhere `lsof`
 * answers. Without either the audit says it could not run; it never passes in silence.
 */
import { endianness } from 'node:os';
import { existsSync, readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { run } from './exec.ts';
import { socketRows } from './ports.ts';
import { isLoopbackAddress } from '../lib/loopback.ts';

export interface ListeningSocket {
  readonly protocol: 'tcp' | 'udp';
  /** 127.0.0.1, 0.0.0.0, ::1, :: … (IPv6 without brackets; `*` is lsof's wildcard). */
  readonly address: string;
  readonly port: number;
  readonly pid: number;
}

export type SocketAudit =
  | {
      readonly ran: true;
      /** Every listening TCP and bound UDP socket of the group. */
      readonly sockets: readonly ListeningSocket[];
      /** Those not on a loopback address. */
      readonly offLoopback: readonly ListeningSocket[];
    }
  | { readonly ran: false; readonly reason: string };

/** `127.0.0.1:9090`, `[::]:9090`. */
export const describeSocket = (socket: ListeningSocket): string =>
  `${socket.address.includes(':') ? `[${socket.address}]` : socket.address}:${socket.port}`;

/** A /proc/net address: IPv4 is one 32-bit word, IPv6 four, each in host byte order. */
export function decodeProcAddress(hex: string, littleEndian = endianness() === 'LE'): string {
  const bytes: number[] = [];
  for (let word = 0; word < hex.length / 8; word++) {
    const chunk = hex.slice(word * 8, word * 8 + 8);
    const wordBytes = [0, 2, 4, 6].map((i) => parseInt(chunk.slice(i, i + 2), 16));
    bytes.push(...(littleEndian ? wordBytes.reverse() : wordBytes));
  }
  if (bytes.length === 4) return bytes.join('.');
  if (bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff)
    return `::ffff:${bytes.slice(12).join('.')}`;
  const groups = [0, 2, 4, 6, 8, 10, 12, 14].map((i) =>
    (((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0)).toString(16),
  );
  return compressIpv6(groups);
}

/** RFC 5952 form: the longest run of two or more zero groups becomes `::`. */
function compressIpv6(groups: readonly string[]): string {
  let best = { start: -1, length: 0 };
  for (let i = 0; i < groups.length;) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < groups.length && groups[j] === '0') j++;
    if (j - i > best.length && j - i >= 2) best = { start: i, length: j - i };
    i = j;
  }
  if (best.start < 0) return groups.join(':');
  const head = groups.slice(0, best.start).join(':');
  const tail = groups.slice(best.start + best.length).join(':');
  return `${head}::${tail}`;
}

const audited = (sockets: ListeningSocket[]): SocketAudit => ({
  ran: true,
  sockets,
  offLoopback: sockets.filter((s) => !isLoopbackAddress(s.address)),
});

/** The pids of process group `pgid` (the leader included), from /proc/<pid>/stat. */
function groupPids(pgid: number): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // After the command name in parentheses: state, ppid, pgrp.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const group = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
      if (group === pgid || Number(entry) === pgid) pids.push(Number(entry));
    } catch {
      // gone since the listing
    }
  }
  return pids;
}

const procTables = [
  { file: '/proc/net/tcp', protocol: 'tcp', state: '0A' },
  { file: '/proc/net/tcp6', protocol: 'tcp', state: '0A' },
  { file: '/proc/net/udp', protocol: 'udp', state: '07' },
  { file: '/proc/net/udp6', protocol: 'udp', state: '07' },
] as const;

function auditProc(pgid: number): SocketAudit {
  const owner = new Map<string, number>();
  for (const pid of groupPids(pgid)) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue; // exited meanwhile
    }
    for (const fd of fds) {
      try {
        const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (match?.[1]) owner.set(match[1], pid);
      } catch {
        // closed meanwhile
      }
    }
  }
  const sockets: ListeningSocket[] = [];
  for (const table of procTables)
    for (const row of socketRows(table.file)) {
      const pid = owner.get(row.inode);
      if (pid === undefined || row.state !== table.state) continue;
      sockets.push({
        protocol: table.protocol,
        address: decodeProcAddress(row.addressHex),
        port: row.port,
        pid,
      });
    }
  return audited(sockets);
}

/** Parses `lsof -F pn` output (p<pid>, n<name> lines); connected sockets (`a->b`) are skipped. */
export function parseLsof(output: string, protocol: 'tcp' | 'udp'): ListeningSocket[] {
  const sockets: ListeningSocket[] = [];
  let pid = 0;
  for (const line of output.split('\n')) {
    if (line.startsWith('p')) pid = Number(line.slice(1));
    if (!line.startsWith('n') || line.includes('->')) continue;
    const match = /^n(?:\[([^\]]+)\]|([^:]+)):(\d+)$/.exec(line);
    if (!match?.[3]) continue;
    sockets.push({ protocol, address: match[1] ?? match[2] ?? '', port: Number(match[3]), pid });
  }
  return sockets;
}

async function auditLsof(pgid: number): Promise<SocketAudit> {
  const sockets: ListeningSocket[] = [];
  for (const [protocol, select] of [
    ['tcp', ['-iTCP', '-sTCP:LISTEN']],
    ['udp', ['-iUDP']],
  ] as const) {
    const result = await run('lsof', ['-nP', '-a', '-g', String(pgid), ...select, '-F', 'pn'], {
      timeoutMs: 10_000,
    });
    if (result.error)
      return { ran: false, reason: `there is no /proc here and lsof could not run (${result.error})` };
    // lsof exits 1 when it found nothing to list.
    if (result.code !== 0 && result.code !== 1)
      return { ran: false, reason: `lsof failed: ${result.stderr.trim() || `exit ${result.code}`}` };
    sockets.push(...parseLsof(result.stdout, protocol));
  }
  return audited(sockets);
}

/** Every listening socket of the process group led by `pgid` (a detached process's own pid). */
export function auditProcessGroup(pgid: number): Promise<SocketAudit> {
  if (existsSync('/proc/net/tcp')) return Promise.resolve(auditProc(pgid));
  return auditLsof(pgid);
}

let warned = false;

/** Says once per process that the audit could not run; later calls stay quiet. */
export function warnAuditUnavailable(
  reason: string,
  write: (line: string) => void = (line) => {
    console.warn(line);
  },
): void {
  if (warned) return;
  warned = true;
  write(
    `warning: cannot tell which addresses lab processes listen on (${reason}); they are asked to use 127.0.0.1, but nothing checks that they do`,
  );
}

export interface OffLoopbackReport {
  /** "checkout listens on 0.0.0.0:19020, which other machines on your network can reach". */
  readonly reason: string;
  /** What to change: the loopback address of each exposed port. */
  readonly hint: string;
  readonly offLoopback: readonly ListeningSocket[];
}

/**
 * What to tell the learner when the process group led by `pid` listens off loopback;
 * undefined when it does not, or when that cannot be told (which is said once).
 */
export async function offLoopbackReport(pid: number, name: string): Promise<OffLoopbackReport | undefined> {
  const audit = await auditProcessGroup(pid);
  if (!audit.ran) {
    warnAuditUnavailable(audit.reason);
    return undefined;
  }
  if (audit.offLoopback.length === 0) return undefined;
  const ports = [...new Set(audit.offLoopback.map((s) => s.port))];
  return {
    reason: `${name} listens on ${audit.offLoopback.map(describeSocket).join(', ')}, which other machines on your network can reach (it was stopped)`,
    hint: `listen on 127.0.0.1 only (${ports.map((p) => `127.0.0.1:${p}`).join(', ')})`,
    offLoopback: audit.offLoopback,
  };
}
