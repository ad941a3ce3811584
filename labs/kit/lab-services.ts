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
import { rewriteHosts } from '../../scripts/stack/native/render.ts';
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

/**
 * Runs Prometheus on `port` with `configText` (host names rendered). With `tagRun`, every
 * series it sends carries workshop_run="<id>", fixed for the life of the process.
 */
export async function ensureLabPrometheus(
  labId: string,
  name: string,
  port: number,
  configText: string,
  tagRun: boolean,
): Promise<LabProcess | Fail> {
  const missing = missingBinary('prometheus');
  if (missing) return missing;
  const binary = tool('prometheus');
  const home = join(labHome(labId), name);
  const configFile = join(home, 'prometheus.yml');
  const rendered = rewriteHosts(configText);
  const args = [
    `--config.file=${configFile}`,
    `--storage.tsdb.path=${join(home, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
  ];
  const runId = randomBytes(6).toString('hex');
  const result = await ensureProcess({
    labId,
    name,
    binary: binary.path,
    args,
    cwd: home,
    version: binary.version,
    port,
    readyPath: '/-/ready',
    key: sha(binary.path, binary.version, ...args, rendered, String(tagRun)),
    meta: tagRun ? { runId } : {},
    beforeStart: () => {
      mkdirSync(home, { recursive: true });
      writeFileSync(configFile, tagRun ? withExternalLabel(rendered, RUN_LABEL, runId) : rendered);
    },
  });
  return { result, configFile, runId: result.ok ? result.record.meta['runId'] : undefined };
}

/** Runs Alloy on `port` with `configText` (host names rendered). */
export async function ensureLabAlloy(
  labId: string,
  name: string,
  port: number,
  configText: string,
): Promise<LabProcess | Fail> {
  const missing = missingBinary('alloy');
  if (missing) return missing;
  const binary = tool('alloy');
  const home = join(labHome(labId), name);
  const configFile = join(home, 'config.alloy');
  const rendered = rewriteHosts(configText);
  const args = [
    'run',
    `--server.http.listen-addr=127.0.0.1:${port}`,
    `--storage.path=${join(home, 'data')}`,
    '--disable-reporting',
    configFile,
  ];
  const result = await ensureProcess({
    labId,
    name,
    binary: binary.path,
    args,
    cwd: home,
    version: binary.version,
    port,
    readyPath: '/-/ready',
    key: sha(binary.path, binary.version, ...args, rendered),
    readyTimeoutMs: 60_000,
    beforeStart: () => {
      mkdirSync(home, { recursive: true });
      writeFileSync(configFile, rendered);
    },
  });
  return { result, configFile, runId: undefined };
}
