/**
 * The stack's services: one entry per process, the single source of their names, ports and
 * health endpoints for the stack CLI, the site's proxy, lesson front matter and the labs.
 * Every port is bound on 127.0.0.1 in both Docker and native mode.
 */
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
  /**
   * True where native mode builds it from its Go module. Where false, why not, in one clause:
   * `stack` prints it and the lessons' panels show "Docker mode only".
   */
  readonly native: true | { readonly dockerOnly: string };
  /** The optional profile that starts it; core services have none. */
  readonly profile?: ProfileName;
  /** Path of the start page of the web UI it serves on its port (native builds embed it too). */
  readonly webUi?: string;
}

const catalogue = {
  app: {
    title: 'the app',
    role: 'Gin sample app, instrumented with client_golang and OpenTelemetry',
    port: 8080,
    readyPath: '/healthz',
    native: true,
  },
  prometheus: {
    title: 'Prometheus',
    role: 'scrapes the app, writes to Mimir (tenant "prometheus")',
    port: 9090,
    readyPath: '/-/ready',
    native: true,
    webUi: '/',
  },
  alloy: {
    title: 'Alloy',
    role: 'scrapes the app, receives OTLP, writes to Mimir (tenant "alloy")',
    port: 12345,
    readyPath: '/-/ready',
    native: true,
    webUi: '/',
  },
  mimir: {
    title: 'Mimir',
    role: 'long-term, multi-tenant metrics storage with a Prometheus-compatible API',
    port: 9009,
    readyPath: '/ready',
    native: true,
  },
  grafana: {
    title: 'Grafana',
    role: 'dashboards over Mimir and Prometheus (Docker mode only)',
    port: 3000,
    readyPath: '/api/health',
    native: {
      dockerOnly:
        'Grafana server cannot be built from its Go module (in-repo modules, and it needs its built frontend)',
    },
  },
  loki: {
    title: 'Loki',
    role: 'stores the app\'s logs, received over OTLP through Alloy (profile "logs")',
    port: 3100,
    readyPath: '/ready',
    native: { dockerOnly: agplModule('Loki') },
    profile: 'logs',
  },
  k6: {
    title: 'k6',
    role: 'runs a steady load test on the app, metrics to Mimir (tenant "prometheus", profile "load")',
    // k6's REST API, which also answers while the test runs.
    port: 6565,
    readyPath: '/v1/status',
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

/**
 * Why a service runs in Docker mode only and the commands that start it there; undefined for
 * a service native mode runs. The stack CLI and the lessons' panels say the same.
 */
export function dockerOnly(service: ServiceName): { why: string; command: string } | undefined {
  const { native, profile } = services[service];
  if (native === true) return undefined;
  const up = `npm run stack -- up --mode docker${profile ? ` --profile ${profile}` : ''}`;
  return { why: native.dockerOnly, command: up };
}

/** Why there is no native build: the project's licence policy rules AGPL Go modules out. */
function agplModule(name: string): string {
  return `${name}'s Go module is AGPL-licensed, which this project does not build; Docker mode runs its official image`;
}

/** Services every `up` starts: those in no profile. */
export const coreServices: readonly ServiceName[] = serviceNames.filter((s) => !services[s].profile);

/** The command that starts a service: its profile's, for optional ones. */
export const startCommand = (service: ServiceName): string => {
  const profile = services[service].profile;
  return profile ? `npm run stack -- up --profile ${profile}` : 'npm run stack -- up';
};

/** The services a profile adds. */
export const profileServices = (profile: ProfileName): ServiceName[] =>
  serviceNames.filter((s) => services[s].profile === profile);

/** Alloy's OTLP receiver ports (gRPC, HTTP), where the app exports OpenTelemetry metrics. */
export const otlpPorts = { grpc: 4317, http: 4318 } as const;

/**
 * Ports a service listens on besides its HTTP port, checked for a clash before anything
 * starts. Mimir's gRPC and memberlist listeners stay on 127.0.0.1 (stack/mimir/mimir.yaml).
 */
export const extraPorts: Readonly<
  Record<ServiceName, readonly { readonly name: string; readonly port: number }[]>
> = {
  app: [],
  prometheus: [],
  alloy: [
    { name: 'OTLP gRPC', port: otlpPorts.grpc },
    { name: 'OTLP HTTP', port: otlpPorts.http },
  ],
  mimir: [
    { name: 'gRPC', port: 9095 },
    { name: 'memberlist', port: 7946 },
  ],
  grafana: [],
  loki: [{ name: 'gRPC', port: 9096 }],
  k6: [],
};

/**
 * Mimir tenants the stack writes to: one per write path, so lessons can compare them.
 * Prometheus remote_write, Alloy's scrape and the app's OTLP (relayed by Alloy). k6 (profile
 * "load") writes into Prometheus' tenant, beside the app's metrics it is compared with.
 */
export const tenants = { prometheus: 'prometheus', alloy: 'alloy', otel: 'otel' } as const;
export type Tenant = (typeof tenants)[keyof typeof tenants];

/** Loki's one tenant (stack/loki/loki.yaml runs with auth_enabled): Alloy writes to it, panels read it. */
export const lokiTenant = 'logs';
