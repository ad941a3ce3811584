/**
 * A lab's own Prometheus or Alloy, run from the stack's binaries on a lab port with a config
 * the learner wrote (or the checker generated). Configs use the stack's host names
 * (mimir:9009, app:8080) like every config in stack/; they run from a rendered copy with
 * 127.0.0.1, exactly as the native stack's own configs do. Line numbers are kept, so the
 * tools' file:line messages point into the learner's file.
 */
import { randomBytes, createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { prometheusWebFlags, rewriteHosts } from '../../scripts/stack/index.ts';
import type { EnsureResult } from './processes.ts';
import { ensureProcess, labHome } from './processes.ts';
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

function missingBinary(name: 'prometheus' | 'alloy'): Fail | undefined {
  const info = tool(name);
  return info.exists
    ? undefined
    : fail(`${name} is not built yet (${info.path})`, { hint: `run \`${info.buildCommand}\`` });
}

/** What differs between the two servers a lab runs: which binary, its config file and flags. */
interface ServerSpec {
  readonly tool: 'prometheus' | 'alloy';
  readonly configName: string;
  readonly args: (home: string, configFile: string, port: number) => string[];
  readonly readyTimeoutMs?: number;
}

/**
 * Runs `spec`'s binary on `port` from the lab's home folder, with `configText` rendered to
 * 127.0.0.1 and written by `prepare` (which may bake in the run id). A process whose inputs did
 * not change keeps running.
 */
async function ensureLabServer(
  labId: string,
  name: string,
  port: number,
  spec: ServerSpec,
  configText: string,
  options: { readonly runId?: string; readonly prepare?: (rendered: string) => string } = {},
): Promise<LabProcess | Fail> {
  const missing = missingBinary(spec.tool);
  if (missing) return missing;
  const binary = tool(spec.tool);
  const home = join(labHome(labId), name);
  const configFile = join(home, spec.configName);
  const rendered = rewriteHosts(configText);
  const args = spec.args(home, configFile, port);
  const result = await ensureProcess({
    labId,
    name,
    binary: binary.path,
    args,
    cwd: home,
    version: binary.version,
    port,
    readyPath: '/-/ready',
    key: sha(binary.path, binary.version, ...args, rendered, String(options.runId !== undefined)),
    meta: options.runId === undefined ? {} : { runId: options.runId },
    ...(spec.readyTimeoutMs === undefined ? {} : { readyTimeoutMs: spec.readyTimeoutMs }),
    beforeStart: () => {
      mkdirSync(home, { recursive: true });
      writeFileSync(configFile, options.prepare ? options.prepare(rendered) : rendered);
    },
  });
  return { result, configFile, runId: result.ok ? result.record.meta['runId'] : undefined };
}

const prometheusServer: ServerSpec = {
  tool: 'prometheus',
  configName: 'prometheus.yml',
  args: (home, configFile, port) => [
    `--config.file=${configFile}`,
    `--storage.tsdb.path=${join(home, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    ...prometheusWebFlags,
  ],
};

const alloyServer: ServerSpec = {
  tool: 'alloy',
  configName: 'config.alloy',
  args: (home, configFile, port) => [
    'run',
    `--server.http.listen-addr=127.0.0.1:${port}`,
    `--storage.path=${join(home, 'data')}`,
    '--disable-reporting',
    configFile,
  ],
  readyTimeoutMs: 60_000,
};

/**
 * Runs Prometheus on `port` with `configText` (host names rendered). With `tagRun`, every
 * series it sends carries workshop_run="<id>", fixed for the life of the process.
 */
export function ensureLabPrometheus(
  labId: string,
  name: string,
  port: number,
  configText: string,
  tagRun: boolean,
): Promise<LabProcess | Fail> {
  if (!tagRun) return ensureLabServer(labId, name, port, prometheusServer, configText);
  const runId = randomBytes(6).toString('hex');
  return ensureLabServer(labId, name, port, prometheusServer, configText, {
    runId,
    prepare: (rendered) => withExternalLabel(rendered, RUN_LABEL, runId),
  });
}

/** Runs Alloy on `port` with `configText` (host names rendered). */
export function ensureLabAlloy(
  labId: string,
  name: string,
  port: number,
  configText: string,
): Promise<LabProcess | Fail> {
  return ensureLabServer(labId, name, port, alloyServer, configText);
}
