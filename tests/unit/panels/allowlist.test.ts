import { describe, expect, it } from 'vitest';
import { resolveProxyRequest, type ProxyRequestInfo } from '../../../site/lib/stack-proxy/allowlist.ts';

const form = 'application/x-www-form-urlencoded';

function request(pathname: string, extra: Partial<ProxyRequestInfo> = {}): ProxyRequestInfo {
  return { method: 'GET', pathname, tenant: null, contentType: null, ...extra };
}

describe('stack proxy allowlist', () => {
  it('forwards Prometheus read endpoints', () => {
    for (const endpoint of ['query', 'query_range', 'series', 'labels', 'metadata', 'label/route/values']) {
      const resolution = resolveProxyRequest(request(`/api/stack/prometheus/api/v1/${endpoint}`));
      expect(resolution).toEqual({ ok: true, service: 'prometheus', upstreamPath: `/api/v1/${endpoint}` });
    }
  });

  it('forwards Mimir queries with a known tenant, under /prometheus', () => {
    const resolution = resolveProxyRequest(
      request('/api/stack/mimir/prometheus/api/v1/query_range', {
        method: 'POST',
        contentType: `${form}; charset=UTF-8`,
        tenant: 'alloy',
      }),
    );
    expect(resolution).toEqual({
      ok: true,
      service: 'mimir',
      upstreamPath: '/prometheus/api/v1/query_range',
      tenant: 'alloy',
    });
  });

  it('passes on an optional service the panel requires, and refuses any other name', () => {
    const path = '/api/stack/mimir/prometheus/api/v1/query';
    expect(resolveProxyRequest(request(path, { tenant: 'prometheus', requires: 'k6' }))).toEqual({
      ok: true,
      service: 'mimir',
      upstreamPath: '/prometheus/api/v1/query',
      tenant: 'prometheus',
      requires: 'k6',
    });
    for (const requires of ['prometheus', 'app', 'k6 ', 'constructor']) {
      const resolution = resolveProxyRequest(request(path, { tenant: 'prometheus', requires }));
      expect(resolution, requires).toMatchObject({
        ok: false,
        status: 400,
        body: { error: 'requires-not-allowed' },
      });
    }
  });

  it('forwards Loki queries (LogQL) under /loki/api/v1, with no tenant from the browser', () => {
    for (const endpoint of ['query', 'query_range', 'labels', 'label/service_name/values']) {
      const resolution = resolveProxyRequest(request(`/api/stack/loki/loki/api/v1/${endpoint}`));
      expect(resolution).toEqual({ ok: true, service: 'loki', upstreamPath: `/loki/api/v1/${endpoint}` });
    }
  });

  it('refuses services other than Prometheus, Mimir and Loki', () => {
    for (const service of ['app', 'alloy', 'grafana', 'k6', '..', '']) {
      const resolution = resolveProxyRequest(request(`/api/stack/${service}/metrics`));
      expect(resolution).toMatchObject({ ok: false, status: 404, body: { error: 'unknown-service' } });
    }
  });

  it('refuses write, admin and traversal paths', () => {
    const paths = [
      '/api/stack/prometheus/api/v1/admin/tsdb/delete_series',
      '/api/stack/prometheus/-/reload',
      '/api/stack/prometheus/-/quit',
      '/api/stack/prometheus/api/v1/write',
      '/api/stack/prometheus/api/v1/otlp/v1/metrics',
      '/api/stack/prometheus/api/v1/query/../admin/tsdb/snapshot',
      '/api/stack/prometheus/api/v1/label/route%2F..%2F..%2Fadmin/values',
      '/api/stack/mimir/api/v1/push',
      '/api/stack/mimir/prometheus/config/v1/rules',
      '/api/stack/loki/loki/api/v1/push',
      '/api/stack/loki/otlp/v1/logs',
      '/api/stack/loki/loki/api/v1/delete',
      '/api/stack/loki/loki/api/v1/tail',
    ];
    for (const pathname of paths) {
      expect(resolveProxyRequest(request(pathname, { tenant: 'prometheus' })), pathname).toMatchObject({
        ok: false,
        status: 403,
        body: { error: 'path-not-allowed' },
      });
    }
  });

  it('refuses methods other than GET and form POST', () => {
    const path = '/api/stack/prometheus/api/v1/query';
    expect(resolveProxyRequest(request(path, { method: 'DELETE' }))).toMatchObject({
      ok: false,
      status: 405,
    });
    expect(
      resolveProxyRequest(request(path, { method: 'POST', contentType: 'application/json' })),
    ).toMatchObject({ ok: false, status: 415, body: { allowed: [form] } });
  });

  it('requires a tenant the stack writes to for Mimir', () => {
    const path = '/api/stack/mimir/prometheus/api/v1/query';
    expect(resolveProxyRequest(request(path))).toMatchObject({
      ok: false,
      status: 400,
      body: { error: 'tenant-required' },
    });
    expect(resolveProxyRequest(request(path, { tenant: 'anonymous' }))).toMatchObject({
      ok: false,
      status: 403,
      body: { error: 'tenant-not-allowed', allowed: ['prometheus', 'alloy', 'otel'] },
    });
  });

  it("reads a classroom's tenant for the board, and nothing that only looks like one", () => {
    const path = '/api/stack/mimir/prometheus/api/v1/query';
    expect(resolveProxyRequest(request(path, { tenant: 'classroom-abcd2345' }))).toMatchObject({
      ok: true,
      tenant: 'classroom-abcd2345',
    });
    for (const tenant of [
      'classroom-',
      'classroom-abcd234',
      'classroom-ABCD2345',
      'classroom-abcd2345x',
      'classroom-abcd2341',
    ])
      expect(resolveProxyRequest(request(path, { tenant })), tenant).toMatchObject({
        ok: false,
        status: 403,
      });
  });
});
