import { proxyApiUrl, targetHeaders, type QueryTarget } from '../../lib/stack-proxy/routes.ts';
import type { PromResponse, PromSuccess } from './prom-types.ts';

/**
 * Calls the Prometheus HTTP API of a target through the site's stack proxy, and sorts failures
 * into the two kinds a panel treats differently: the stack is down (wait and retry), or the
 * query is wrong (show the API's message).
 */

/** The proxy found nothing listening: the panel says how to start the stack and retries. */
export class StackDownError extends Error {
  /** The service that did not answer. */
  readonly service: string;
  /** The command that starts the stack. */
  readonly hint: string;

  constructor(service: string, hint: string) {
    super(`${service} is not running. Start the stack with: ${hint}`);
    this.name = 'StackDownError';
    this.service = service;
    this.hint = hint;
  }
}

/** Prometheus or Mimir answered with an error: a bad query, a timeout, a refused request. */
export class PromApiError extends Error {
  /** HTTP status of the reply. */
  readonly status: number;
  /** The API's errorType (bad_data, execution, timeout...), or "http" for a non-API reply. */
  readonly errorType: string;

  constructor(message: string, status: number, errorType: string) {
    super(message);
    this.name = 'PromApiError';
    this.status = status;
    this.errorType = errorType;
  }
}

interface ProxyDown {
  readonly error: 'stack-down';
  readonly service: string;
  readonly hint: string;
}

function isProxyDown(body: unknown): body is ProxyDown {
  return typeof body === 'object' && body !== null && (body as { error?: unknown }).error === 'stack-down';
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Runs one API call. Queries go as form POSTs (long PromQL stays out of URLs, as Grafana does);
 * metadata calls as GETs.
 */
export async function promApi<T>(
  target: QueryTarget,
  endpoint: string,
  params: URLSearchParams,
  options: { readonly method: 'GET' | 'POST'; readonly signal?: AbortSignal },
): Promise<PromSuccess<T>> {
  const url = proxyApiUrl(target, endpoint);
  const response =
    options.method === 'POST'
      ? await fetch(url, {
          method: 'POST',
          body: params,
          headers: targetHeaders(target),
          signal: options.signal ?? null,
        })
      : await fetch(`${url}?${params.toString()}`, {
          headers: targetHeaders(target),
          signal: options.signal ?? null,
        });
  const text = await response.text();
  const body = parseJson(text);

  if (response.status === 503 && isProxyDown(body)) throw new StackDownError(body.service, body.hint);
  const reply = body as PromResponse<T> | { error?: string; message?: string } | undefined;
  if (reply !== undefined && 'status' in reply && reply.status === 'success' && response.ok) return reply;
  if (reply !== undefined && 'status' in reply && reply.status === 'error') {
    throw new PromApiError(reply.error, response.status, reply.errorType);
  }
  // The proxy's own refusals carry a message; Mimir sometimes answers in plain text.
  const message = reply !== undefined && 'message' in reply && reply.message ? reply.message : text.trim();
  throw new PromApiError(message || `HTTP ${response.status}`, response.status, 'http');
}
