/** compose.yaml agrees with versions.env, services.ts and the native launch flags. */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { otlpPorts, profileNames, serviceNames, services } from '../../../stack/services.ts';
import { images } from '../../../stack/images.ts';
import { dockerConvertSteps } from '../../../scripts/stack/convert.ts';
import {
  composeDownArgs,
  composeImages,
  composeRuntimeDefaults,
  composeUpSteps,
  learnerIds,
  pullTimeoutMs,
  serviceImages,
} from '../../../scripts/stack/docker.ts';
import { run } from '../../../scripts/stack/exec.ts';
import { sharedFlags } from '../../../scripts/stack/native/commands.ts';
import { stackPaths } from '../../../scripts/stack/paths.ts';
import { loadVersions, parseEnvFile } from '../../../scripts/stack/versions.ts';

interface ComposeService {
  image?: string;
  build?: { context: string; args?: Record<string, string> };
  command?: string[];
  ports?: string[];
  volumes?: string[];
  healthcheck?: { test: string[] };
  user?: string;
  profiles?: string[];
  depends_on?: string[] | Record<string, { condition: string }>;
}
interface ComposeFile {
  name: string;
  services: Record<string, ComposeService>;
  volumes: Record<string, unknown>;
}

const paths = stackPaths();
const raw = readFileSync(paths.composeFile, 'utf8');
const doc = parse(raw) as ComposeFile;
const env = parseEnvFile(readFileSync(paths.versionsFile, 'utf8'));
const versions = loadVersions();

describe('compose.yaml', () => {
  it('defines every stack service plus the alloy-convert tool', () => {
    expect(Object.keys(doc.services).sort()).toEqual([...serviceNames, 'alloy-convert'].sort());
    expect(doc.services['alloy-convert']?.profiles).toEqual(['tools']);
  });

  it('uses ${VAR:-default} defaults equal to stack/versions.env (or to what the CLI sets per run)', () => {
    const code = raw
      .split('\n')
      .filter((line) => !line.trimStart().startsWith('#'))
      .join('\n');
    const refs = [...code.matchAll(/\$\{(\w+):-([^}]*)\}/g)];
    expect(refs.length).toBeGreaterThanOrEqual(6);
    const known = { ...env, ...composeRuntimeDefaults };
    for (const [, name, fallback] of refs) {
      expect(known, `compose.yaml uses \${${name}} which versions.env lacks`).toHaveProperty(name ?? '');
      expect(fallback, `compose.yaml default for ${name}`).toBe(known[name ?? '']);
    }
  });

  it('pulls the image tags versions.env pins', () => {
    expect(composeImages(paths, env).sort()).toEqual(
      [
        `prom/prometheus:${versions.PROMETHEUS_VERSION}`,
        `grafana/alloy:${versions.ALLOY_VERSION}`,
        `grafana/mimir:${versions.MIMIR_VERSION}`,
        `grafana/grafana:${versions.GRAFANA_VERSION}`,
        `grafana/loki:${versions.LOKI_VERSION}`,
        `grafana/k6:${versions.K6_VERSION}`,
      ].sort(),
    );
    const fallback = (name: string): string => `\${${name}:-${env[name] ?? ''}}`;
    expect(doc.services['app']?.build?.args).toEqual({
      GO_IMAGE: fallback('GO_IMAGE'),
      RUNTIME_IMAGE: fallback('RUNTIME_IMAGE'),
    });
  });

  it('publishes exactly the ports in stack/services.ts, on 127.0.0.1 only', () => {
    for (const name of serviceNames) {
      const published = (doc.services[name]?.ports ?? []).map((p) => {
        expect(p, `${name} publishes ${p}`).toMatch(/^127\.0\.0\.1:\d+:\d+$/);
        return Number(p.split(':')[1]);
      });
      const wanted = [services[name].port, ...(name === 'alloy' ? [otlpPorts.grpc, otlpPorts.http] : [])];
      expect(published.sort(), name).toEqual(wanted.sort());
    }
  });

  it('starts each service after the dependencies stack/services.ts names, and only those', () => {
    const dependsOn = (name: string): string[] => {
      const deps = doc.services[name]?.depends_on ?? [];
      return (Array.isArray(deps) ? deps : Object.keys(deps)).sort();
    };
    for (const name of serviceNames)
      expect(dependsOn(name), name).toEqual([...services[name].dependencies].sort());
  });

  it('tags each image with the versions.env variable stack/services.ts names for it', () => {
    for (const name of serviceNames) {
      const variable = services[name].versionVariable;
      if (variable === undefined) expect(doc.services[name]?.build, name).toBeDefined();
      else expect(doc.services[name]?.image, name).toContain(`:\${${variable}:-`);
    }
  });

  it('gives every service a one-line purpose comment', () => {
    for (const name of Object.keys(doc.services)) {
      expect(raw, `comment above ${name}`).toMatch(
        new RegExp(`\\n  # [^\\n]+\\n(  # [^\\n]+\\n)*  ${name}:\\n`),
      );
    }
  });

  it('health-checks every image that has a shell, and says why where it cannot', () => {
    for (const name of serviceNames) {
      const service = doc.services[name];
      if (service?.healthcheck) continue;
      expect(
        raw.split(`  ${name}:\n`)[1]?.split(/\n {2}[a-z-]+:\n/)[0],
        `${name} explains its missing healthcheck`,
      ).toMatch(/No healthcheck: the distroless image/);
    }
    expect(doc.services['prometheus']?.healthcheck?.test.join(' ')).toContain(services.prometheus.readyPath);
    expect(doc.services['alloy']?.healthcheck?.test.join(' ')).toContain(services.alloy.readyPath);
    expect(doc.services['grafana']?.healthcheck?.test.join(' ')).toContain(services.grafana.readyPath);
    expect(doc.services['k6']?.healthcheck?.test.join(' ')).toContain(services.k6.readyPath);
  });

  it('leaves Loki without a healthcheck: its distroless image (3.6+) has no wget or shell', () => {
    expect(doc.services['loki']?.healthcheck).toBeUndefined();
  });

  it('health-checks only with a program the image has (stack/images.ts)', () => {
    let checked = 0;
    for (const [name, service] of Object.entries(doc.services)) {
      if (!service.healthcheck) continue;
      const image = Object.values(images).find((i) => (i.services as readonly string[]).includes(name));
      expect(image, `stack/images.ts describes ${name}'s image`).toBeDefined();
      const [form, program] = service.healthcheck.test;
      expect(form, `${name}'s healthcheck runs a program, not a shell string`).toBe('CMD');
      expect(image?.tools, `${name}'s image has ${program ?? ''}`).toContain(program);
      checked++;
    }
    expect(checked).toBeGreaterThan(2);
  });

  it("runs alloy-convert as the learner's user, with ids the CLI passes", () => {
    expect(doc.services['alloy-convert']?.user).toBe('${WORKSHOP_UID:-0}:${WORKSHOP_GID:-0}');
    expect(Object.keys(learnerIds()).sort()).toEqual(['WORKSHOP_GID', 'WORKSHOP_UID']);
    expect(learnerIds().WORKSHOP_UID).toBe(String(process.getuid?.() ?? 0));
  });

  it('checks the converted file with alloy fmt in Docker mode too, at the path alloy convert writes', () => {
    const output = doc.services['alloy-convert']?.command?.find((a) => a.startsWith('--output='));
    const written = output?.slice('--output='.length);
    expect(written).toBeDefined();
    const fmt = dockerConvertSteps.find((step) => step.args.includes('fmt'));
    expect(fmt?.args.slice(-2)).toEqual(['fmt', written]);
    expect(dockerConvertSteps.at(-1)).toBe(fmt);
  });

  it('lists the base images a built service uses, for the stand-in guard', () => {
    const app = serviceImages(paths, env, ['app'])['app'];
    expect(app).toEqual([env['GO_IMAGE'], env['RUNTIME_IMAGE']]);
    expect(serviceImages(paths, env, ['mimir'])['mimir']).toEqual([
      `grafana/mimir:${versions.MIMIR_VERSION}`,
    ]);
  });

  it('stops every profile on down, since compose leaves an unnamed profile running', () => {
    const args = composeDownArgs(stackPaths());
    const named = args.flatMap((a, i) => (a === '--profile' ? [args[i + 1]] : []));
    expect(new Set(named)).toEqual(new Set([...profileNames, 'tools']));
    expect(args.indexOf('down')).toBeGreaterThan(args.lastIndexOf('--profile'));
  });

  it('puts each optional service in the profile stack/services.ts names, and only those', () => {
    for (const name of serviceNames) {
      const profile = services[name].profile;
      expect(doc.services[name]?.profiles, name).toEqual(profile ? [profile] : undefined);
    }
  });

  it('keeps data in named volumes', () => {
    for (const name of ['prometheus', 'alloy', 'mimir', 'grafana', 'loki']) {
      // Bind mounts start with a path or with the variable the CLI sets to one (${WORKSHOP_…}).
      const named = (doc.services[name]?.volumes ?? []).filter((v) => !/^(\.|\$\{)/.test(v));
      expect(named.length, `${name} has a named volume`).toBeGreaterThan(0);
      for (const v of named) expect(doc.volumes).toHaveProperty(v.split(':')[0] ?? '');
    }
  });

  it('passes the same behaviour flags as native mode', () => {
    for (const name of Object.keys(sharedFlags) as (keyof typeof sharedFlags)[]) {
      const command = doc.services[name]?.command ?? [];
      for (const flag of sharedFlags[name]) expect(command, `${name} in compose.yaml`).toContain(flag);
    }
  });

  it('pulls and builds as their own steps before an up that only starts containers', () => {
    const steps = composeUpSteps(paths, ['app', 'mimir', 'loki']);
    expect(steps.pull.slice(steps.pull.indexOf('pull'))).toEqual([
      'pull',
      '--ignore-buildable',
      'app',
      'mimir',
      'loki',
    ]);
    // Compose hides its progress with --quiet; the learner should see a long first pull move.
    expect(steps.pull).not.toContain('--quiet');
    expect(steps.build).toContain('build');
    expect(steps.up).toContain('--no-build');
    expect(steps.up).not.toContain('--build');
    for (const args of Object.values(steps)) expect(args.slice(0, 2)).toEqual(['--profile', 'logs']);
  });

  it('gives a first pull on a slow link far longer than the old 300 s', () => {
    expect(pullTimeoutMs).toBeGreaterThanOrEqual(30 * 60_000);
  });

  it("streams a command's output to the terminal instead of collecting it", async () => {
    const streamed = await run(process.execPath, ['-e', 'console.log("(streamed by the exec test)")'], {
      stream: true,
    });
    const collected = await run(process.execPath, ['-e', 'process.stdout.write("x")']);
    expect(streamed).toMatchObject({ code: 0, stdout: '' });
    expect(collected.stdout).toBe('x');
  });
});
