/**
 * The stand-in images the harness built (scripts/docker-harness) look like their upstream
 * images as stack/images.ts describes them: the same user, entrypoint, command and ports, the
 * binaries at upstream's paths, every tool the table lists and no shell where upstream has
 * none, so a compose.yaml that works on them is not working by accident of a richer image.
 */
import { describe, expect, it } from 'vitest';
import { images, STAND_IN_LABEL, type UpstreamImage } from '../../stack/images.ts';
import { loadVersions, run, stackPaths } from '../../scripts/stack/index.ts';
import { assertDockerReady } from './docker-env.ts';

const versions = loadVersions(stackPaths().versionsFile);
const buildable = Object.entries(images as Record<string, UpstreamImage>).filter(
  ([, i]) => i.standIn === true,
);

interface ImageConfig {
  readonly User?: string;
  readonly Entrypoint: string[] | null;
  readonly Cmd: string[] | null;
  readonly ExposedPorts: Record<string, object> | null;
  readonly Labels: Record<string, string> | null;
}

async function inspect(ref: string): Promise<ImageConfig> {
  const result = await run('docker', ['image', 'inspect', '--format', '{{json .Config}}', ref]);
  expect(result.code, `${ref} is here: ${result.stderr}`).toBe(0);
  return JSON.parse(result.stdout) as ImageConfig;
}

const pathDirs = ['/bin', '/usr/bin', '/sbin', '/usr/sbin', '/usr/local/bin'];

/**
 * Which of these paths exist in the image, asked inside a container of it by this machine's
 * static busybox mounted beside (the image's own shell may not exist). `test -e` follows
 * links, so Debian's merged /usr (/bin → usr/bin) reads as upstream's paths.
 */
async function existing(ref: string, paths: readonly string[]): Promise<Set<string>> {
  const script = 'for p in "$@"; do [ -e "$p" ] && echo "$p"; done; true';
  const result = await run('docker', [
    'run',
    '--rm',
    '--user',
    '0',
    '--network',
    'none',
    '--volume',
    '/bin/busybox:/.harness/busybox:ro',
    '--entrypoint',
    '/.harness/busybox',
    ref,
    'sh',
    '-c',
    script,
    'sh',
    ...paths,
  ]);
  expect(result.code, result.stderr).toBe(0);
  return new Set(result.stdout.split('\n').filter(Boolean));
}

const onPath = (found: Set<string>, tool: string): boolean =>
  pathDirs.some((dir) => found.has(`${dir}/${tool}`));

describe.each(buildable)('stand-in %s', (_name, image) => {
  const ref = image.ref(versions);

  it('is labelled a stand-in and has upstream’s user, entrypoint, command and ports', async () => {
    await assertDockerReady();
    const config = await inspect(ref);
    expect(config.Labels?.[STAND_IN_LABEL], 'the stand-in label').toBeTruthy();
    expect(config.User ?? '').toBe(image.user ?? '');
    expect(config.Entrypoint ?? []).toEqual(image.entrypoint);
    expect(config.Cmd ?? []).toEqual(image.cmd);
    expect(Object.keys(config.ExposedPorts ?? {}).sort()).toEqual(
      image.exposedPorts.map((p) => `${p}/tcp`).sort(),
    );
  });

  it('carries its binaries and tools, and no shell where upstream has none', async () => {
    const tools: readonly string[] = image.tools;
    const asked = [
      ...image.binaries.map((b) => b.path),
      ...[...tools, 'sh', 'bash'].flatMap((t) => pathDirs.map((d) => `${d}/${t}`)),
    ];
    const all = await existing(ref, asked);
    for (const b of image.binaries) expect(all.has(b.path), b.path).toBe(true);
    for (const tool of tools) expect(onPath(all, tool), `${tool} on PATH`).toBe(true);
    for (const absent of ['sh', 'bash'].filter((t) => !tools.includes(t)))
      expect(onPath(all, absent), `${absent} is not in upstream's image`).toBe(false);
  }, 300_000);
});
