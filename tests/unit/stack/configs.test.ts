/** The configs agree with stack/services.ts: ports, tenants, data source headers. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { extraPorts, otlpPorts, services, tenants } from '../../../stack/services.ts';
import { compatPrometheusConfig } from '../../../scripts/stack/convert.ts';
import { stackPaths } from '../../../scripts/stack/paths.ts';

const stack = stackPaths().stackDir;
const read = (file: string): string => readFileSync(join(stack, file), 'utf8');

describe('prometheus.yml', () => {
  const config = parse(read('prometheus/prometheus.yml')) as {
    global: Record<string, unknown>;
    scrape_config_files: string[];
    scrape_configs: { job_name: string; static_configs: { targets: string[] }[] }[];
    remote_write: { url: string; headers: Record<string, string>; send_native_histograms: boolean }[];
  };

  it('scrapes the app (job app) and itself at the interval Alloy scrapes at, native histograms on', () => {
    // Both roads into Mimir sample at one rate, so the lessons' side-by-side panels agree.
    const alloyInterval = /scrape_interval\s*=\s*"([^"]+)"/.exec(read('alloy/config.alloy'))?.[1];
    expect(alloyInterval).toBeDefined();
    expect(config.global['scrape_interval']).toBe(alloyInterval);
    expect(config.global['scrape_native_histograms']).toBe(true);
    const targets = Object.fromEntries(
      config.scrape_configs.map((s) => [s.job_name, s.static_configs[0]?.targets]),
    );
    expect(targets).toEqual({
      app: [`app:${services.app.port}`],
      prometheus: [`prometheus:${services.prometheus.port}`],
    });
    expect(config.scrape_config_files).toEqual(['labs/*.yml']);
  });

  it('remote-writes to Mimir as tenant prometheus', () => {
    expect(config.remote_write).toHaveLength(1);
    expect(config.remote_write[0]?.url).toBe(`http://mimir:${services.mimir.port}/api/v1/push`);
    expect(config.remote_write[0]?.headers).toEqual({ 'X-Scope-OrgID': tenants.prometheus });
    expect(config.remote_write[0]?.send_native_histograms).toBe(true);
  });
});

describe('config.alloy', () => {
  // alloy fmt aligns with tabs and spaces: compare without whitespace.
  const compact = (s: string): string => s.replace(/\s+/g, '');
  const text = compact(read('alloy/config.alloy'));

  it('scrapes the app and writes to Mimir as tenant alloy', () => {
    expect(text).toContain(compact(`"__address__" = "app:${services.app.port}"`));
    expect(text).toContain(compact(`url     = "http://mimir:${services.mimir.port}/api/v1/push"`));
    expect(text).toContain(compact(`headers = { "X-Scope-OrgID" = "${tenants.alloy}" }`));
  });

  it('receives OTLP on the ports in services.ts and sends it to Mimir as tenant otel', () => {
    expect(text).toContain(compact(`endpoint = "0.0.0.0:${otlpPorts.grpc}"`));
    expect(text).toContain(compact(`endpoint = "0.0.0.0:${otlpPorts.http}"`));
    expect(text).toContain(compact(`endpoint = "http://mimir:${services.mimir.port}/otlp"`));
    expect(text).toContain(compact(`headers  = { "X-Scope-OrgID" = "${tenants.otel}" }`));
  });
});

describe('mimir.yaml', () => {
  const config = parse(read('mimir/mimir.yaml')) as {
    multitenancy_enabled: boolean;
    server: Record<string, unknown>;
    memberlist: Record<string, unknown>;
    tenant_federation: { enabled: boolean };
    usage_stats: { enabled: boolean };
    ingester: { ring: { replication_factor: number } };
    ruler_storage: { backend: string };
  };

  it('listens where services.ts says and keeps internal ports on loopback', () => {
    expect(config.server['http_listen_port']).toBe(services.mimir.port);
    expect(config.server['grpc_listen_address']).toBe('127.0.0.1');
    const extra = Object.fromEntries(extraPorts.mimir.map((p) => [p.name, p.port]));
    expect(config.server['grpc_listen_port']).toBe(extra['gRPC']);
    expect(config.memberlist['bind_port']).toBe(extra['memberlist']);
    expect(config.memberlist['bind_addr']).toEqual(['127.0.0.1']);
  });

  it('is multi-tenant with federation, one replica, a writable ruler store and no phoning home', () => {
    expect(config.multitenancy_enabled).toBe(true);
    expect(config.tenant_federation.enabled).toBe(true);
    expect(config.ingester.ring.replication_factor).toBe(1);
    expect(config.ruler_storage.backend).toBe('filesystem');
    expect(config.usage_stats.enabled).toBe(false);
  });
});

describe('Grafana data sources', () => {
  const config = parse(read('grafana/provisioning/datasources/datasources.yaml')) as {
    datasources: {
      uid: string;
      url: string;
      jsonData: Record<string, unknown>;
      secureJsonData?: Record<string, string>;
    }[];
  };

  it('has Prometheus and one Mimir data source per tenant', () => {
    const mimir = config.datasources.filter(
      (d) => d.url === `http://mimir:${services.mimir.port}/prometheus`,
    );
    expect(mimir.map((d) => d.secureJsonData?.['httpHeaderValue1']).sort()).toEqual(
      Object.values(tenants).sort(),
    );
    for (const d of mimir) expect(d.jsonData['httpHeaderName1']).toBe('X-Scope-OrgID');
    expect(config.datasources.some((d) => d.url === `http://prometheus:${services.prometheus.port}`)).toBe(
      true,
    );
  });
});

describe('compatPrometheusConfig (alloy convert input)', () => {
  it('drops only the keys newer than Alloy’s embedded Prometheus parser', () => {
    const original = read('prometheus/prometheus.yml');
    const { text, dropped } = compatPrometheusConfig(original);
    expect(dropped).toEqual(['global.scrape_native_histograms']);
    expect(text).not.toContain('scrape_native_histograms');
    const { global } = parse(original) as { global: Record<string, unknown> };
    expect(parse(text)).toMatchObject({
      global: { scrape_interval: global['scrape_interval'] },
      remote_write: [{ headers: { 'X-Scope-OrgID': 'prometheus' } }],
    });
  });

  it('finds the key inside scrape jobs too', () => {
    const { dropped } = compatPrometheusConfig(
      'scrape_configs:\n  - job_name: a\n    scrape_native_histograms: true\n  - job_name: b\n',
    );
    expect(dropped).toEqual(['scrape_configs.0.scrape_native_histograms']);
  });
});
