/**
 * What can be proven of the services no stand-in can replace (Grafana, Loki, k6: AGPL, never
 * built here, see stack/images.ts) without running them: Compose itself accepts the file with
 * every profile, each bind mount names a file or folder that exists, and every address their
 * configs name is a compose service on a port it publishes. Says plainly what was not run.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { images } from '../../stack/images.ts';
import { compose, composeProfiles, stackPaths } from '../../scripts/stack/index.ts';
import { assertDockerReady } from './docker-env.ts';

const paths = stackPaths();

const normalized = z.object({
  services: z.record(
    z.string(),
    z.object({
      image: z.string().optional(),
      ports: z.array(z.object({ target: z.number(), published: z.string().optional() })).optional(),
      volumes: z
        .array(z.object({ type: z.string(), source: z.string().optional(), target: z.string() }))
        .optional(),
    }),
  ),
});

async function composeConfig(): Promise<z.infer<typeof normalized>> {
  await assertDockerReady();
  const args = [...composeProfiles(paths).flatMap((p) => ['--profile', p]), 'config', '--format', 'json'];
  const result = await compose(paths, args, 60_000);
  expect(result.code, result.stderr).toBe(0);
  return normalized.parse(JSON.parse(result.stdout));
}

const notBuildable = Object.values(images).flatMap((image) =>
  image.standIn === true ? [] : [`${image.services.join('/')} (${image.standIn.no})`],
);
console.warn(`[docker] not run here, checked statically only: ${notBuildable.join('; ')}`);

describe('compose.yaml, every profile, as Compose reads it', () => {
  it('accepts the file; every bind mount exists on disk', async () => {
    const config = await composeConfig();
    const missing = Object.entries(config.services)
      // The convert folder is made by `stack convert` before it runs its service.
      .filter(([name]) => name !== 'alloy-convert')
      .flatMap(([name, service]) =>
        (service.volumes ?? [])
          .filter((v) => v.type === 'bind' && v.source && !existsSync(v.source))
          .map((v) => `${name}: ${v.source ?? ''} → ${v.target}`),
      );
    expect(missing).toEqual([]);
  }, 120_000);

  it('Grafana: the dashboards provider path lies inside the provisioning mount, and its data sources name published services', async () => {
    const config = await composeConfig();
    const grafana = config.services['grafana'];
    const mount = grafana?.volumes?.find((v) => v.target === '/etc/grafana/provisioning');
    expect(mount?.source, 'provisioning mount').toBeDefined();
    const source = mount?.source ?? '';
    const provider = parse(readFileSync(join(source, 'dashboards', 'dashboards.yaml'), 'utf8')) as {
      providers: { options: { path: string } }[];
    };
    for (const p of provider.providers) {
      const inside = relative('/etc/grafana/provisioning', p.options.path);
      expect(isAbsolute(inside) || inside.startsWith('..'), p.options.path).toBe(false);
      expect(existsSync(join(source, inside)), `${p.options.path} on disk`).toBe(true);
    }
    const datasources = parse(readFileSync(join(source, 'datasources', 'datasources.yaml'), 'utf8')) as {
      datasources: { name: string; url: string }[];
    };
    for (const ds of datasources.datasources) {
      const url = new URL(ds.url);
      const target = config.services[url.hostname];
      expect(target, `${ds.name}: ${url.hostname} is a compose service`).toBeDefined();
      expect(
        target?.ports?.some((p) => p.target === Number(url.port)),
        `${ds.name}: ${url.hostname} listens on ${url.port}`,
      ).toBe(true);
    }
  }, 120_000);

  it('k6 and Loki: their targets are compose services on published ports', async () => {
    const config = await composeConfig();
    const compose = parse(readFileSync(paths.composeFile, 'utf8')) as {
      services: Record<string, { environment?: Record<string, string> }>;
    };
    const urls = Object.values(compose.services.k6?.environment ?? {}).filter((v) => /^https?:\/\//.test(v));
    expect(urls.length).toBeGreaterThan(0);
    for (const raw of urls) {
      const url = new URL(raw);
      expect(
        config.services[url.hostname]?.ports?.some((p) => p.target === Number(url.port)),
        raw,
      ).toBe(true);
    }
    const alloyConfig = readFileSync(join(paths.stackDir, 'alloy', 'config.alloy'), 'utf8');
    const lokiPort = config.services['loki']?.ports?.[0]?.target;
    expect(alloyConfig).toContain(`http://loki:${lokiPort}/otlp`);
  }, 120_000);
});
