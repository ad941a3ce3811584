import { CompletionContext } from '@codemirror/autocomplete';
import { EditorState } from '@codemirror/state';
import { LanguageType, newCompleteStrategy, promQLLanguage } from '@prometheus-io/codemirror-promql';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { stackCompletion } from '../../../site/islands/promql/completion.ts';
import { resolveProxyRequest } from '../../../site/lib/stack-proxy/allowlist.ts';
import { tenantHeader, type StackTarget } from '../../../site/lib/stack-proxy/routes.ts';

/**
 * The playground editor's autocompletion, run on real editor states with codemirror-promql's own
 * HTTP client: every request it makes goes to the stack proxy with the playground's tenant, and
 * the proxy's allowlist forwards it. A fake fetch stands in for the proxy and records the calls.
 */

interface Call {
  readonly method: string;
  readonly url: URL;
  readonly tenant: string | null;
}

let calls: Call[] = [];

/** What the fake proxy answers, per endpoint. */
function reply(url: URL): unknown {
  if (url.pathname.endsWith('/label/__name__/values'))
    return ['http_requests_total', 'http_requests_in_flight', 'up'];
  if (url.pathname.endsWith('/label/route/values')) return ['/api/orders', '/api/products/:id'];
  if (url.pathname.endsWith('/labels')) return ['__name__', 'job', 'route', 'status'];
  if (url.pathname.endsWith('/metadata'))
    return { http_requests_total: [{ type: 'counter', help: 'Requests handled.', unit: '' }] };
  return [];
}

beforeEach(() => {
  calls = [];
  vi.stubGlobal('fetch', (input: string, init?: RequestInit) => {
    const url = new URL(input, 'http://127.0.0.1:4321');
    calls.push({
      method: init?.method ?? 'GET',
      url,
      tenant: new Headers(init?.headers).get(tenantHeader),
    });
    return Promise.resolve(Response.json({ status: 'success', data: reply(url) }));
  });
});

afterEach(() => {
  vi.unstubAllGlobals();
});

/** The completion labels offered with the cursor at "|" in `doc`. */
async function complete(target: StackTarget, doc: string): Promise<string[]> {
  const pos = doc.indexOf('|');
  const state = EditorState.create({
    doc: doc.replace('|', ''),
    extensions: promQLLanguage(LanguageType.PromQL),
  });
  const result = await newCompleteStrategy(stackCompletion(target)).promQL(
    new CompletionContext(state, pos, true),
  );
  return result?.options.map((o) => o.label) ?? [];
}

const mimir: StackTarget = { source: 'mimir', tenant: 'alloy' };

describe('playground autocompletion through the stack proxy', () => {
  it('offers the stack’s metric names, with their metadata fetched too', async () => {
    const labels = await complete(mimir, 'sum(rate(http_req|');
    expect(labels).toContain('http_requests_total');
    expect(calls.map((c) => c.url.pathname).sort()).toEqual([
      '/api/stack/mimir/prometheus/api/v1/label/__name__/values',
      '/api/stack/mimir/prometheus/api/v1/metadata',
    ]);
  });

  it('offers PromQL’s own functions', async () => {
    expect(await complete(mimir, 'histogram_q|')).toContain('histogram_quantile');
  });

  it('offers label names of a metric, and the values of a label', async () => {
    expect(await complete(mimir, 'http_requests_total{|}')).toContain('route');
    expect(await complete(mimir, 'http_requests_total{route="|"}')).toContain('/api/orders');
    const labelCalls = calls.filter((c) => !c.url.pathname.endsWith('/metadata'));
    expect(labelCalls.map((c) => c.url.pathname)).toEqual([
      '/api/stack/mimir/prometheus/api/v1/labels',
      '/api/stack/mimir/prometheus/api/v1/label/route/values',
    ]);
    for (const call of labelCalls)
      expect(call.url.searchParams.get('match[]')).toContain('http_requests_total');
  });

  it('sends every request as a GET the proxy forwards, with the playground’s tenant', async () => {
    for (const target of [mimir, { source: 'prometheus' } as const]) {
      calls = [];
      await complete(target, 'http_req|');
      await complete(target, 'http_requests_total{|}');
      await complete(target, 'http_requests_total{route="|"}');
      expect(calls.length).toBeGreaterThan(2);
      for (const call of calls) {
        expect(call.method).toBe('GET');
        expect(call.tenant).toBe(target.source === 'mimir' ? target.tenant : null);
        const resolution = resolveProxyRequest({
          method: call.method,
          pathname: call.url.pathname,
          tenant: call.tenant,
          contentType: null,
        });
        expect(resolution, call.url.pathname).toMatchObject({ ok: true, service: target.source });
      }
    }
  });
});
