/**
 * Whether Docker mode can run here: the client, a daemon that answers, Compose v2 and a buildx
 * that Compose's build accepts. Each problem comes with what to install.
 */
import { run } from './exec.ts';

export interface DockerInfo {
  /** The daemon answers `docker info`. */
  readonly daemon: boolean;
  /** `docker compose version --short`, or undefined without the plugin. */
  readonly compose: string | undefined;
  /** `docker buildx version`'s version (v0.17.1), or undefined without the plugin. */
  readonly buildx: string | undefined;
  /** `docker --version`, or undefined without the client. */
  readonly client: string | undefined;
  /** The daemon's Engine version (`docker info`'s ServerVersion), when it answers. */
  readonly engine: string | undefined;
  /** Why Docker mode can't run, when it can't. */
  readonly problem: string | undefined;
}

/** Compose's build hands off to buildx and refuses older ones (compose v2.40 pkg/compose/build_bake.go). */
export const minBuildx = [0, 17] as const;

const numbers = (version: string): number[] | undefined => {
  const match = /^v?(\d+)\.(\d+)/.exec(version.trim());
  return match ? [Number(match[1]), Number(match[2])] : undefined;
};

/** What is wrong with `docker compose version --short`'s answer (undefined: no plugin), if anything. */
export function composeProblem(short: string | undefined): string | undefined {
  if (!short)
    return 'the docker compose plugin (Compose v2) is missing: install docker-compose-plugin, or Docker Desktop';
  // Only Compose v2 is a `docker compose` plugin at all; a source build reports "dev".
  const major = numbers(short)?.[0];
  if (major !== undefined && major < 2)
    return `docker compose ${short} is older than Compose v2: install docker-compose-plugin 2.x, or Docker Desktop`;
  return undefined;
}

/** The version in `docker buildx version`'s line ("github.com/docker/buildx v0.17.1 8c2a3d7"). */
export function buildxVersion(output: string): string | undefined {
  return /\bv?(\d+\.\d+\.\d+\S*)/.exec(output)?.[0];
}

/** What is wrong with the buildx plugin (undefined: none found), if anything. */
export function buildxProblem(version: string | undefined): string | undefined {
  const want = `${minBuildx[0]}.${minBuildx[1]}`;
  const install = `install the buildx plugin ${want} or newer (docker-buildx-plugin, or Docker Desktop)`;
  if (!version)
    return `the docker buildx plugin is missing, which docker compose needs to build the app: ${install}`;
  const [major = 0, minor = 0] = numbers(version) ?? [];
  if (major < minBuildx[0] || (major === minBuildx[0] && minor < minBuildx[1]))
    return `docker buildx ${version} is too old for docker compose's build (it needs ${want}): ${install}`;
  return undefined;
}

const firstLine = (text: string): string => text.trim().split('\n')[0] ?? '';

export async function dockerInfo(): Promise<DockerInfo> {
  const client = await run('docker', ['--version'], { timeoutMs: 10_000 });
  if (client.code !== 0)
    return {
      daemon: false,
      compose: undefined,
      buildx: undefined,
      client: undefined,
      engine: undefined,
      problem: 'the docker command is not installed',
    };
  const [compose, buildx, info] = await Promise.all([
    run('docker', ['compose', 'version', '--short'], { timeoutMs: 10_000 }),
    run('docker', ['buildx', 'version'], { timeoutMs: 10_000 }),
    // A daemon busy removing containers can take a while to answer.
    run('docker', ['info', '--format', '{{.ServerVersion}}'], { timeoutMs: 30_000 }),
  ]);
  const composeVersion = compose.code === 0 ? compose.stdout.trim() || undefined : undefined;
  const buildxFound = buildx.code === 0 ? buildxVersion(buildx.stdout) : undefined;
  const problem =
    info.code !== 0
      ? `no Docker daemon answers (docker info: ${firstLine(info.stderr || info.error || `exit ${info.code}`)}): start Docker, or Docker Desktop`
      : (composeProblem(composeVersion) ?? buildxProblem(buildxFound));
  return {
    daemon: info.code === 0,
    compose: composeVersion,
    buildx: buildxFound,
    client: client.stdout.trim(),
    engine: info.code === 0 ? info.stdout.trim() : undefined,
    problem,
  };
}
