/**
 * The running stack end to end: the app is scraped, its series reach Mimir through all three
 * write paths into their own tenants, tenants are isolated, the exposition is valid, and
 * Mimir keeps samples across a restart. Brings the native stack up when it isn't (and stops
 * it afterwards if it did).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenants } from '../../stack/services.ts';
import { run, serviceUrl, silentReporter, stackRestart } from '../../scripts/stack/index.ts';
import type { Sample } from '../support/stack.ts';
import {
  QueryError,
  ensureStackUp,
  ensureTools,
  queryMimir,
  queryPrometheus,
  stopIfStarted,
  waitFor,
} from '../support/stack.ts';

/** Series the app exposes itself (not the scrape's synthetic up/scrape_* series). */
const APP_SERIES = '{job="app", __name__!="up", __name__!~"scrape_.+"}';
/**
 * The app's OpenTelemetry counter shop.orders (stack/app/internal/otelmetrics): Mimir adds
 * _total because mimir.yaml turns OTel metric suffixes on, as Prometheus's OTLP receiver does.
 */
const OTLP_METRIC = 'shop_orders_total';
/** How long data may take to flow through a path (5 s scrapes, 1 s batches, 5 s OTLP export). */
const FLOW_MS = 60_000;

const nonEmpty = (samples: Sample[]): Sample[] | undefined => (samples.length > 0 ? samples : undefined);
let promtool: string;

beforeAll(async () => {
  promtool = (await ensureTools()).promtool;
  await ensureStackUp();
}, 3_600_000);

afterAll(async () => {
  await stopIfStarted();
}, 120_000);

describe('Prometheus', () => {
  it('scrapes the app: up{job="app"} is 1', async () => {
    const samples = await waitFor(async () => nonEmpty(await queryPrometheus('up{job="app"} == 1')), {
      timeoutMs: FLOW_MS,
      what: 'up{job="app"} == 1 in Prometheus',
    });
    expect(samples[0]?.value).toBe(1);
  });
});

describe('Mimir write paths', () => {
  it.each([
    ['Prometheus remote_write', tenants.prometheus],
    ['Alloy prometheus.scrape', tenants.alloy],
  ])('%s lands the app series in tenant "%s"', async (_path, tenant) => {
    const samples = await waitFor(async () => nonEmpty(await queryMimir(APP_SERIES, tenant)), {
      timeoutMs: FLOW_MS,
      what: `app series in Mimir tenant ${tenant}`,
    });
    expect(samples.every((s) => s.metric['job'] === 'app')).toBe(true);
    const up = await waitFor(async () => nonEmpty(await queryMimir('up{job="app"}', tenant)), {
      timeoutMs: FLOW_MS,
      what: `up in tenant ${tenant}`,
    });
    expect(up[0]?.value).toBe(1);
  });

  it('OTLP through Alloy lands the app metric and target_info in tenant "otel"', async () => {
    // Place an invalid order so the counter has a sample even if the traffic generator is off.
    await fetch(`${serviceUrl('app')}/api/orders`, {
      method: 'POST',
      body: '{}',
      headers: { 'content-type': 'application/json' },
    });
    const orders = await waitFor(async () => nonEmpty(await queryMimir(OTLP_METRIC, tenants.otel)), {
      timeoutMs: FLOW_MS,
      what: `${OTLP_METRIC} in Mimir tenant ${tenants.otel}`,
    });
    expect(orders[0]?.metric).toHaveProperty('result');
    const info = await waitFor(async () => nonEmpty(await queryMimir('target_info', tenants.otel)), {
      timeoutMs: FLOW_MS,
      what: `target_info in tenant ${tenants.otel}`,
    });
    expect(info[0]?.metric).toHaveProperty('job');
  });
});

describe('tenancy', () => {
  it('rejects a query without X-Scope-OrgID (401)', async () => {
    const error = await queryMimir('up', undefined).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(QueryError);
    expect((error as QueryError).status).toBe(401);
  });

  it('keeps tenants apart: "prometheus" does not see "otel" series', async () => {
    await waitFor(async () => nonEmpty(await queryMimir('target_info', tenants.otel)), {
      timeoutMs: FLOW_MS,
      what: 'target_info in tenant otel',
    });
    expect(await queryMimir('target_info', tenants.prometheus)).toEqual([]);
    expect(await queryMimir('up{job="app"}', tenants.otel)).toEqual([]);
  });

  it('federates tenants on request (prometheus|alloy)', async () => {
    const both = await waitFor(
      async () => {
        const samples = await queryMimir(
          'count by (__tenant_id__) (up{job="app"})',
          `${tenants.prometheus}|${tenants.alloy}`,
        );
        return samples.length === 2 ? samples : undefined;
      },
      { timeoutMs: FLOW_MS, what: 'up{job="app"} from both tenants through federation' },
    );
    expect(both.map((s) => s.metric['__tenant_id__']).sort()).toEqual(
      [tenants.alloy, tenants.prometheus].sort(),
    );
  });
});

describe('the app’s exposition', () => {
  const scrape = async (accept: string): Promise<{ type: string; body: string }> => {
    const response = await fetch(`${serviceUrl('app')}/metrics`, { headers: { accept } });
    expect(response.status).toBe(200);
    return { type: response.headers.get('content-type') ?? '', body: await response.text() };
  };
  const lint = async (body: string): Promise<{ code: number; problems: string[] }> => {
    const result = await run(promtool, ['check', 'metrics'], { input: body });
    return { code: result.code, problems: result.stderr.trim().split('\n').filter(Boolean) };
  };

  it('is negotiated as OpenMetrics 1.0.0 and passes promtool check metrics', async () => {
    const { type, body } = await scrape(
      'application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5',
    );
    expect(type).toMatch(/^application\/openmetrics-text; version=1\.0\.0/);
    expect(body.endsWith('# EOF\n')).toBe(true);
    // Histogram buckets carry exemplars linking them to traces.
    expect(body).toMatch(/^http_request_duration_seconds_bucket\{.*\} \d+ # \{trace_id="[0-9a-f]{32}"\} /m);
    // promtool lints with the Prometheus text parser, which knows no exemplars (so they are
    // cut off first) and reads an OpenMetrics counter's _total and _created samples as
    // families of their own. Those reports (and only those) are artifacts of the format,
    // provided the family itself carries HELP and TYPE.
    const { code, problems } = await lint(body.replace(/ # \{[^}]*\} \S+( \S+)?$/gm, ''));
    const real = problems.filter((p) => {
      const match = /^(\S+)_(total|created) no help text$/.exec(p);
      return !(
        match?.[1] &&
        body.includes(`# HELP ${match[1]} `) &&
        body.includes(`# TYPE ${match[1]} counter`)
      );
    });
    expect(real, 'promtool check metrics problems').toEqual([]);
    expect([0, 3]).toContain(code);
  });

  it('passes promtool check metrics cleanly in the classic text format', async () => {
    const { body } = await scrape('text/plain;version=0.0.4');
    const { code, problems } = await lint(body);
    expect(problems).toEqual([]);
    expect(code).toBe(0);
  });
});

describe('Mimir restart', () => {
  it('keeps earlier samples queryable after `restart mimir`', async () => {
    // A moment Mimir holds a sample for (a fresh stack may have none from ten seconds ago).
    const stamps = await waitFor(
      async () => nonEmpty(await queryMimir('timestamp(up{job="app"})', tenants.prometheus)),
      { timeoutMs: FLOW_MS, what: 'a first up{job="app"} sample in tenant prometheus' },
    );
    const at = Math.max(...stamps.map((s) => s.value));
    const query = async (): Promise<Sample[] | undefined> => {
      const url = `${serviceUrl('mimir')}/prometheus/api/v1/query?${new URLSearchParams({ query: 'up{job="app"}', time: String(at) }).toString()}`;
      const response = await fetch(url, { headers: { 'X-Scope-OrgID': tenants.prometheus } });
      if (!response.ok) return undefined;
      const body = (await response.json()) as {
        data: { result: { metric: Record<string, string>; value: [number, string] }[] };
      };
      return nonEmpty(body.data.result.map((r) => ({ metric: r.metric, value: Number(r.value[1]) })));
    };
    const before = await waitFor(query, {
      timeoutMs: FLOW_MS,
      what: `up{job="app"} at ${at} in tenant prometheus`,
    });
    await stackRestart('mimir', { reporter: silentReporter });
    const after = await waitFor(query, {
      timeoutMs: FLOW_MS,
      what: `up{job="app"} at ${at} after the restart`,
    });
    expect(after).toEqual(before);
  });
});
