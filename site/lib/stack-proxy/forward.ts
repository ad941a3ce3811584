import { lokiTenant, services, startCommand, type ServiceName } from '../../../stack/services.ts';
import { tenantHeader, type ProxyService } from './routes.ts';

/** What starts the exercises' Prometheus (an exercise page asks for it itself when it opens). */
export const exercisesStartCommand = 'npm run lab -- prepare promql';
import type { ProxyResolution } from './allowlist.ts';
import { releaseAtEnd, upstreamSlots } from './upstream-slots.ts';

/**
 * Forwards an allowed request to its service and maps network failures to JSON the browser
 * understands: a service that refuses connections is "stack-down", with the command that starts it.
 */

/** Upstream requests give up after this long: long enough for a heavy range query on 2 cores. */
const upstreamTimeoutMs = 30_000;

/** Socket errors that mean "nothing is listening (any more)", as opposed to a slow or broken reply. */
const downCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'UND_ERR_SOCKET']);

export interface ForwardOptions {
  /** Origin (scheme, host, port) of a service, e.g. http://127.0.0.1:9090. */
  readonly origin: (service: ServiceName | ProxyService) => string;
}

/** How long the service a panel requires may take to answer its ready path. */
const requiresProbeMs = 1500;

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: {
      'content-type': 'application/json',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      ...headers,
    },
  });
}

function errorCode(err: unknown): string | undefined {
  const cause: unknown = err instanceof Error ? err.cause : undefined;
  if (cause instanceof Error && 'code' in cause && typeof cause.code === 'string') return cause.code;
  return undefined;
}

function stackDown(service: ServiceName | ProxyService): Response {
  if (service === 'exercises')
    return json(503, {
      error: 'stack-down',
      service,
      hint: exercisesStartCommand,
      message: 'The exercise Prometheus is not running.',
    });
  return json(503, {
    error: 'stack-down',
    service,
    hint: startCommand(service),
    message: `${service} is not running.`,
  });
}

/** True unless nothing listens on the service's port; any answer, even an error, counts. */
async function answers(service: ServiceName, options: ForwardOptions): Promise<boolean> {
  try {
    await fetch(`${options.origin(service)}${services[service].readyPath}`, {
      redirect: 'manual',
      signal: AbortSignal.timeout(requiresProbeMs),
    }).then((r) => r.body?.cancel());
    return true;
  } catch (err) {
    const code = errorCode(err);
    return code === undefined || !downCodes.has(code);
  }
}

export async function forwardToStack(
  resolution: Extract<ProxyResolution, { ok: true }>,
  request: Request,
  options: ForwardOptions,
): Promise<Response> {
  const { service, upstreamPath, tenant, requires } = resolution;
  if (requires !== undefined && !(await answers(requires, options))) return stackDown(requires);
  const url = `${options.origin(service)}${upstreamPath}${new URL(request.url).search}`;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (tenant !== undefined) headers[tenantHeader] = tenant;
  if (service === 'loki') headers[tenantHeader] = lokiTenant;

  // The request guard (site/middleware.ts) has bounded the body's size before this reads it.
  let body: string | undefined;
  if (request.method === 'POST') {
    body = await request.text();
    headers['content-type'] = 'application/x-www-form-urlencoded';
  }

  const slot = await upstreamSlots.acquire(service);
  if (!slot) {
    return json(
      429,
      {
        error: 'too-many-requests',
        service,
        message: `Too many queries to ${service} at once; retrying shortly.`,
      },
      { 'retry-after': '2' },
    );
  }
  let upstream: Response;
  try {
    upstream = await fetch(url, {
      method: request.method,
      headers,
      ...(body === undefined ? {} : { body }),
      // Only the allowlisted path may be answered: never follow an upstream elsewhere.
      redirect: 'manual',
      signal: AbortSignal.any([request.signal, AbortSignal.timeout(upstreamTimeoutMs)]),
    });
  } catch (err) {
    slot.release();
    if (err instanceof Error && err.name === 'TimeoutError') {
      return json(504, {
        error: 'upstream-timeout',
        service,
        message: `${service} did not answer in ${upstreamTimeoutMs / 1000} s.`,
      });
    }
    const code = errorCode(err);
    if (code !== undefined && downCodes.has(code)) return stackDown(service);
    return json(502, {
      error: 'upstream-error',
      service,
      message: err instanceof Error ? err.message : String(err),
    });
  }

  // fetch() already decoded the body, so only the media type is passed on, never length or encoding.
  // Upstream error bodies echo the query as text: never let a browser run or sniff them as a page.
  return new Response(releaseAtEnd(upstream.body, slot), {
    status: upstream.status,
    headers: {
      'content-type': upstream.headers.get('content-type') ?? 'application/octet-stream',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'content-security-policy': 'sandbox',
    },
  });
}
