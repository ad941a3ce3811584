/**
 * The ingest gateway as a real HTTP server on 127.0.0.1, on a port the system picks. Refusals
 * need no Mimir: each asserts the status and that nothing reached the upstream. Forwarding runs
 * against a stand-in upstream that records what it got: the classroom's tenant, whatever
 * tenant the learner sent, and the body byte for byte.
 */
import type { IncomingHttpHeaders, Server } from 'node:http';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newClassroom } from '../../../scripts/classroom/credentials.ts';
import { createGateway } from '../../../scripts/classroom/gateway.ts';
import {
  credentialsFromEnv,
  mimirUpstream,
  remoteWriteUpstream,
} from '../../../scripts/classroom/upstream.ts';
import { snappyEncode } from '../../../scripts/classroom/snappy.ts';
import { encodeWriteRequest } from '../../../scripts/classroom/write-request.ts';

const { code } = newClassroom();
const received: { headers: IncomingHttpHeaders; body: Buffer; url: string | undefined }[] = [];
let upstream: Server;
let gateway: Server;
let base: string;
let mimir: string;

const listen = (server: Server): Promise<string> =>
  new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    });
  });

beforeAll(async () => {
  upstream = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks), url: req.url });
      res.writeHead(200).end();
    });
  });
  mimir = await listen(upstream);
  gateway = createGateway({ code, upstream: mimirUpstream(mimir, 'classroom-testtest') });
  base = await listen(gateway);
});

afterAll(() => {
  gateway.close();
  upstream.close();
});

const good = {
  Authorization: `Bearer ${code}`,
  'Content-Type': 'application/x-protobuf',
  'Content-Encoding': 'snappy',
  'X-Workshop-Learner': 'Ada L',
};
const body = snappyEncode(
  encodeWriteRequest([{ labels: { __name__: 'x' }, samples: [{ value: 1, timestampMs: 1 }] }]),
);

async function post(
  headers: Record<string, string>,
  payload: Uint8Array<ArrayBuffer> = body,
  path = '/api/v1/push',
) {
  const response = await fetch(`${base}${path}`, { method: 'POST', headers, body: payload });
  return { status: response.status, text: await response.text(), headers: response.headers };
}

describe('the gateway refuses', () => {
  it('a request without the join code, or with another (401), before looking at anything else', async () => {
    const before = received.length;
    const noCode: Record<string, string> = { ...good };
    delete noCode['Authorization'];
    expect((await post(noCode)).status).toBe(401);
    expect((await post({ ...good, Authorization: `Bearer ${newClassroom().code}` })).status).toBe(401);
    expect((await post({ ...good, Authorization: code })).status).toBe(401);
    const get = await fetch(`${base}/metrics`);
    expect(get.status).toBe(401);
    expect(get.headers.get('www-authenticate')).toBe('Bearer');
    expect(received.length).toBe(before);
  });

  it('other paths (404) and other methods (405), with the code', async () => {
    expect((await post(good, body, '/api/v1/query')).status).toBe(404);
    const get = await fetch(`${base}/api/v1/push`, { headers: { Authorization: `Bearer ${code}` } });
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
  });

  it('a missing or odd learner name (400)', async () => {
    const anonymous: Record<string, string> = { ...good };
    delete anonymous['X-Workshop-Learner'];
    expect((await post(anonymous)).status).toBe(400);
    expect((await post({ ...good, 'X-Workshop-Learner': 'x'.repeat(41) })).status).toBe(400);
    const odd = await post({ ...good, 'X-Workshop-Learner': 'a{b="c"}' });
    expect(odd.status).toBe(400);
    expect(odd.text).toContain('X-Workshop-Learner');
  });

  it('anything but protobuf + snappy (415)', async () => {
    expect((await post({ ...good, 'Content-Type': 'application/json' })).status).toBe(415);
    expect((await post({ ...good, 'Content-Encoding': 'gzip' })).status).toBe(415);
  });

  it('a body over 64 KiB (413), announced or not', async () => {
    const big = new Uint8Array(64 * 1024 + 1);
    expect((await post({ ...good, 'X-Workshop-Learner': 'Big 1' }, big)).status).toBe(413);
    // Chunked, without Content-Length: the gateway counts what arrives.
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const req = request(
        `${base}/api/v1/push`,
        { method: 'POST', headers: { ...good, 'X-Workshop-Learner': 'Big 2' } },
        (res) => {
          res.resume();
          resolve(res.statusCode);
        },
      );
      req.on('error', reject);
      for (let i = 0; i < 9; i++) req.write(new Uint8Array(8 * 1024));
      req.end();
    });
    expect(status).toBe(413);
  });

  it('a learner past the burst (429), and a new learner once the tracked ones are used up', async () => {
    const strict = createGateway({
      code,
      upstream: mimirUpstream(mimir, 'classroom-testtest'),
      rateLimit: { burst: 3, perSecond: 0.001, maxLearners: 2 },
    });
    const strictBase = await listen(strict);
    const as = async (learner: string): Promise<number> =>
      (
        await fetch(`${strictBase}/api/v1/push`, {
          method: 'POST',
          headers: { ...good, 'X-Workshop-Learner': learner },
          body,
        })
      ).status;
    const flood = [];
    for (let i = 0; i < 4; i++) flood.push(await as('Flood'));
    expect(flood).toEqual([200, 200, 200, 429]);
    expect(await as('Ada L')).toBe(200);
    // Flood and Ada L fill both places, and neither bucket has refilled.
    expect(await as('Newcomer')).toBe(429);
    strict.close();
  });
});

describe('the gateway forwards', () => {
  it("a good push to Mimir's /api/v1/push, with the classroom's tenant, whatever the learner said", async () => {
    const before = received.length;
    const answer = await post({ ...good, 'X-Scope-OrgID': 'prometheus' });
    expect(answer.status).toBe(200);
    const got = received[before];
    expect(got?.url).toBe('/api/v1/push');
    expect(got?.headers['x-scope-orgid']).toBe('classroom-testtest');
    expect(got?.headers.authorization).toBeUndefined();
    expect(got?.headers['content-encoding']).toBe('snappy');
    expect(new Uint8Array(got?.body ?? [])).toEqual(body);
  });

  it("to a hosted remote-write URL as given, with the endpoint's credentials instead of the code", async () => {
    const credentials = credentialsFromEnv({
      CLASSROOM_REMOTE_WRITE_USER: '123456',
      CLASSROOM_REMOTE_WRITE_PASSWORD: 'glc_secret',
    });
    const hosted = createGateway({
      code,
      upstream: remoteWriteUpstream(`${mimir}/api/prom/push`, credentials),
    });
    const hostedBase = await listen(hosted);
    const before = received.length;
    const response = await fetch(`${hostedBase}/api/v1/push`, { method: 'POST', headers: good, body });
    expect(response.status).toBe(200);
    const got = received[before];
    expect(got?.url).toBe('/api/prom/push');
    expect(got?.headers.authorization).toBe(`Basic ${Buffer.from('123456:glc_secret').toString('base64')}`);
    expect(got?.headers['x-scope-orgid']).toBeUndefined();
    hosted.close();
  });

  it('answers 502 when Mimir is unreachable', async () => {
    const closed = createServer();
    const url = await listen(closed);
    await new Promise((resolve) => closed.close(resolve));
    const orphan = createGateway({ code, upstream: mimirUpstream(url, 'classroom-testtest') });
    const orphanBase = await listen(orphan);
    const response = await fetch(`${orphanBase}/api/v1/push`, { method: 'POST', headers: good, body });
    expect(response.status).toBe(502);
    orphan.close();
  });
});

describe('the upstream credentials, from the environment only', () => {
  it('take a bearer token, or a user and password, and name the variable that is wrong', () => {
    expect(credentialsFromEnv({})).toBeUndefined();
    expect(credentialsFromEnv({ CLASSROOM_REMOTE_WRITE_TOKEN: ' t0k ' })).toEqual({
      header: 'Bearer t0k',
      auth: 'a bearer token',
    });
    expect(() => credentialsFromEnv({ CLASSROOM_REMOTE_WRITE_USER: 'u' })).toThrow(
      'basic auth needs both CLASSROOM_REMOTE_WRITE_USER and CLASSROOM_REMOTE_WRITE_PASSWORD',
    );
    expect(() =>
      credentialsFromEnv({ CLASSROOM_REMOTE_WRITE_TOKEN: 't', CLASSROOM_REMOTE_WRITE_PASSWORD: 'p' }),
    ).toThrow('not both');
    expect(() =>
      credentialsFromEnv({ CLASSROOM_REMOTE_WRITE_USER: 'a:b', CLASSROOM_REMOTE_WRITE_PASSWORD: 'p' }),
    ).toThrow('may not contain ":"');
    expect(() => credentialsFromEnv({ CLASSROOM_REMOTE_WRITE_TOKEN: '' })).toThrow('is empty');
  });

  it('go with a Mimir push as well, beside its tenant', () => {
    const upstream = mimirUpstream('https://mimir.example', 'classroom-abcdefgh', {
      header: 'Bearer t',
      auth: 'a bearer token',
    });
    expect(upstream).toEqual({
      pushUrl: 'https://mimir.example/api/v1/push',
      headers: { Authorization: 'Bearer t', 'X-Scope-OrgID': 'classroom-abcdefgh' },
      tenant: 'classroom-abcdefgh',
      auth: 'a bearer token',
    });
  });
});
