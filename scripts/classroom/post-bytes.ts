/**
 * One HTTP(S) POST of a byte body, answered with the status and the start of the answer's text.
 * Through node:http rather than fetch so the caller chooses the connection's life: fetch's pool
 * keeps a socket open for seconds after the answer, which would keep a learner's `lab check`
 * from exiting (and the site's "Check my work" waiting) for that long after its send.
 */
import type { Agent as HttpAgent, IncomingMessage } from 'node:http';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface PostOptions {
  readonly headers: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  /** The connection pool; `false` (the default) opens a connection for this request alone. */
  readonly agent?: HttpAgent | false;
}

export interface PostAnswer {
  readonly status: number;
  /** The answer's first 300 characters, trimmed. */
  readonly text: string;
}

/** The answer; rejects on a connection error, or with a TimeoutError when none came in time. */
export function postBytes(url: string, body: Uint8Array, options: PostOptions): Promise<PostAnswer> {
  const request = url.startsWith('https:') ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        headers: { ...options.headers, 'Content-Length': String(body.length) },
        agent: options.agent ?? false,
        signal: AbortSignal.timeout(options.timeoutMs),
      },
      (res: IncomingMessage) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          if (text.length < 300) text += chunk;
        });
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, text: text.trim().slice(0, 300) });
        });
        res.on('error', reject);
      },
    );
    req.on('error', (error: Error) => {
      // AbortSignal.timeout aborts with a TimeoutError as the reason: name it as fetch would.
      reject(
        (error as { cause?: Error }).cause?.name === 'TimeoutError'
          ? (error as { cause: Error }).cause
          : error,
      );
    });
    req.end(body);
  });
}
