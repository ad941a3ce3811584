/**
 * The gateway's `--listen ADDR`: an IP address and a port. Host names are refused, so what the
 * instructor typed is exactly what is bound; anything but loopback is reported as exposed.
 */
import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';
import { z } from 'zod';
import { isLoopbackAddress } from '../lib/loopback.ts';

/** The gateway's default: loopback only, on a port no stack service uses. */
export const defaultListen = '127.0.0.1:9309';

export const listenSchema = z.string().transform((text, ctx) => {
  const match = /^\[?([^\]]+)\]?:(\d{1,5})$/.exec(text);
  const host = match?.[1] ?? '';
  const port = Number(match?.[2]);
  if (!match || isIP(host) === 0 || port > 65_535) {
    ctx.addIssue({
      code: 'custom',
      message: `an IP:PORT, e.g. 127.0.0.1:9309 or 0.0.0.0:9309 (got "${text}")`,
    });
    return z.NEVER;
  }
  return { host, port };
});
export type ListenAddress = z.output<typeof listenSchema>;

/** Whether only this machine can reach the address. */
export const isLoopbackOnly = (address: ListenAddress): boolean => isLoopbackAddress(address.host);

const unspecified = new Set(['0.0.0.0', '::']);

/**
 * The URLs learners can use for the gateway bound at `host`:`port`: the address itself, or for
 * 0.0.0.0 and :: every external address of this machine's interfaces.
 */
export function learnerUrls(host: string, port: number): string[] {
  const url = (address: string): string =>
    `http://${address.includes(':') ? `[${address}]` : address}:${port}`;
  if (!unspecified.has(host)) return [url(host)];
  const addresses = Object.values(networkInterfaces())
    .flat()
    .filter((i) => i !== undefined && !i.internal && (host === '::' || i.family === 'IPv4'))
    .map((i) => i?.address ?? '');
  return addresses.length > 0 ? addresses.map(url) : [url('127.0.0.1')];
}
