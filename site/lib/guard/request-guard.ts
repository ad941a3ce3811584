import { siteHosts, siteOrigins } from './site-address.ts';
import { isLoopbackAddress } from '../../../scripts/lib/loopback.ts';

/**
 * Decides whether an on-demand request (the stack proxy, the lab endpoint) may reach its route.
 * The site runs on a learner's laptop next to their browser, so it answers only this machine's
 * own pages: a LAN peer (inherited HOST=0.0.0.0), a DNS-rebound hostname and a cross-site page
 * are all refused here, before any route code runs. Pure, so every rule is unit tested.
 */

/** What the guard reads off a request. Header values are as received (null when absent). */
export interface GuardedRequest {
  readonly method: string;
  readonly pathname: string;
  /** The TCP peer's address as the server saw it. */
  readonly clientAddress: string;
  readonly host: string | null;
  readonly origin: string | null;
  readonly secFetchSite: string | null;
  readonly contentType: string | null;
  readonly contentLength: string | null;
  readonly transferEncoding: string | null;
}

export interface GuardRefusal {
  readonly status: 400 | 403 | 411 | 413 | 415 | 421;
  /** Machine-readable reason, stable for tests and the browser. */
  readonly error: string;
  /** What was refused and what would be accepted, for a human. */
  readonly message: string;
}

/** Request bodies these routes take are a query form or {"action": "check"}: anything bigger is not ours. */
export const maxBodyBytes = 64 * 1024;

/** Routes whose POST changes state on this machine (runs a checker, reveals a hint): JSON only. */
const jsonRoutes = [/^\/api\/labs\//];

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

const mediaType = (contentType: string | null): string =>
  (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';

export function judgeRequest(req: GuardedRequest): GuardRefusal | undefined {
  if (!isLoopbackAddress(req.clientAddress)) {
    return {
      status: 403,
      error: 'not-loopback',
      message: `The workshop site answers this machine only, not ${req.clientAddress}.`,
    };
  }
  const host = (req.host ?? '').toLowerCase();
  if (!siteHosts.includes(host)) {
    return {
      status: 421,
      error: 'host-not-allowed',
      message: `This site answers as ${siteHosts.join(', ')} only (the request named "${req.host ?? ''}").`,
    };
  }
  // Browsers send Sec-Fetch-Site on every request; curl and the CLI send none ("none" is a typed URL).
  const site = req.secFetchSite?.toLowerCase();
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    return {
      status: 403,
      error: 'cross-site',
      message: `Requests from other sites are refused (Sec-Fetch-Site: ${req.secFetchSite ?? ''}).`,
    };
  }
  if (safeMethods.has(req.method)) return undefined;

  // State-changing from here on: the page that sends it must be this very site.
  const expectedOrigin = `http://${host}`;
  if (req.origin !== expectedOrigin || !siteOrigins.includes(req.origin)) {
    return {
      status: 403,
      error: 'origin-not-allowed',
      message: `${req.method} needs Origin: ${expectedOrigin} (got ${req.origin ?? 'none'}).`,
    };
  }
  if (
    jsonRoutes.some((route) => route.test(req.pathname)) &&
    mediaType(req.contentType) !== 'application/json'
  ) {
    return {
      status: 415,
      error: 'unsupported-content-type',
      message: `${req.pathname} takes application/json (got ${req.contentType ?? 'none'}).`,
    };
  }
  if (req.contentLength === null) {
    // A chunked body has no length to check before it is read: the routes' bodies are tiny.
    if (req.transferEncoding !== null) {
      return { status: 411, error: 'length-required', message: 'Send a Content-Length with the body.' };
    }
    return undefined;
  }
  const length = Number(req.contentLength);
  if (!Number.isSafeInteger(length) || length < 0) {
    return {
      status: 400,
      error: 'bad-content-length',
      message: `Content-Length "${req.contentLength}" is not a size.`,
    };
  }
  if (length > maxBodyBytes) {
    return {
      status: 413,
      error: 'body-too-large',
      message: `Bodies are limited to ${maxBodyBytes} bytes (got ${length}).`,
    };
  }
  return undefined;
}
