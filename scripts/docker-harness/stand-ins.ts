/**
 * Local stand-ins for the upstream images compose.yaml runs, for a machine that cannot pull
 * (CI): each built from its entry in stack/images.ts and nothing else, with the upstream
 * name:tag, user, entrypoint, command, environment, ports and tools, the natively built binary
 * at upstream's path, and the label STAND_IN_LABEL (its value: a fingerprint of the facts and
 * binaries, so a changed entry rebuilds). An image of that name without the label is a real,
 * pulled one: it is used as it is and never tagged over.
 */
import { createHash } from 'node:crypto';
import { createReadStream, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { images, STAND_IN_LABEL, type StandInBinary, type UpstreamImage } from '../../stack/images.ts';
import {
  formatDuration,
  recipes,
  run,
  toolPath,
  upstreamBinDir,
  type StackPaths,
  type Versions,
} from '../stack/index.ts';
import { harnessCache } from './cache.ts';
import { makeRootfs, placeBinary } from './rootfs.ts';

/** What a stand-in is made with besides its facts and binaries: a change to either rebuilds it. */
const makers = [
  new URL('./rootfs.ts', import.meta.url),
  new URL('./stand-ins.ts', import.meta.url),
  new URL('file:///etc/ssl/certs/ca-certificates.crt'),
].map((file) => readFileSync(file));

export interface StandInOutcome {
  readonly ref: string;
  readonly status: 'built' | 'current' | 'upstream image present';
}

async function goroot(): Promise<string> {
  const result = await run('go', ['env', 'GOROOT']);
  if (result.code !== 0) throw new Error(`go env GOROOT failed: ${result.stderr}`);
  return result.stdout.trim();
}

/** Where each stand-in binary comes from on this machine. */
async function binarySources(paths: StackPaths, versions: Versions): Promise<Record<StandInBinary, string>> {
  return {
    prometheus: join(upstreamBinDir(paths, recipes(versions).prometheus), 'prometheus'),
    promtool: toolPath(paths, versions, 'promtool'),
    alloy: toolPath(paths, versions, 'alloy'),
    mimir: toolPath(paths, versions, 'mimir'),
    go: await goroot(),
  };
}

/**
 * A file's content hash (a Go build with -trimpath is reproducible, so a clean clone's rebuild
 * matches); a folder (the Go toolchain) by its path and time, which change with an install.
 */
async function digest(path: string): Promise<string> {
  const s = statSync(path);
  if (s.isDirectory()) return `${path}:${s.mtimeMs}`;
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function fingerprint(
  image: UpstreamImage,
  ref: string,
  sources: Record<StandInBinary, string>,
): Promise<string> {
  const hash = createHash('sha256').update(JSON.stringify({ ref, image }));
  for (const maker of makers) hash.update(maker);
  for (const b of image.binaries) hash.update(`${b.path}:${await digest(sources[b.from])}`);
  return hash.digest('hex').slice(0, 16);
}

interface Present {
  readonly id: string;
  readonly labels: Readonly<Record<string, string>>;
}

/** The image a reference names now (id and labels), or undefined when the daemon has none. */
async function inspectImage(ref: string): Promise<Present | undefined> {
  const inspected = await run('docker', [
    'image',
    'inspect',
    '--format',
    '{{.Id}} {{json .Config.Labels}}',
    ref,
  ]);
  if (inspected.code !== 0) return undefined;
  const [id = '', ...labels] = inspected.stdout.trim().split(' ');
  return { id, labels: (JSON.parse(labels.join(' ')) as Record<string, string> | null) ?? {} };
}

/** docker import's --change lines for the image's config. */
export function importChanges(image: UpstreamImage, label: string): string[] {
  const changes = [
    `ENTRYPOINT ${JSON.stringify(image.entrypoint)}`,
    ...(image.cmd.length > 0 ? [`CMD ${JSON.stringify(image.cmd)}`] : []),
    ...(image.user ? [`USER ${image.user}`] : []),
    ...(image.workdir ? [`WORKDIR ${image.workdir}`] : []),
    ...Object.entries(image.env).map(([k, v]) => `ENV ${k}=${v}`),
    ...image.exposedPorts.map((p) => `EXPOSE ${p}`),
    ...image.volumes.map((v) => `VOLUME ${JSON.stringify([v])}`),
    `LABEL ${STAND_IN_LABEL}=${label}`,
  ];
  return changes.flatMap((c) => ['--change', c]);
}

async function build(
  image: UpstreamImage,
  ref: string,
  label: string,
  sources: Record<StandInBinary, string>,
  work: string,
  log: (line: string) => void,
): Promise<void> {
  const root = join(work, 'rootfs');
  rmSync(root, { recursive: true, force: true });
  await makeRootfs(root, image, harnessCache(), log);
  for (const b of image.binaries) placeBinary(root, sources[b.from], b.path);
  const tarball = join(work, 'rootfs.tar');
  const packed = await run('tar', ['-c', '--numeric-owner', '-f', tarball, '-C', root, '.'], {
    timeoutMs: 600_000,
  });
  if (packed.code !== 0) throw new Error(`packing ${ref}'s root filesystem: ${packed.stderr}`);
  const imported = await run('docker', ['import', ...importChanges(image, label), tarball, ref], {
    timeoutMs: 600_000,
  });
  rmSync(root, { recursive: true, force: true });
  rmSync(tarball, { force: true });
  if (imported.code !== 0) throw new Error(`docker import ${ref}: ${imported.stderr}`);
}

/** Builds every stand-in the facts table allows, reusing current ones. */
export async function ensureStandIns(
  paths: StackPaths,
  versions: Versions,
  log: (line: string) => void,
): Promise<StandInOutcome[]> {
  const sources = await binarySources(paths, versions);
  const work = join(paths.build, 'stand-ins');
  mkdirSync(work, { recursive: true });
  const outcomes: StandInOutcome[] = [];
  for (const [name, image] of Object.entries(images) as [string, UpstreamImage][]) {
    if (image.standIn !== true) continue;
    const ref = image.ref(versions);
    const label = await fingerprint(image, ref, sources);
    const present = await inspectImage(ref);
    if (present && !(STAND_IN_LABEL in present.labels)) {
      outcomes.push({ ref, status: 'upstream image present' });
      continue;
    }
    if (present?.labels[STAND_IN_LABEL] === label) {
      outcomes.push({ ref, status: 'current' });
      continue;
    }
    const started = Date.now();
    await build(image, ref, label, sources, join(work, name), log);
    // Only an outdated stand-in (it had the label); a container still using it keeps it.
    if (present) await run('docker', ['image', 'rm', present.id]);
    log(`stand-in ${ref} built in ${formatDuration(Date.now() - started)}`);
    outcomes.push({ ref, status: 'built' });
  }
  return outcomes;
}
