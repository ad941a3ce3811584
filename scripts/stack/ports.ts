/**
 * Which ports the stack needs, and who holds a busy one: read from /proc (Linux) so no
 * extra tool is needed; `ss -ltnp` is the fallback where /proc/net is not readable.
 */
import { existsSync, readFileSync, readdirSync, readlinkSync } from 'node:fs';
import type { ServiceName } from '../../stack/services.ts';
import { extraPorts, services } from '../../stack/services.ts';
import { run } from './exec.ts';

export interface PortNeed {
  readonly service: ServiceName;
  /** "HTTP", "OTLP gRPC", ... */
  readonly name: string;
  readonly port: number;
}

export interface PortOwner {
  readonly pid: number;
  /** Short command name, e.g. "prometheus". */
  readonly command: string;
  /** Full command line, for the report. */
  readonly cmdline: string;
}

/** Every port the given services listen on. */
export function portsFor(selected: readonly ServiceName[]): PortNeed[] {
  return selected.flatMap((service) => [
    { service, name: 'HTTP', port: services[service].port },
    ...extraPorts[service].map((p) => ({ service, name: p.name, port: p.port })),
  ]);
}

/** One socket of a /proc/net/{tcp,tcp6,udp,udp6} table, fields as the kernel writes them. */
export interface SocketRow {
  /** Local address in the kernel's hex (host byte order per 32-bit word), without the port. */
  readonly addressHex: string;
  readonly port: number;
  /** Hex state: 0A is TCP LISTEN, 07 an unconnected (bound, receiving) UDP socket. */
  readonly state: string;
  readonly inode: string;
}

/** The rows of one /proc/net socket table; none when it does not exist. */
export function socketRows(table: string): SocketRow[] {
  if (!existsSync(table)) return [];
  const rows: SocketRow[] = [];
  for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    const [addressHex, hexPort] = (fields[1] ?? '').split(':');
    const state = fields[3];
    const inode = fields[9];
    if (!addressHex || !hexPort || !state || !inode) continue;
    rows.push({ addressHex, port: parseInt(hexPort, 16), state, inode });
  }
  return rows;
}

/** Socket inodes listening on `port` (TCP, IPv4 or IPv6), from /proc/net/tcp{,6}. */
export function listeningInodes(
  port: number,
  tables: readonly string[] = ['/proc/net/tcp', '/proc/net/tcp6'],
): string[] {
  return tables.flatMap((table) =>
    socketRows(table)
      .filter((row) => row.state === '0A' && row.port === port)
      .map((row) => row.inode),
  );
}

function ownerOfInodes(inodes: readonly string[]): PortOwner | undefined {
  const wanted = new Set(inodes.map((i) => `socket:[${i}]`));
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${entry}/fd`);
    } catch {
      continue; // gone, or another user's process
    }
    for (const fd of fds) {
      let target: string;
      try {
        target = readlinkSync(`/proc/${entry}/fd/${fd}`);
      } catch {
        continue;
      }
      if (!wanted.has(target)) continue;
      const read = (file: string): string => {
        try {
          return readFileSync(`/proc/${entry}/${file}`, 'utf8');
        } catch {
          return '';
        }
      };
      return {
        pid: Number(entry),
        command: read('comm').trim(),
        cmdline: read('cmdline').split('\0').join(' ').trim(),
      };
    }
  }
  return undefined;
}

/** Parses `ss -ltnpH` output for the owner of a port. */
export function parseSs(output: string, port: number): PortOwner | undefined {
  for (const line of output.split('\n')) {
    const fields = line.trim().split(/\s+/);
    const local = fields[3];
    if (!local?.endsWith(`:${port}`)) continue;
    const match = /users:\(\("([^"]+)",pid=(\d+)/.exec(line);
    return match?.[1] && match[2]
      ? { pid: Number(match[2]), command: match[1], cmdline: match[1] }
      : { pid: 0, command: 'unknown', cmdline: '' };
  }
  return undefined;
}

export type PortState =
  { readonly busy: false } | { readonly busy: true; readonly owner: PortOwner | undefined };

/** Is anything listening on the port, and who? `owner` is undefined when it can't be told. */
export async function portState(port: number): Promise<PortState> {
  if (existsSync('/proc/net/tcp')) {
    const inodes = listeningInodes(port);
    if (inodes.length === 0) return { busy: false };
    return { busy: true, owner: ownerOfInodes(inodes) };
  }
  const ss = await run('ss', ['-ltnpH']);
  if (ss.code !== 0) return { busy: false };
  const owner = parseSs(ss.stdout, port);
  return owner ? { busy: true, owner: owner.pid ? owner : undefined } : { busy: false };
}

export const describeOwner = (owner: PortOwner | undefined): string =>
  owner
    ? `pid ${owner.pid} (${owner.command}: ${owner.cmdline.slice(0, 120)})`
    : 'a process this user cannot see';
