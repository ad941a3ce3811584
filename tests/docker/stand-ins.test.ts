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

/** Every path in the image's filesystem, from a created (never started) container. */
async function files(ref: string): Promise<Set<string>> {
  // A command, for the images that have none of their own (distroless); it never runs.
  const created = await run('docker', ['create', ref, '/nonexistent']);
  expect(created.code, created.stderr).toBe(0);
  const id = created.stdout.trim();
  try {
    const listing = await run('sh', ['-c', `docker export ${id} | tar -t`], { timeoutMs: 300_000 });
    expect(listing.code, listing.stderr).toBe(0);
    return new Set(listing.stdout.split('\n').map((p) => `/${p.replace(/\/$/, '')}`));
  } finally {
    await run('docker', ['rm', id]);
  }
}

/** Debian's merged /usr: /bin and /sbin are links into /usr, so /bin/alloy is stored as usr/bin/alloy. */
const has = (all: Set<string>, path: string): boolean =>
  all.has(path) || all.has(path.replace(/^\/(s?bin|lib)\//, '/usr/$1/'));

const onPath = (all: Set<string>, tool: string): boolean =>
  ['/bin', '/usr/bin', '/sbin', '/usr/sbin', '/usr/local/bin'].some((dir) => has(all, `${dir}/${tool}`));

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
    const all = await files(ref);
    for (const b of image.binaries) expect(has(all, b.path), b.path).toBe(true);
    for (const tool of image.tools) expect(onPath(all, tool), `${tool} on PATH`).toBe(true);
    const tools: readonly string[] = image.tools;
    for (const absent of ['sh', 'bash'].filter((t) => !tools.includes(t)))
      expect(onPath(all, absent), `${absent} is not in upstream's image`).toBe(false);
  }, 300_000);
});
