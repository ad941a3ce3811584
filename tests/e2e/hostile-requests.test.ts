import { request as httpRequest } from 'node:http';
import { expect, test } from '@playwright/test';
import { sitePort } from '../../site/lib/guard/site-address.ts';
import { decodeProcAddress, socketRows } from '../../scripts/stack/index.ts';
import { isLoopbackAddress } from '../../scripts/lib/loopback.ts';

/**
 * What a hostile page, a DNS-rebound host name or a LAN client would send to the site's
 * on-demand routes, as raw HTTP to 127.0.0.1 so every header is exactly the forged one.
 * Requests that pass the guard use bodies the route itself refuses, so no check runs and no
 * hint is revealed.
 */

interface RawAnswer {
  readonly status: number;
  readonly body: string;
  readonly ms: number;
}

function send(
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<RawAnswer> {
  const started = Date.now();
  // As curl and browsers do, a body goes with its length unless the case sets the framing itself.
  const framed =
    body === undefined || 'content-length' in headers || 'transfer-encoding' in headers
      ? headers
      : { ...headers, 'content-length': String(Buffer.byteLength(body)) };
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port: sitePort, method, path, headers: framed, setHost: false },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
        });
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, body: text, ms: Date.now() - started });
        });
      },
    );
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

const site = `127.0.0.1:${sitePort}`;
const lab = '/api/labs/01-scrape-the-app';
const query = '/api/stack/prometheus/api/v1/query?query=up';
const json = { 'content-type': 'application/json' };
const refusedBody = JSON.stringify({ action: 'reset' });

test('the site listens on loopback only, though Playwright started it with HOST=0.0.0.0', () => {
  const tcpListen = '0A';
  const addresses = ['/proc/net/tcp', '/proc/net/tcp6'].flatMap((table) =>
    socketRows(table)
      .filter((row) => row.port === sitePort && row.state === tcpListen)
      .map((row) => decodeProcAddress(row.addressHex)),
  );
  expect(addresses.length).toBeGreaterThan(0);
  expect(addresses.filter((a) => !isLoopbackAddress(a))).toEqual([]);
});

test.describe('the site refuses what a hostile client sends', () => {
  test('a DNS-rebound host name cannot read metrics or run a check (421)', async () => {
    const rebound = `attacker.example:${sitePort}`;
    const read = await send('GET', query, { host: rebound });
    expect(read.status).toBe(421);
    expect(JSON.parse(read.body)).toMatchObject({ error: 'host-not-allowed' });
    const check = await send(
      'POST',
      lab,
      { host: rebound, origin: `http://${rebound}`, 'sec-fetch-site': 'same-origin', ...json },
      JSON.stringify({ action: 'check' }),
    );
    expect(check.status).toBe(421);
    expect((await send('GET', lab, { host: rebound })).status).toBe(421);
  });

  test('another site cannot read through the proxy or post to the lab endpoint (403)', async () => {
    const read = await send('GET', query, { host: site, 'sec-fetch-site': 'cross-site' });
    expect(read.status).toBe(403);
    expect(JSON.parse(read.body)).toMatchObject({ error: 'cross-site' });
    expect((await send('GET', query, { host: site, 'sec-fetch-site': 'same-site' })).status).toBe(403);
    for (const origin of ['http://evil.example', 'null']) {
      const post = await send(
        'POST',
        lab,
        { host: site, origin, ...json },
        JSON.stringify({ action: 'check' }),
      );
      expect(post.status, origin).toBe(403);
      expect(JSON.parse(post.body)).toMatchObject({ error: 'origin-not-allowed' });
    }
  });

  test('a post without an Origin (curl, a LAN peer) or in a form type never reaches the checker', async () => {
    const bare = await send('POST', lab, { host: site, ...json }, JSON.stringify({ action: 'check' }));
    expect(bare.status).toBe(403);
    const form = await send(
      'POST',
      lab,
      { host: site, origin: `http://${site}`, 'content-type': 'text/plain' },
      JSON.stringify({ action: 'check' }),
    );
    expect(form.status).toBe(415);
  });

  test('a huge or unsized body is refused before it is read', async () => {
    const huge = await send('POST', lab, {
      host: site,
      origin: `http://${site}`,
      ...json,
      'content-length': String(1024 ** 3),
    });
    expect(huge.status).toBe(413);
    const chunked = await send(
      'POST',
      '/api/stack/prometheus/api/v1/query',
      {
        host: site,
        origin: `http://${site}`,
        'content-type': 'application/x-www-form-urlencoded',
        'transfer-encoding': 'chunked',
      },
      'query=up',
    );
    expect(chunked.status).toBe(411);
  });

  test("the site's own page still gets through, under every loopback name", async () => {
    for (const host of [site, `localhost:${sitePort}`]) {
      const read = await send('GET', query, { host, 'sec-fetch-site': 'same-origin' });
      expect(read.status, host).toBe(200);
      const post = await send(
        'POST',
        lab,
        { host, origin: `http://${host}`, 'sec-fetch-site': 'same-origin', ...json },
        refusedBody,
      );
      // Past the guard: the route itself answers, refusing the unknown action.
      expect(post.status, host).toBe(400);
    }
  });

  test('proxied answers cannot be rendered as a page', async () => {
    const bad = await send('GET', '/api/stack/prometheus/api/v1/query?query=%3Cscript%3E', { host: site });
    // Prometheus' parse error, passed on as the JSON it is.
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body)).toMatchObject({ status: 'error', errorType: 'bad_data' });
    const headers = await fetch(`http://${site}/api/stack/prometheus/api/v1/query?query=%3Cscript%3E`).then(
      (r) => r.headers,
    );
    expect(headers.get('x-content-type-options')).toBe('nosniff');
    expect(headers.get('content-security-policy')).toBe('sandbox');
  });
});
