/**
 * How each service is started natively: binary, flags and environment. The flags that
 * shape behaviour match compose.yaml's (a unit test compares them); only paths and listen
 * addresses differ.
 */
import { join } from 'node:path';
import type { NativeService, ServiceName } from '../../../stack/services.ts';
import { isNative, LOOPBACK, otlpPorts, serviceNames, services } from '../../../stack/services.ts';
import type { StackPaths } from '../paths.ts';
import { dataDir } from '../paths.ts';
import type { Versions } from '../versions.ts';
import { recipes, type UpstreamName } from './components.ts';
import { renderedPath } from './render.ts';
import { appBinary, upstreamBinDir } from './build.ts';

export type { NativeService };
/**
 * Waves of services that start together, each after the waves holding the native services it
 * depends on (stack/services.ts `dependencies`); docker-only dependencies do not run natively.
 */
export function startWaves(native: readonly NativeService[]): NativeService[][] {
  const waves: NativeService[][] = [];
  const started = new Set<ServiceName>();
  let pending = [...native];
  while (pending.length > 0) {
    const wave = pending.filter((s) =>
      services[s].dependencies.every((d) => started.has(d) || !native.includes(d as NativeService)),
    );
    if (wave.length === 0)
      throw new Error(`stack/services.ts: the dependencies of ${pending.join(', ')} form a cycle`);
    waves.push(wave);
    for (const s of wave) started.add(s);
    pending = pending.filter((s) => !wave.includes(s));
  }
  return waves;
}

/** Start order: Mimir, then Prometheus and Alloy (they write to it), then the app (it exports to Alloy). */
export const nativeStartOrder: readonly (readonly NativeService[])[] = startWaves(
  serviceNames.filter(isNative),
);
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
  // Exemplar storage is still a feature flag in 3.16: without it, scrapes drop the app's trace
  // ids and `send_exemplars` has nothing to send.
  prometheus: [...prometheusWebFlags, '--web.enable-otlp-receiver', '--enable-feature=exemplar-storage'],
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
        // runtime.yaml names no host, so Mimir reads the source itself and sees each edit (10 s).
        env: { MIMIR_DATA_DIR: data, MIMIR_CONFIG_DIR: join(paths.stackDir, 'mimir') },
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
          // Logs go to Loki, which runs in Docker mode only.
          OTEL_LOGS_EXPORTER: 'none',
        },
        cwd: data,
        version: 'dev',
      };
  }
}

/** A command-line tool the builds provide. */
export type Tool = 'promtool' | 'alloy' | 'mimir';
/** A binary the upstream builds provide: a tool, or the prometheus server beside promtool. */
export type UpstreamBinary = Tool | 'prometheus';

/** The upstream component whose build provides a binary (promtool comes with prometheus). */
export const toolComponent = (binary: UpstreamBinary): UpstreamName =>
  binary === 'promtool' ? 'prometheus' : binary;

/** Path of a built tool next to a service binary (promtool beside prometheus). */
export const toolPath = (paths: StackPaths, versions: Versions, tool: UpstreamBinary): string =>
  join(upstreamBinDir(paths, recipes(versions)[toolComponent(tool)]), tool);
