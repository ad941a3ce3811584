/**
 * A lab's own Prometheus or Alloy on a lab port, with a config the learner wrote (or the
 * checker generated), run as tools.ts decides. Configs use the stack's host names (mimir:9009,
 * app:8080) like every config in stack/. Natively it runs from the stack's binary on a rendered
 * copy with 127.0.0.1, exactly as the native stack's own configs do; in Docker mode it runs in
 * the pinned image as container workshop-lab-<lab>-<name> on the compose project's network,
 * where those names resolve as written, published on 127.0.0.1 only. Line numbers are kept, so
 * the tools' file:line messages point into the learner's file.
 */
import { randomBytes, createHash } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { prometheusWebFlags, rewriteHosts, run, sharedFlags, stackPaths } from '../../scripts/stack/index.ts';
import {
  composeNetwork,
  dockerEnv,
  dockerRunArgs,
  imageStatus,
  learnerUser,
  networkExists,
} from './docker-run.ts';
import type { EnsureResult, ProcessSpec } from './processes.ts';
import { ensureProcess, labHome } from './processes.ts';
import type { ImageTool, NativeTool } from './tools.ts';
import { tool } from './tools.ts';
import type { Fail } from './verdict.ts';
import { fail } from './verdict.ts';

const sha = (...parts: string[]): string => createHash('sha256').update(parts.join('\0')).digest('hex');

/** The label a lab Prometheus adds to everything it sends, to tell this run's series apart. */
export const RUN_LABEL = 'workshop_run';

/** Adds global.external_labels[label] = value to a Prometheus config, keeping the rest (and its lines) as written. */
export function withExternalLabel(configText: string, label: string, value: string): string {
  const doc = parseDocument(configText);
  if (doc.errors.length > 0) return configText;
  doc.setIn(['global', 'external_labels', label], value);
  return doc.toString();
}

export interface LabProcess {
  readonly result: EnsureResult;
  /** The rendered config the process runs. */
  readonly configFile: string;
  /** Run id baked into the config (Prometheus only). */
  readonly runId: string | undefined;
}

/** What differs between the two servers a lab runs: which binary, its config file and flags. */
interface ServerSpec {
  readonly tool: 'prometheus' | 'alloy';
  readonly configName: string;
  /** Its arguments, listening on `listen` (host:port). */
  readonly args: (home: string, configFile: string, listen: string) => string[];
  readonly readyTimeoutMs?: number;
  /**
   * Start every new process on an empty data folder: what it stores is then made by the config
   * it runs now, never by an earlier config's process (a TSDB keeps old series for hours).
   */
  readonly freshStorage?: boolean;
}

/** The server's data folder (TSDB or WAL), under its home. */
const dataDir = (home: string): string => join(home, 'data');

/** The data folder of a lab's server `name`: where its TSDB lives (or is backfilled into). */
export const labServerDataDir = (labId: string, name: string): string => dataDir(join(labHome(labId), name));

interface ServerRun {
  readonly labId: string;
  readonly name: string;
  readonly port: number;
  readonly spec: ServerSpec;
  readonly configText: string;
  readonly runId?: string;
  readonly prepare?: (config: string) => string;
}

/** The part of the process spec both ways of running a server share. */
function commonSpec(server: ServerRun, home: string, configFile: string, config: string) {
  return {
    labId: server.labId,
    name: server.name,
    cwd: home,
    port: server.port,
    readyPath: '/-/ready',
    meta: server.runId === undefined ? {} : { runId: server.runId },
    ...(server.spec.readyTimeoutMs === undefined ? {} : { readyTimeoutMs: server.spec.readyTimeoutMs }),
    beforeStart: () => {
      if (server.spec.freshStorage) rmSync(dataDir(home), { recursive: true, force: true });
      mkdirSync(home, { recursive: true });
      writeFileSync(configFile, server.prepare ? server.prepare(config) : config);
    },
  } satisfies Partial<ProcessSpec>;
}

async function nativeServer(
  server: ServerRun,
  binary: NativeTool,
  home: string,
  configFile: string,
): Promise<EnsureResult | Fail> {
  if (!binary.exists)
    return fail(`${server.spec.tool} is not built yet (${binary.path})`, {
      hint: `run \`${binary.buildCommand}\``,
    });
  const rendered = rewriteHosts(server.configText);
  const args = server.spec.args(home, configFile, `127.0.0.1:${server.port}`);
  return ensureProcess({
    ...commonSpec(server, home, configFile, rendered),
    binary: binary.path,
    args,
    version: binary.version,
    key: sha(binary.path, binary.version, ...args, rendered, String(server.runId !== undefined)),
  });
}

/** The container a lab server runs in: one name per lab and server, so a leftover is found again. */
export const labContainerName = (labId: string, name: string): string => `workshop-lab-${labId}-${name}`;

/** The `docker run` arguments of a lab server in Docker mode (see the header). */
export function labServerArgs(
  server: { readonly labId: string; readonly name: string; readonly port: number },
  image: ImageTool,
  network: string,
  home: string,
  key: string,
  serverArgs: readonly string[],
): string[] {
  return dockerRunArgs(
    {
      image: image.image,
      entrypoint: image.path,
      user: learnerUser(),
      network,
      mounts: [{ dir: home, writable: true }],
      name: labContainerName(server.labId, server.name),
      publish: [server.port],
      labels: { 'workshop.lab': server.labId, 'workshop.lab.key': key },
    },
    serverArgs,
  );
}

/**
 * The server in its image, run through a foreground `docker run`: that client is the recorded
 * process, so stopping it (SIGTERM, which it passes on) stops the container, and --rm removes it.
 */
async function containerServer(
  server: ServerRun,
  image: ImageTool,
  home: string,
  configFile: string,
): Promise<EnsureResult | Fail> {
  const network = composeNetwork(stackPaths());
  if (!(await networkExists(network)))
    return fail(
      `the stack does not run in Docker (no network ${network}), and the lab's ${server.name} runs next to it`,
      { hint: 'run `npm run stack -- up --mode docker`' },
    );
  const status = await imageStatus(image);
  if (!status.ok) return fail(status.reason, { hint: status.hint });
  // Inside the container it listens on its own interface; only 127.0.0.1 of the host publishes it.
  const serverArgs = server.spec.args(home, configFile, `0.0.0.0:${server.port}`);
  const key = sha(status.id, network, ...serverArgs, server.configText, String(server.runId !== undefined));
  const container = labContainerName(server.labId, server.name);
  return ensureProcess({
    ...commonSpec(server, home, configFile, server.configText),
    binary: 'docker',
    args: labServerArgs(server, image, network, home, key, serverArgs),
    env: dockerEnv(),
    version: image.version,
    key,
    clearLeftover: async () => {
      // A client killed with SIGKILL leaves its container running, holding the port.
      await run('docker', ['rm', '--force', container], { timeoutMs: 30_000 });
    },
  });
}

/**
 * Runs `spec`'s server on `port` from the lab's home folder with `configText`, written by
 * `prepare` (which may bake in the run id). A process whose inputs did not change keeps running.
 */
async function ensureLabServer(server: ServerRun): Promise<LabProcess | Fail> {
  const home = join(labHome(server.labId), server.name);
  const configFile = join(home, server.spec.configName);
  const source = tool(server.spec.tool);
  const result =
    source.mode === 'native'
      ? await nativeServer(server, source, home, configFile)
      : await containerServer(server, source, home, configFile);
  if ('kind' in result) return result;
  return { result, configFile, runId: result.ok ? result.record.meta['runId'] : undefined };
}

/**
 * How often a lab Prometheus hands discovered targets to its scrapers (upstream: 5 s, a hidden
 * flag). A fresh process scrapes nothing before the first hand-over, so every check would
 * wait up to that long; the learner's intervals are what the checks are about.
 */
export const LAB_DISCOVERY_MS = 1_000;

/** A lab Prometheus of some kind: its config, its data under its home, `extra` flags. */
const prometheusOf = (extra: readonly string[], freshStorage: boolean): ServerSpec => ({
  tool: 'prometheus',
  configName: 'prometheus.yml',
  args: (home, configFile, listen) => [
    `--config.file=${configFile}`,
    `--storage.tsdb.path=${dataDir(home)}`,
    `--web.listen-address=${listen}`,
    ...extra,
    ...prometheusWebFlags,
  ],
  ...(freshStorage ? { freshStorage } : {}),
});

const prometheusServer = prometheusOf([`--scrape.discovery-reload-interval=${LAB_DISCOVERY_MS}ms`], true);

/**
 * A Prometheus over data prepared before it starts (a backfilled TSDB): it scrapes nothing and
 * keeps its data across restarts. Its API answers queries only: no lifecycle, admin or write
 * endpoints are enabled, and no browser origin may read it directly.
 */
const queryOnlyPrometheusServer = prometheusOf([], false);

/**
 * A Prometheus that takes remote-write and answers the admin API, on an empty TSDB: the
 * exercises' loader of native histograms, which OpenMetrics text cannot carry. It runs only
 * while the dataset is prepared, bound to loopback like every lab server.
 */
const loaderPrometheusServer = prometheusOf(
  ['--web.enable-remote-write-receiver', '--web.enable-admin-api'],
  true,
);

const alloyServer: ServerSpec = {
  tool: 'alloy',
  configName: 'config.alloy',
  args: (home, configFile, listen) => [
    'run',
    `--server.http.listen-addr=${listen}`,
    `--storage.path=${dataDir(home)}`,
    ...sharedFlags.alloy,
    configFile,
  ],
  readyTimeoutMs: 60_000,
};

/**
 * Runs Prometheus on `port` with `configText`. With `tagRun`, every
 * series it sends carries workshop_run="<id>", fixed for the life of the process.
 */
export function ensureLabPrometheus(
  labId: string,
  name: string,
  port: number,
  configText: string,
  tagRun: boolean,
): Promise<LabProcess | Fail> {
  const server = { labId, name, port, spec: prometheusServer, configText };
  if (!tagRun) return ensureLabServer(server);
  const runId = randomBytes(6).toString('hex');
  return ensureLabServer({
    ...server,
    runId,
    prepare: (config) => withExternalLabel(config, RUN_LABEL, runId),
  });
}

/** The two Prometheus servers of the PromQL exercises: the query-only one, and the loader. */
const exerciseServers = { 'query-only': queryOnlyPrometheusServer, loader: loaderPrometheusServer } as const;

/**
 * Runs an exercise Prometheus on `port`: `query-only` over the TSDB already in
 * labServerDataDir(labId, name) (`configText` should change whenever that data does, so a
 * running one restarts on it), or the `loader` on empty storage.
 */
export function ensureExercisePrometheusServer(
  role: keyof typeof exerciseServers,
  labId: string,
  name: string,
  port: number,
  configText: string,
): Promise<LabProcess | Fail> {
  return ensureLabServer({ labId, name, port, spec: exerciseServers[role], configText });
}

/** Runs Alloy on `port` with `configText`. */
export function ensureLabAlloy(
  labId: string,
  name: string,
  port: number,
  configText: string,
): Promise<LabProcess | Fail> {
  return ensureLabServer({ labId, name, port, spec: alloyServer, configText });
}
