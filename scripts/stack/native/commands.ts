/**
 * How each service is started natively: binary, flags and environment. The flags that
 * shape behaviour match compose.yaml's (a unit test compares them); only paths and listen
 * addresses differ.
 */
import { join } from 'node:path';
import type { ServiceName } from '../../../stack/services.ts';
import { otlpPorts, services } from '../../../stack/services.ts';
import type { StackPaths } from '../paths.ts';
import { dataDir } from '../paths.ts';
import type { Versions } from '../versions.ts';
import { recipes } from './components.ts';
import { LOOPBACK, renderedPath } from './render.ts';
import { appBinary, upstreamBinDir } from './build.ts';

export type NativeService = Exclude<ServiceName, 'grafana'>;
/**
 * Start order: each service's dependencies come first (Mimir ← Alloy, Prometheus ← app),
 * Loki before the app that logs to it, k6 last: it loads the app and writes to Prometheus.
 */
export const nativeStartOrder: readonly (readonly NativeService[])[] = [
  ['mimir', 'loki'],
  ['alloy', 'prometheus'],
  ['app'],
  ['k6'],
];
export const nativeServices: readonly NativeService[] = nativeStartOrder.flat();

export interface LaunchSpec {
  readonly service: NativeService;
  readonly binary: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  /** Working directory: the service's data folder, so stray relative paths land there. */
  readonly cwd: string;
  /** Version shown by `status`. */
  readonly version: string;
}

/** What else is up, where that changes how a service is launched. */
export interface LaunchContext {
  /** Loki runs (or starts with this service): the app then ships its logs over OTLP. */
  readonly logsToLoki: boolean;
}

const listen = (service: ServiceName): string => `${LOOPBACK}:${services[service].port}`;

/**
 * Prometheus answers every origin's CORS preflight by default (--web.cors.origin=.*), so any web
 * page the learner visits could read it. Browsers reach it through the site's proxy, so CORS is
 * closed: the fully anchored regex matches only an empty Origin, which a browser never sends.
 * No --web.enable-lifecycle (a cross-site POST /-/quit would stop it: reloads go by SIGHUP) and
 * no remote-write receiver (any page could inject samples with a simple POST).
 */
export const prometheusWebFlags: readonly string[] = ['--web.cors.origin=^$'];

/** Behaviour flags shared with compose.yaml (paths and listen addresses excluded). */
export const sharedFlags: Readonly<Record<NativeService, readonly string[]>> = {
  // OTLP is safe from plain cross-site posts: it takes only protobuf or JSON bodies (a preflight).
  prometheus: [...prometheusWebFlags, '--web.enable-otlp-receiver'],
  alloy: ['--disable-reporting'],
  mimir: ['-config.expand-env=true'],
  app: [],
  loki: ['-config.expand-env=true'],
  // --quiet: no progress bar, which would add a line a second to the log for a day.
  k6: ['--quiet', '--no-usage-report', '--out', 'experimental-prometheus-rw'],
};

/**
 * k6's remote-write output, set by environment as k6 documents it: trends (http_req_duration)
 * as native histograms, pushed every 5 s like the stack's scrape interval.
 */
export const k6OutputEnv: Readonly<Record<string, string>> = {
  K6_PROMETHEUS_RW_TREND_AS_NATIVE_HISTOGRAM: 'true',
  K6_PROMETHEUS_RW_PUSH_INTERVAL: '5s',
};

/** The load test the "load" profile runs, relative to stack/. */
export const k6Script = 'k6/shop.js';

export function launchSpec(
  service: NativeService,
  paths: StackPaths,
  versions: Versions,
  context: LaunchContext,
): LaunchSpec {
  const all = recipes(versions);
  const data = dataDir(paths, service);
  switch (service) {
    case 'mimir':
      return {
        service,
        binary: join(upstreamBinDir(paths, all.mimir), 'mimir'),
        args: [`-config.file=${renderedPath(paths, 'mimir')}`, ...sharedFlags.mimir],
        env: { MIMIR_DATA_DIR: data },
        cwd: data,
        version: all.mimir.version,
      };
    case 'prometheus':
      return {
        service,
        binary: join(upstreamBinDir(paths, all.prometheus), 'prometheus'),
        args: [
          `--config.file=${renderedPath(paths, 'prometheus')}`,
          `--storage.tsdb.path=${data}`,
          `--web.listen-address=${listen('prometheus')}`,
          ...sharedFlags.prometheus,
        ],
        env: {},
        cwd: data,
        version: all.prometheus.version,
      };
    case 'alloy':
      return {
        service,
        binary: join(upstreamBinDir(paths, all.alloy), 'alloy'),
        args: [
          'run',
          `--server.http.listen-addr=${listen('alloy')}`,
          `--storage.path=${data}`,
          ...sharedFlags.alloy,
          renderedPath(paths, 'alloy'),
        ],
        env: {},
        cwd: data,
        version: all.alloy.version,
      };
    case 'app':
      return {
        service,
        binary: appBinary(paths),
        args: [],
        env: {
          APP_LISTEN: listen('app'),
          OTEL_EXPORTER_OTLP_ENDPOINT: `http://${LOOPBACK}:${otlpPorts.http}`,
          OTEL_LOGS_EXPORTER: context.logsToLoki ? 'otlp' : 'none',
        },
        cwd: data,
        version: 'dev',
      };
    case 'loki':
      return {
        service,
        binary: join(upstreamBinDir(paths, all.loki), 'loki'),
        args: [`-config.file=${renderedPath(paths, 'loki')}`, ...sharedFlags.loki],
        env: { LOKI_DATA_DIR: data },
        cwd: data,
        version: all.loki.version,
      };
    case 'k6':
      return {
        service,
        binary: join(upstreamBinDir(paths, all.k6), 'k6'),
        args: ['run', `--address=${listen('k6')}`, ...sharedFlags.k6, join(paths.stackDir, k6Script)],
        env: {
          ...k6OutputEnv,
          K6_PROMETHEUS_RW_SERVER_URL: `http://${listen('prometheus')}/api/v1/write`,
          SHOP_URL: `http://${listen('app')}`,
        },
        cwd: data,
        version: all.k6.version,
      };
  }
}

/** A command-line tool the builds provide. */
export type Tool = 'promtool' | 'alloy' | 'mimir' | 'loki' | 'k6';

/** Path of a built tool next to a service binary (promtool beside prometheus). */
export const toolPath = (paths: StackPaths, versions: Versions, tool: Tool): string => {
  const all = recipes(versions);
  const recipe = tool === 'promtool' ? all.prometheus : all[tool];
  return join(upstreamBinDir(paths, recipe), tool);
};
