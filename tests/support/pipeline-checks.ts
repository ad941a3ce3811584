/**
 * The pipeline's assertions, shared by the native stack suite (tests/stack/pipeline.test.ts)
 * and the Docker one (tests/docker/compose.test.ts), so both modes must pass the same checks:
 * the app is scraped, its series reach Mimir through all three write paths into their own
 * tenants, and tenants are isolated. Call inside a suite whose beforeAll brought a stack up.
 */
import { describe, expect, it } from 'vitest';
import { tenants } from '../../stack/services.ts';
import { serviceUrl } from '../../scripts/stack/index.ts';
import type { Sample } from './stack.ts';
import { QueryError, queryMimir, queryPrometheus, waitFor } from './stack.ts';

/** Series the app exposes itself (not the scrape's synthetic up/scrape_* series). */
const APP_SERIES = '{job="app", __name__!="up", __name__!~"scrape_.+"}';
/**
 * The app's OpenTelemetry counter shop.orders (stack/app/internal/otelmetrics): Mimir adds
 * _total because mimir.yaml turns OTel metric suffixes on, as Prometheus's OTLP receiver does.
 */
const OTLP_METRIC = 'shop_orders_total';
/** How long data may take to flow through a path (5 s scrapes, 1 s batches, 5 s OTLP export). */
export const FLOW_MS = 60_000;

export const nonEmpty = (samples: Sample[]): Sample[] | undefined =>
  samples.length > 0 ? samples : undefined;

export function describePipeline(): void {
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
}
