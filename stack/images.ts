/**
 * What each image compose.yaml runs looks like upstream: base, user, entrypoint, the tools it
 * carries. One entry per image, each with the upstream file it was read from. compose.yaml's
 * healthchecks are checked against `tools` (a healthcheck that names a missing binary can never
 * pass), and the test harness builds its stand-in images from this table and nothing else
 * (scripts/docker-harness/).
 */
/** The versions.env pins the references are made of (scripts/stack/versions.ts validates the file). */
type Pins = Readonly<
  Record<
    | 'PROMETHEUS_VERSION'
    | 'ALLOY_VERSION'
    | 'MIMIR_VERSION'
    | 'LOKI_VERSION'
    | 'K6_VERSION'
    | 'GRAFANA_VERSION'
    | 'GO_IMAGE'
    | 'RUNTIME_IMAGE',
    string
  >
>;

/** Set on every image the test harness builds; the CLI refuses to run a learner's stack on one. */
export const STAND_IN_LABEL = 'workshop.stand-in';

/** The stack binary a stand-in copies in, from the native build (.stack/bin) or the machine's Go. */
export type StandInBinary = 'prometheus' | 'promtool' | 'alloy' | 'mimir' | 'go';

/** The root filesystems a stand-in can be built on, each from Debian packages. */
export type StandInBase =
  /** busybox-static with applet links for exactly the `tools` listed. */
  | 'busybox'
  /** Debian bookworm minbase (mmdebstrap): bash, coreutils, grep, glibc. */
  | 'debian'
  /** distroless-like: passwd, group, CA certificates, tzdata, /tmp; no shell, no libc. */
  | 'distroless-static';

export interface UpstreamImage {
  /** Full reference, from the pinned versions. */
  readonly ref: (v: Pins) => string;
  /** The compose services that run it (`app` runs the runtime image its Dockerfile builds on). */
  readonly services: readonly string[];
  /** Upstream's base, in one phrase. */
  readonly upstreamBase: string;
  readonly standInBase: StandInBase;
  /** USER; undefined runs as root. */
  readonly user?: string;
  readonly entrypoint: readonly string[];
  readonly cmd: readonly string[];
  readonly workdir?: string;
  readonly env: Readonly<Record<string, string>>;
  readonly exposedPorts: readonly number[];
  readonly volumes: readonly string[];
  /** Executables on PATH inside the image (besides `binaries`); a healthcheck may use only these. */
  readonly tools: readonly string[];
  /** Binaries at upstream's paths. */
  readonly binaries: readonly { readonly path: string; readonly from: StandInBinary }[];
  /** Directories upstream creates, with owner and mode. */
  readonly directories: readonly { readonly path: string; readonly owner: string; readonly mode: string }[];
  /** Users upstream's image defines, beyond root. */
  readonly users: readonly { readonly name: string; readonly uid: number; readonly home: string }[];
  /** Where the facts come from: repository, file, version, lines. */
  readonly source: string;
  /** Whether the harness can build a stand-in, or why not. */
  readonly standIn: true | { readonly no: string };
}

const busyboxTools = ['sh', 'wget', 'cat', 'ls', 'grep', 'head', 'ps', 'tar', 'vi'] as const;

export const images = {
  prometheus: {
    ref: (v) => `prom/prometheus:${v.PROMETHEUS_VERSION}`,
    services: ['prometheus'],
    upstreamBase: 'quay.io/prometheus/busybox (glibc busybox)',
    standInBase: 'busybox',
    user: 'nobody',
    entrypoint: ['/bin/prometheus'],
    cmd: ['--config.file=/etc/prometheus/prometheus.yml', '--storage.tsdb.path=/prometheus'],
    workdir: '/prometheus',
    env: {},
    exposedPorts: [9090],
    volumes: ['/prometheus'],
    tools: busyboxTools,
    binaries: [
      { path: '/bin/prometheus', from: 'prometheus' },
      { path: '/bin/promtool', from: 'promtool' },
    ],
    directories: [
      { path: '/etc/prometheus', owner: '65534:65534', mode: '755' },
      { path: '/prometheus', owner: '65534:65534', mode: '775' },
    ],
    users: [{ name: 'nobody', uid: 65534, home: '/home' }],
    source: 'prometheus/prometheus Dockerfile @ v3.16.0 (module v0.316.0), lines 1-32',
    standIn: true,
  },
  alloy: {
    ref: (v) => `grafana/alloy:${v.ALLOY_VERSION}`,
    services: ['alloy', 'alloy-convert'],
    upstreamBase: 'public.ecr.aws/ubuntu/ubuntu:noble + ca-certificates, libsystemd0, tzdata',
    standInBase: 'debian',
    entrypoint: ['/bin/alloy'],
    cmd: ['run', '/etc/alloy/config.alloy', '--storage.path=/var/lib/alloy/data'],
    env: { ALLOY_DEPLOY_MODE: 'docker' },
    exposedPorts: [],
    volumes: [],
    tools: ['sh', 'bash', 'cat', 'ls', 'grep', 'head', 'tail', 'sed'],
    binaries: [{ path: '/bin/alloy', from: 'alloy' }],
    directories: [{ path: '/var/lib/alloy/data', owner: '473:473', mode: '770' }],
    users: [{ name: 'alloy', uid: 473, home: '/home/alloy' }],
    source: 'grafana/alloy Dockerfile @ v1.11.0, lines 41-76 (the alloy user exists but is not the default)',
    standIn: true,
  },
  mimir: {
    ref: (v) => `grafana/mimir:${v.MIMIR_VERSION}`,
    services: ['mimir'],
    upstreamBase: 'gcr.io/distroless/static-debian13 (root variant; debian13 since 3.1.1, CHANGELOG #15629)',
    standInBase: 'distroless-static',
    entrypoint: ['/bin/mimir'],
    cmd: [],
    env: {},
    exposedPorts: [8080],
    volumes: [],
    tools: [],
    binaries: [{ path: '/bin/mimir', from: 'mimir' }],
    directories: [],
    users: [{ name: 'nonroot', uid: 65532, home: '/home/nonroot' }],
    source:
      'grafana/mimir cmd/mimir/Dockerfile @ aced80d (the native module commit), lines 5-21; the release-3.1 image differs only in its Debian base',
    standIn: true,
  },
  loki: {
    ref: (v) => `grafana/loki:${v.LOKI_VERSION}`,
    services: ['loki'],
    upstreamBase: 'gcr.io/distroless/static:nonroot (busybox removed in 3.6.0, grafana/loki#19502)',
    standInBase: 'distroless-static',
    user: '10001',
    entrypoint: ['/usr/bin/loki'],
    cmd: ['-config.file=/etc/loki/local-config.yaml'],
    env: {},
    exposedPorts: [3100],
    volumes: [],
    tools: [],
    binaries: [],
    directories: [{ path: '/loki', owner: '10001:10001', mode: '755' }],
    users: [{ name: 'nonroot', uid: 65532, home: '/home/nonroot' }],
    source: 'grafana/loki cmd/loki/Dockerfile @ v3.7.x, lines 20-32',
    standIn: { no: 'Loki is AGPL-licensed: this project never builds its binary' },
  },
  k6: {
    ref: (v) => `grafana/k6:${v.K6_VERSION}`,
    services: ['k6'],
    upstreamBase: 'alpine:3.23 (busybox)',
    standInBase: 'busybox',
    user: '12345',
    entrypoint: ['k6'],
    cmd: [],
    workdir: '/home/k6',
    env: {},
    exposedPorts: [],
    volumes: [],
    tools: busyboxTools,
    binaries: [],
    directories: [],
    users: [{ name: 'k6', uid: 12345, home: '/home/k6' }],
    source: 'grafana/k6 Dockerfile @ v1.8.1, lines 9-17',
    standIn: { no: 'k6 is AGPL-licensed: this project never builds its binary' },
  },
  grafana: {
    ref: (v) => `grafana/grafana:${v.GRAFANA_VERSION}`,
    services: ['grafana'],
    upstreamBase: 'alpine (bash, curl, busybox)',
    standInBase: 'busybox',
    user: '472',
    entrypoint: ['/run.sh'],
    cmd: [],
    workdir: '/usr/share/grafana',
    env: { GF_PATHS_PROVISIONING: '/etc/grafana/provisioning', GF_PATHS_DATA: '/var/lib/grafana' },
    exposedPorts: [3000],
    volumes: [],
    tools: [...busyboxTools, 'bash', 'curl'],
    binaries: [],
    directories: [{ path: '/var/lib/grafana', owner: '472:0', mode: '777' }],
    users: [{ name: 'grafana', uid: 472, home: '/usr/share/grafana' }],
    source: 'grafana/grafana Dockerfile (main, 2025; 13.2.2 not readable here)',
    standIn: { no: 'Grafana is AGPL-licensed: this project never builds its binary' },
  },
  goBuild: {
    ref: (v) => v.GO_IMAGE,
    services: [],
    upstreamBase: 'buildpack-deps:bookworm-scm + g++, gcc, libc6-dev, make, pkg-config; Go at /usr/local/go',
    standInBase: 'debian',
    entrypoint: [],
    cmd: ['bash'],
    workdir: '/go',
    env: {
      GOLANG_VERSION: '1.26.8',
      GOTOOLCHAIN: 'local',
      GOPATH: '/go',
      PATH: '/go/bin:/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    },
    exposedPorts: [],
    volumes: [],
    tools: ['sh', 'bash', 'cat', 'ls', 'grep', 'head', 'tail', 'sed'],
    binaries: [{ path: '/usr/local/go', from: 'go' }],
    directories: [{ path: '/go', owner: '0:0', mode: '1777' }],
    users: [],
    source: 'docker-library/golang 1.26/bookworm/Dockerfile',
    standIn: true,
  },
  runtime: {
    ref: (v) => v.RUNTIME_IMAGE,
    services: ['app'],
    upstreamBase: 'gcr.io/distroless/static-debian13:nonroot',
    standInBase: 'distroless-static',
    user: '65532',
    entrypoint: [],
    cmd: [],
    workdir: '/home/nonroot',
    env: {},
    exposedPorts: [],
    volumes: [],
    tools: [],
    binaries: [],
    directories: [],
    users: [{ name: 'nonroot', uid: 65532, home: '/home/nonroot' }],
    source: 'GoogleContainerTools/distroless base/README.md and base/base.bzl (static, nonroot)',
    standIn: true,
  },
} as const satisfies Record<string, UpstreamImage>;

export type ImageName = keyof typeof images;
