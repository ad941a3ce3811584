/**
 * The stack's services: one entry per process, the single source of every per-service fact
 * (names, ports, health endpoints and timeouts, dependencies, stop grace, config files, version
 * pins, profiles, which mode runs it) for the stack CLI, the site's proxy, lesson front matter
 * and the labs.
 * Every port is bound on 127.0.0.1 in both Docker and native mode.
 */
/** The one address the stack binds, in both modes, and the address everything talks to it on. */
export const LOOPBACK = '127.0.0.1';

export const serviceNames = ['app', 'prometheus', 'alloy', 'mimir', 'grafana', 'loki', 'k6'] as const;
export type ServiceName = (typeof serviceNames)[number];

/**
 * Optional profiles, as in compose.yaml: started only when asked for (`up --profile logs`),
 * so the core stack stays small. "logs": Loki, and the app ships its logs over OTLP through
 * Alloy. "load": k6 runs a steady load test on the app and remote-writes its metrics.
 */
export const profileNames = ['logs', 'load'] as const;
export type ProfileName = (typeof profileNames)[number];

export interface ServiceInfo {
  /** Its name in a sentence: "Prometheus", "the app". */
  readonly title: string;
  /** What the service does, in one line a learner understands. */
  readonly role: string;
  /** The HTTP port its UI/API listens on. */
  readonly port: number;
  /** A path that answers 200 once the service is ready. */
  readonly readyPath: string;
  /** How long it may take to answer `readyPath` after it starts. */
  readonly readyTimeoutMs: number;
  /**
   * The services it needs running, started with it in both modes (compose.yaml's depends_on
   * says the same; a unit test compares them).
   */
  readonly dependencies: readonly ServiceName[];
  /** Ports it listens on besides `port`, checked for a clash before anything starts. */
  readonly extraPorts: readonly { readonly name: string; readonly port: number }[];
  /**
   * True where native mode builds it from its Go module. Where false, why not, in one clause:
   * `stack` prints it and the lessons' panels show "Docker mode only".
   */
  readonly native: true | { readonly dockerOnly: string };
  /** The optional profile that starts it; core services have none. */
  readonly profile?: ProfileName;
  /** Path of the start page of the web UI it serves on its port (native builds embed it too). */
  readonly webUi?: string;
  /**
   * The stack/versions.env variable that pins its release: compose.yaml's image tag and what
   * `status` shows. None for the app, which is built from this repository.
   */
  readonly versionVariable?: string;
  /** Native mode only: SIGTERM grace before SIGKILL when it stops. */
  readonly stopGraceMs?: number;
  /**
   * Native mode only: its config under stack/, which native mode renders with 127.0.0.1 hosts
   * (scripts/stack/native/render.ts); compose.yaml mounts the same file.
   */
  readonly configFile?: string;
  /**
   * Files that config names (rule files), under stack/: native mode renders them the same way
   * beside it, and compose.yaml mounts them beside it.
   */
  readonly companionFiles?: readonly string[];
}

/** Alloy's OTLP receiver ports (gRPC, HTTP), where the app exports OpenTelemetry metrics. */
export const otlpPorts = { grpc: 4317, http: 4318 } as const;

const catalogue = {
  app: {
    title: 'the app',
    role: 'Gin sample app, instrumented with client_golang and OpenTelemetry',
    port: 8080,
    readyPath: '/healthz',
    readyTimeoutMs: 30_000,
    // It exports its OTLP metrics (and logs, with profile "logs") to Alloy.
    dependencies: ['alloy'],
    extraPorts: [],
    native: true,
    stopGraceMs: 10_000,
  },
  prometheus: {
    title: 'Prometheus',
    versionVariable: 'PROMETHEUS_VERSION',
    role: 'scrapes the app, writes to Mimir (tenant "prometheus")',
    port: 9090,
    readyPath: '/-/ready',
    readyTimeoutMs: 60_000,
    // It remote-writes everything it scrapes to Mimir.
    dependencies: ['mimir'],
    extraPorts: [],
    native: true,
    webUi: '/',
    stopGraceMs: 15_000,
    configFile: 'prometheus/prometheus.yml',
    companionFiles: ['prometheus/rules/meta-monitoring.yml'],
  },
  alloy: {
    title: 'Alloy',
    versionVariable: 'ALLOY_VERSION',
    role: 'scrapes the app, receives OTLP, writes to Mimir (tenant "alloy")',
    port: 12345,
    readyPath: '/-/ready',
    readyTimeoutMs: 90_000,
    dependencies: ['mimir'],
    extraPorts: [
      { name: 'OTLP gRPC', port: otlpPorts.grpc },
      { name: 'OTLP HTTP', port: otlpPorts.http },
    ],
    native: true,
    webUi: '/',
    stopGraceMs: 15_000,
    configFile: 'alloy/config.alloy',
  },
  mimir: {
    title: 'Mimir',
    versionVariable: 'MIMIR_VERSION',
    role: 'long-term, multi-tenant metrics storage with a Prometheus-compatible API',
    port: 9009,
    readyPath: '/ready',
    readyTimeoutMs: 120_000,
    dependencies: [],
    // Its gRPC and memberlist listeners stay on 127.0.0.1 (stack/mimir/mimir.yaml).
    extraPorts: [
      { name: 'gRPC', port: 9095 },
      { name: 'memberlist', port: 7946 },
    ],
    native: true,
    // Mimir closes its TSDB heads and WAL on the way out.
    stopGraceMs: 30_000,
    configFile: 'mimir/mimir.yaml',
  },
  grafana: {
    title: 'Grafana',
    versionVariable: 'GRAFANA_VERSION',
    role: 'dashboards over Mimir and Prometheus (Docker mode only)',
    port: 3000,
    readyPath: '/api/health',
    readyTimeoutMs: 120_000,
    dependencies: ['mimir', 'prometheus'],
    extraPorts: [],
    native: {
      dockerOnly:
        'Grafana server cannot be built from its Go module (in-repo modules, and it needs its built frontend)',
    },
  },
  loki: {
    title: 'Loki',
    versionVariable: 'LOKI_VERSION',
    role: 'stores the app\'s logs, received over OTLP through Alloy (profile "logs")',
    port: 3100,
    readyPath: '/ready',
    readyTimeoutMs: 90_000,
    // Logs reach Loki from the app through Alloy's OTLP receiver.
    dependencies: ['alloy', 'app'],
    extraPorts: [{ name: 'gRPC', port: 9096 }],
    native: { dockerOnly: agplModule('Loki') },
    profile: 'logs',
  },
  k6: {
    title: 'k6',
    versionVariable: 'K6_VERSION',
    role: 'runs a steady load test on the app, metrics to Mimir (tenant "prometheus", profile "load")',
    // k6's REST API, which also answers while the test runs.
    port: 6565,
    readyPath: '/v1/status',
    readyTimeoutMs: 30_000,
    dependencies: ['app', 'mimir'],
    extraPorts: [],
    native: { dockerOnly: agplModule('k6') },
    profile: 'load',
  },
} as const satisfies Readonly<Record<ServiceName, ServiceInfo>>;

export const services: Readonly<Record<ServiceName, ServiceInfo>> = catalogue;

/** Services native mode runs: those it builds from their Go modules. */
export type NativeService = {
  [S in ServiceName]: (typeof catalogue)[S]['native'] extends true ? S : never;
}[ServiceName];
export const isNative = (service: ServiceName): service is NativeService => services[service].native === true;

/** Native mode's SIGTERM grace before SIGKILL for a service it runs. */
export const stopGraceMs = (service: NativeService): number => catalogue[service].stopGraceMs;

/** Services whose config native mode renders, and where that config lives under stack/. */
export type ConfiguredService = {
  [S in ServiceName]: (typeof catalogue)[S] extends { readonly configFile: string } ? S : never;
}[ServiceName];
export const configFiles = Object.fromEntries(
  serviceNames.flatMap((s) => {
    const file = services[s].configFile;
    return file === undefined ? [] : [[s, file]];
  }),
) as Readonly<Record<ConfiguredService, string>>;

/** Every companion file of every configured service, under stack/. */
export const companionFiles: readonly string[] = serviceNames.flatMap(
  (s) => services[s].companionFiles ?? [],
);

/** Ports each service listens on besides its HTTP port, by service. */
export const extraPorts: Readonly<Record<ServiceName, ServiceInfo['extraPorts']>> = Object.fromEntries(
  serviceNames.map((s) => [s, services[s].extraPorts]),
) as Record<ServiceName, ServiceInfo['extraPorts']>;

/**
 * Why a service runs in Docker mode only and the commands that start it there; undefined for
 * a service native mode runs. The stack CLI and the lessons' panels say the same.
 */
export function dockerOnly(service: ServiceName): { why: string; command: string } | undefined {
  const { native } = services[service];
  if (native === true) return undefined;
  return { why: native.dockerOnly, command: startCommand(service) };
}

/** Why there is no native build: the project's licence policy rules AGPL Go modules out. */
function agplModule(name: string): string {
  return `${name}'s Go module is AGPL-licensed, which this project does not build; Docker mode runs its official image`;
}

/** Services every `up` starts: those in no profile. */
export const coreServices: readonly ServiceName[] = serviceNames.filter((s) => !services[s].profile);

/**
 * The command that starts a service: its profile's, for optional ones, and in Docker mode for
 * one native mode does not run.
 */
export const startCommand = (service: ServiceName): string => {
  const { native, profile } = services[service];
  const mode = native === true ? '' : ' --mode docker';
  return `npm run stack -- up${mode}${profile ? ` --profile ${profile}` : ''}`;
};

/** The services a profile adds. */
export const profileServices = (profile: ProfileName): ServiceName[] =>
  serviceNames.filter((s) => services[s].profile === profile);

/**
 * Mimir tenants the stack writes to: one per write path, so lessons can compare them.
 * Prometheus remote_write, Alloy's scrape and the app's OTLP (relayed by Alloy). k6 (profile
 * "load") writes into Prometheus' tenant, beside the app's metrics it is compared with.
 */
export const tenants = { prometheus: 'prometheus', alloy: 'alloy', otel: 'otel' } as const;
export type Tenant = (typeof tenants)[keyof typeof tenants];

/**
 * A classroom's tenant (`npm run classroom -- start`): one per classroom, named after its id,
 * which the gateway alone sets on the learners' writes and the instructor's board reads.
 */
export const classroomIdPattern = /^[a-z2-7]{8}$/;
export type ClassroomTenant = `classroom-${string}`;
export const classroomTenant = (id: string): ClassroomTenant => `classroom-${id}`;
export const isClassroomTenant = (name: string): name is ClassroomTenant =>
  name.startsWith('classroom-') && classroomIdPattern.test(name.slice('classroom-'.length));

/** The header that carries a Mimir (and Loki) tenant on every request that reads or writes it. */
export const tenantHeader = 'X-Scope-OrgID';

/** Loki's one tenant (stack/loki/loki.yaml runs with auth_enabled): Alloy writes to it, panels read it. */
export const lokiTenant = 'logs';
