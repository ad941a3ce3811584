/** Small HTTP helpers for probes: every failure becomes a sentence a learner can act on. */
import type { z } from 'zod';

export interface HttpOk {
  readonly ok: true;
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

export interface HttpError {
  readonly ok: false;
  /** HTTP status, or 0 when no response came back. */
  readonly status: number;
  /** "connection refused", "HTTP 401: no org id", "timed out after 5s". */
  readonly error: string;
  readonly text: string;
}

export type HttpResult = HttpOk | HttpError;

export interface RequestOptions {
  readonly method?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly timeoutMs?: number;
}

/** Node's network error codes in words. */
export function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  switch (cause?.code) {
    case 'ECONNREFUSED':
      return 'connection refused (nothing listens there)';
    case 'ECONNRESET':
      return 'connection reset';
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
      return 'no response in time';
    default:
      if ((error as Error).name === 'TimeoutError') return 'timed out';
      return cause?.message ?? (error as Error).message;
  }
}

export async function request(url: string, options: RequestOptions = {}): Promise<HttpResult> {
  try {
    const init: RequestInit = {
      method: options.method ?? 'GET',
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    };
    if (options.headers) init.headers = { ...options.headers };
    if (options.body !== undefined) init.body = options.body;
    const response = await fetch(url, init);
    const text = await response.text();
    if (response.ok) return { ok: true, status: response.status, headers: response.headers, text };
    return {
      ok: false,
      status: response.status,
      error: `HTTP ${response.status}: ${text.trim().slice(0, 500)}`,
      text,
    };
  } catch (error) {
    return { ok: false, status: 0, error: describeNetworkError(error), text: '' };
  }
}

/**
 * GET and parse JSON, validated by `schema` at this edge: a non-JSON body or an answer of
 * another shape (a different version's API) is an error that quotes it.
 */
export async function getJson<T>(
  url: string,
  schema: z.ZodType<T>,
  options: RequestOptions = {},
): Promise<{ ok: true; value: T } | HttpError> {
  const result = await request(url, {
    ...options,
    headers: { Accept: 'application/json', ...options.headers },
  });
  if (!result.ok) return result;
  let json: unknown;
  try {
    json = JSON.parse(result.text);
  } catch {
    return {
      ok: false,
      status: result.status,
      error: `not JSON: ${result.text.slice(0, 120)}`,
      text: result.text,
    };
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
  return {
    ok: false,
    status: result.status,
    error: `unexpected answer${where}: ${issue?.message ?? 'invalid'} (${result.text.slice(0, 120)})`,
    text: result.text,
  };
}
