/**
 * The classroom's ingest gateway: the one server of the project that may listen beyond
 * loopback, so it takes exactly one kind of request and refuses everything else with a short
 * reason. A request must carry the join code (`Authorization: Bearer <code>`, 401), be a POST
 * (405) to /api/v1/push (404), name its learner (400), stay within the learner's rate (429),
 * be remote-write's protobuf + snappy (415) and at most 64 KiB (413). It is then forwarded to
 * the upstream (upstream.ts: a Mimir with the classroom's tenant, or a remote-write endpoint
 * with its credentials), which the gateway sets and the learner cannot: the learner's own
 * headers are not passed on. The upstream's answer (status and the start of its message) goes
 * back as it is, so the sender can tell "try again" (5xx, 429) from "refused".
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Agent, createServer } from 'node:http';
import { concatBytes } from './bytes.ts';
import { codeMatches } from './credentials.ts';
import { postBytes } from './post-bytes.ts';
import { learnerHeader, learnerNameSchema, maxBodyBytes, pushPath, remoteWriteHeaders } from './protocol.ts';
import type { RateLimitOptions } from './rate-limit.ts';
import { LearnerRateLimit, defaultRateLimit } from './rate-limit.ts';
import type { Upstream } from './upstream.ts';

export interface GatewayOptions {
  /** The join code every request must present. */
  readonly code: string;
  /** Where pushes go, with the tenant or credentials they carry. */
  readonly upstream: Upstream;
  readonly rateLimit?: RateLimitOptions;
  /** How long the upstream may take to answer a push before the learner gets 504. */
  readonly forwardTimeoutMs?: number;
  /** Told one line per request: the status, the learner when known, the reason. */
  readonly onRequest?: (entry: GatewayLogEntry) => void;
}

export interface GatewayLogEntry {
  readonly status: number;
  readonly learner?: string;
  readonly reason: string;
}

/** What a refused body may still send before the connection is cut, so the client reads the answer. */
const DRAIN_LIMIT = 1024 * 1024;

/** A request the gateway turns away: its status, the short reason, and headers that go with it. */
class Refusal extends Error {
  override name = 'Refusal';
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  constructor(status: number, reason: string, headers: Readonly<Record<string, string>> = {}) {
    super(reason);
    this.status = status;
    this.headers = headers;
  }
}

const bearer = (header: string | undefined): string | undefined => /^Bearer (\S+)$/.exec(header ?? '')?.[1];

/** The request's learner, or the refusal that ends it before its body is read. */
function admit(req: IncomingMessage, options: GatewayOptions, limit: LearnerRateLimit): string {
  const code = bearer(req.headers.authorization);
  if (code === undefined || !codeMatches(options.code, code))
    throw new Refusal(401, 'a valid join code is required (Authorization: Bearer <code>)', {
      'WWW-Authenticate': 'Bearer',
    });
  const path = new URL(req.url ?? '/', 'http://gateway').pathname;
  if (path !== pushPath) throw new Refusal(404, `only ${pushPath} is served here`);
  if (req.method !== 'POST') throw new Refusal(405, `${pushPath} takes POST only`, { Allow: 'POST' });
  const learner = learnerNameSchema.safeParse(req.headers[learnerHeader.toLowerCase()]);
  if (!learner.success)
    throw new Refusal(
      400,
      `${learnerHeader} must be ${learner.error.issues[0]?.message ?? 'a learner name'}`,
    );
  const rate = limit.take(learner.data);
  if (rate !== 'ok')
    throw new Refusal(
      429,
      rate === 'too fast' ? 'too many requests from this learner' : 'too many learners',
      {
        'Retry-After': '5',
      },
    );
  if (req.headers['content-type'] !== remoteWriteHeaders['Content-Type'])
    throw new Refusal(415, `Content-Type must be ${remoteWriteHeaders['Content-Type']}`);
  if (req.headers['content-encoding'] !== remoteWriteHeaders['Content-Encoding'])
    throw new Refusal(415, `Content-Encoding must be ${remoteWriteHeaders['Content-Encoding']}`);
  if (Number(req.headers['content-length'] ?? 0) > maxBodyBytes) throw tooLarge();
  return learner.data;
}

const tooLarge = (): Refusal => new Refusal(413, `the body may be ${maxBodyBytes / 1024} KiB at most`);

/** The body, refused (413) as soon as it passes the bound, whatever Content-Length said. */
async function boundedBody(req: IncomingMessage): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBodyBytes) throw tooLarge();
    chunks.push(chunk);
  }
  return concatBytes(chunks);
}

async function forward(
  body: Uint8Array,
  options: GatewayOptions,
  agent: Agent,
): Promise<{ status: number; text: string }> {
  try {
    return await postBytes(options.upstream.pushUrl, body, {
      headers: { ...remoteWriteHeaders, ...options.upstream.headers },
      timeoutMs: options.forwardTimeoutMs ?? 10_000,
      agent,
    });
  } catch (error) {
    const timedOut = (error as Error).name === 'TimeoutError';
    return {
      status: timedOut ? 504 : 502,
      text: timedOut
        ? "the classroom's store did not answer in time"
        : `the classroom's store is unreachable: ${(error as Error).message}`,
    };
  }
}

function answer(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  reason: string,
  headers: Readonly<Record<string, string>> = {},
): void {
  const refused = status >= 300;
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    ...headers,
    // A refused request's body is not read: close after answering rather than parse what follows.
    ...(refused ? { Connection: 'close' } : {}),
  });
  res.end(reason ? `${reason}\n` : '');
  if (!refused || req.readableEnded) return;
  // Let the client finish sending (up to a bound) so it reads the answer instead of a reset.
  let drained = 0;
  req.on('data', (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > DRAIN_LIMIT) req.destroy();
  });
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  options: GatewayOptions,
  limit: LearnerRateLimit,
  agent: Agent,
): Promise<void> {
  let learner: string | undefined;
  try {
    learner = admit(req, options, limit);
    const { status, text } = await forward(await boundedBody(req), options, agent);
    answer(req, res, status, text);
    options.onRequest?.({ status, learner, reason: status < 300 ? 'forwarded' : text });
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    answer(req, res, error.status, error.message, error.headers);
    options.onRequest?.({ status: error.status, ...(learner ? { learner } : {}), reason: error.message });
  }
}

/** The gateway as an HTTP server, not yet listening. */
export function createGateway(options: GatewayOptions): Server {
  const limit = new LearnerRateLimit(options.rateLimit ?? defaultRateLimit);
  // Connections to the upstream are reused across pushes, and closed with the gateway.
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const server = createServer((req, res) => {
    handle(req, res, options, limit, agent).catch((error: unknown) => {
      if (!res.headersSent) answer(req, res, 500, 'the gateway failed on this request');
      options.onRequest?.({ status: 500, reason: (error as Error).message });
    });
  });
  // Off loopback, a slow or idle client must not hold a connection open.
  server.headersTimeout = 5_000;
  server.requestTimeout = 15_000;
  server.keepAliveTimeout = 5_000;
  server.maxHeadersCount = 50;
  server.maxConnections = 512;
  server.on('close', () => {
    agent.destroy();
  });
  return server;
}
