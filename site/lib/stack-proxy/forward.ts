import { stackUpHint, tenantHeader, type ProxyService } from './routes.ts';
import type { ProxyResolution } from './allowlist.ts';

/**
 * Forwards an allowed request to its service and maps network failures to JSON the browser
 * understands: a service that refuses connections is "stack-down", with the command that starts it.
 */

/** Upstream requests give up after this long: long enough for a heavy range query on 2 cores. */
const upstreamTimeoutMs = 30_000;

/** PromQL forms are small; anything bigger is not a lesson query. */
const maxBodyBytes = 64 * 1024;

/** Socket errors that mean "nothing is listening (any more)", as opposed to a slow or broken reply. */
const downCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'UND_ERR_SOCKET']);

export interface ForwardOptions {
  /** Origin (scheme, host, port) of a service, e.g. http://127.0.0.1:9090. */
  readonly origin: (service: ProxyService) => string;
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers },
  });
}

function errorCode(err: unknown): string | undefined {
  const cause: unknown = err instanceof Error ? err.cause : undefined;
  if (cause instanceof Error && 'code' in cause && typeof cause.code === 'string') return cause.code;
  return undefined;
}

export async function forwardToStack(
  resolution: Extract<ProxyResolution, { ok: true }>,
  request: Request,
  options: ForwardOptions,
): Promise<Response> {
  const { service, upstreamPath, tenant } = resolution;
  const url = `${options.origin(service)}${upstreamPath}${new URL(request.url).search}`;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (tenant !== undefined) headers[tenantHeader] = tenant;

  let body: string | undefined;
  if (request.method === 'POST') {
    body = await request.text();
    if (new TextEncoder().encode(body).byteLength > maxBodyBytes) {
      return json(413, {
        error: 'body-too-large',
        message: `Query forms are limited to ${maxBodyBytes} bytes.`,
      });
    }
    headers['content-type'] = 'application/x-www-form-urlencoded';
  }

  let upstream: Response;
  try {
    upstream = await fetch(url, {
      method: request.method,
      headers,
      ...(body === undefined ? {} : { body }),
      signal: AbortSignal.any([request.signal, AbortSignal.timeout(upstreamTimeoutMs)]),
    });
  } catch (err) {
    if (err instanceof Error && err.name === 'TimeoutError') {
      return json(504, {
        error: 'upstream-timeout',
        service,
        message: `${service} did not answer in ${upstreamTimeoutMs / 1000} s.`,
      });
    }
    const code = errorCode(err);
    if (code !== undefined && downCodes.has(code)) {
      return json(503, {
        error: 'stack-down',
        service,
        hint: stackUpHint(service),
        message: `${service} is not running.`,
      });
    }
    return json(502, {
      error: 'upstream-error',
      service,
      message: err instanceof Error ? err.message : String(err),
    });
  }

  // fetch() already decoded the body, so only the media type is passed on, never length or encoding.
  return new Response(upstream.body, {
    status: upstream.status,
    headers: {
      'content-type': upstream.headers.get('content-type') ?? 'application/octet-stream',
      'cache-control': 'no-store',
    },
  });
}
