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
/** Start order: each service's dependencies come first (Mimir ← Alloy, Prometheus ← app). */
export const nativeStartOrder: readonly (readonly NativeService[])[] = [
  ['mimir'],
  ['alloy', 'prometheus'],
  ['app'],
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

const listen = (service: ServiceName): string => `${LOOPBACK}:${services[service].port}`;

/** Behaviour flags shared with compose.yaml (paths and listen addresses excluded). */
export const sharedFlags: Readonly<Record<NativeService, readonly string[]>> = {
  prometheus: ['--web.enable-lifecycle', '--web.enable-remote-write-receiver', '--web.enable-otlp-receiver'],
  alloy: ['--disable-reporting'],
  mimir: ['-config.expand-env=true'],
  app: [],
};

export function launchSpec(service: NativeService, paths: StackPaths, versions: Versions): LaunchSpec {
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
        },
        cwd: data,
        version: 'dev',
      };
  }
}

/** Path of a built tool next to a service binary (promtool beside prometheus). */
export const toolPath = (
  paths: StackPaths,
  versions: Versions,
  tool: 'promtool' | 'alloy' | 'mimir',
): string => {
  const all = recipes(versions);
  const recipe = tool === 'promtool' ? all.prometheus : all[tool];
  return join(upstreamBinDir(paths, recipe), tool);
};
