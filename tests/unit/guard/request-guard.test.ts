import { describe, expect, it } from 'vitest';
import type { GuardedRequest } from '../../../site/lib/guard/request-guard.ts';
import { judgeRequest, maxBodyBytes } from '../../../site/lib/guard/request-guard.ts';
import { siteHosts, sitePort } from '../../../site/lib/guard/site-address.ts';

/** A same-origin "Check my work" POST as Chromium sends it. */
const checkPost: GuardedRequest = {
  method: 'POST',
  pathname: '/api/labs/01-scrape-the-app',
  clientAddress: '127.0.0.1',
  host: `127.0.0.1:${sitePort}`,
  origin: `http://127.0.0.1:${sitePort}`,
  secFetchSite: 'same-origin',
  contentType: 'application/json',
  contentLength: '18',
  transferEncoding: null,
};

const panelGet: GuardedRequest = {
  ...checkPost,
  method: 'GET',
  pathname: '/api/stack/prometheus/api/v1/query',
  origin: null,
  contentType: null,
  contentLength: null,
};

describe('the request guard', () => {
  it("lets the site's own page check a lab and query the stack, under each loopback name", () => {
    for (const host of siteHosts) {
      expect(judgeRequest({ ...checkPost, host, origin: `http://${host}` })).toBeUndefined();
      expect(judgeRequest({ ...panelGet, host })).toBeUndefined();
    }
    expect(judgeRequest({ ...panelGet, secFetchSite: null })).toBeUndefined();
    expect(judgeRequest({ ...panelGet, secFetchSite: 'none' })).toBeUndefined();
    expect(judgeRequest({ ...checkPost, clientAddress: '::ffff:127.0.0.1' })).toBeUndefined();
    expect(judgeRequest({ ...checkPost, clientAddress: '::1' })).toBeUndefined();
  });

  it('refuses a peer on the network, whatever it claims in its headers', () => {
    for (const clientAddress of ['192.168.1.20', '::ffff:10.0.0.7', 'fe80::1', '0.0.0.0', '']) {
      expect(judgeRequest({ ...panelGet, clientAddress })?.error).toBe('not-loopback');
    }
  });

  it('refuses a DNS-rebound host name, another port and an absent Host with 421', () => {
    for (const host of [
      `attacker.example:${sitePort}`,
      `127.0.0.1.nip.io:${sitePort}`,
      '127.0.0.1:9090',
      '127.0.0.1',
      'localhost',
      null,
    ]) {
      const refusal = judgeRequest({ ...panelGet, host });
      expect(refusal?.status, String(host)).toBe(421);
      expect(refusal?.message).toContain(`127.0.0.1:${sitePort}`);
    }
    // A rebound page's POST has a matching Origin: the Host check alone stops it.
    const rebound = `attacker.example:${sitePort}`;
    expect(judgeRequest({ ...checkPost, host: rebound, origin: `http://${rebound}` })?.status).toBe(421);
  });

  it('refuses any request another site makes, reads included', () => {
    for (const secFetchSite of ['cross-site', 'same-site', 'CROSS-SITE']) {
      expect(judgeRequest({ ...panelGet, secFetchSite })?.error).toBe('cross-site');
      expect(judgeRequest({ ...checkPost, secFetchSite })?.error).toBe('cross-site');
    }
  });

  it('needs the exact origin of the host on a POST', () => {
    for (const origin of [
      null,
      'null',
      'http://attacker.example',
      `http://localhost:${sitePort}`,
      `https://127.0.0.1:${sitePort}`,
      `http://127.0.0.1:${sitePort}/`,
    ]) {
      expect(judgeRequest({ ...checkPost, origin }), String(origin)).toMatchObject({
        status: 403,
        error: 'origin-not-allowed',
      });
    }
  });

  it('takes only JSON on the lab endpoint, so no form or text/plain post gets there', () => {
    for (const contentType of [
      null,
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data',
    ]) {
      expect(judgeRequest({ ...checkPost, contentType })?.status, String(contentType)).toBe(415);
    }
    expect(judgeRequest({ ...checkPost, contentType: 'application/json; charset=utf-8' })).toBeUndefined();
  });

  it('refuses a body over the limit before it is read, and one with no length', () => {
    expect(judgeRequest({ ...checkPost, contentLength: String(maxBodyBytes + 1) })?.status).toBe(413);
    expect(judgeRequest({ ...checkPost, contentLength: String(maxBodyBytes) })).toBeUndefined();
    expect(judgeRequest({ ...checkPost, contentLength: '-1' })?.status).toBe(400);
    expect(judgeRequest({ ...checkPost, contentLength: null, transferEncoding: 'chunked' })?.status).toBe(
      411,
    );
  });
});
