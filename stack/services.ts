/**
 * The stack's services: one entry per process, the single source of their names, ports and
 * health endpoints for the stack CLI, the site's proxy, lesson front matter and the labs.
 * Every port is bound on 127.0.0.1 in both Docker and native mode.
 */
export const serviceNames = ['app', 'prometheus', 'alloy', 'mimir', 'grafana'] as const;
export type ServiceName = (typeof serviceNames)[number];

export interface ServiceInfo {
  /** What the service does, in one line a learner understands. */
  readonly role: string;
  /** The HTTP port its UI/API listens on. */
  readonly port: number;
  /** A path that answers 200 once the service is ready. */
  readonly readyPath: string;
  /** False where the service cannot be built from Go modules (Grafana server). */
  readonly native: boolean;
}

export const services: Readonly<Record<ServiceName, ServiceInfo>> = {
  app: {
    role: 'Gin sample app, instrumented with client_golang and OpenTelemetry',
    port: 8080,
    readyPath: '/healthz',
    native: true,
  },
  prometheus: {
    role: 'scrapes the app, writes to Mimir (tenant "prometheus")',
    port: 9090,
    readyPath: '/-/ready',
    native: true,
  },
  alloy: {
    role: 'scrapes the app, receives OTLP, writes to Mimir (tenant "alloy")',
    port: 12345,
    readyPath: '/-/ready',
    native: true,
  },
  mimir: {
    role: 'long-term, multi-tenant metrics storage with a Prometheus-compatible API',
    port: 9009,
    readyPath: '/ready',
    native: true,
  },
  grafana: {
    role: 'dashboards over Mimir and Prometheus (Docker mode only)',
    port: 3000,
    readyPath: '/api/health',
    native: false,
  },
};

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
};

/**
 * Mimir tenants the stack writes to: one per write path, so lessons can compare them.
 * Prometheus remote_write, Alloy's scrape and the app's OTLP (relayed by Alloy).
 */
export const tenants = { prometheus: 'prometheus', alloy: 'alloy', otel: 'otel' } as const;
export type Tenant = (typeof tenants)[keyof typeof tenants];
