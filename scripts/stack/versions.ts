/**
 * Reads stack/versions.env, the one place versions are pinned, and derives what the native
 * builder needs from it (Go module versions). Validation errors name the file and the line.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { z } from 'zod';
import { StackError } from './output.ts';
import { stackPaths } from './paths.ts';
import type { ServiceName } from '../../stack/services.ts';
import type { Mode } from './state.ts';
import { services } from '../../stack/services.ts';

const release = (what: string, example: string) =>
  z.string().regex(/^v\d+\.\d+\.\d+$/, `${what} is a release tag like ${example}`);

/** The keys of stack/versions.env, each with the form it must take. */
export const versionsSchema = z
  .object({
    /** Node.js the setup script installs when the machine's is older, e.g. 22.23.3. */
    NODE_VERSION: z.string().regex(/^\d+\.\d+\.\d+$/, 'a Node.js version like 22.23.3'),
    /** Prometheus 3.x release: image tag and, derived, Go module version. */
    PROMETHEUS_VERSION: release('Prometheus', 'v3.16.0').refine((v) => v.startsWith('v3.'), {
      message: 'the module-version rule here is for Prometheus 3.x (v3.Y.Z)',
    }),
    /** Alloy release: image tag and Go module version. */
    ALLOY_VERSION: release('Alloy', 'v1.11.0'),
    /** Published github.com/grafana/alloy/syntax version the native Alloy build requires. */
    ALLOY_SYNTAX_VERSION: release('the Alloy syntax module', 'v0.1.1'),
    /** The Mimir commit native mode builds, first 12 hex digits (as in the pseudo-version). */
    MIMIR_COMMIT: z.string().regex(/^[0-9a-f]{12}$/, 'the first 12 hex digits of a commit'),
    /** Go pseudo-version of github.com/grafana/mimir at MIMIR_COMMIT: what native mode builds. */
    MIMIR_MODULE_VERSION: z
      .string()
      .regex(
        /^v\d+\.\d+\.\d+-0\.\d{14}-[0-9a-f]{12}$/,
        'a Go pseudo-version like v1.3.1-0.20260423142704-aced80d74930',
      ),
    /**
     * Mimir image tag, what Docker mode runs: a release (X.Y.Z) or a weekly build (r<N>-<hex>),
     * the only forms Mimir publishes images for.
     */
    MIMIR_VERSION: z
      .string()
      .refine((tag) => !tag.startsWith('main-'), {
        message: 'Mimir publishes no main-<commit> images (grafana/mimir#2378): pin a release like 3.1.2',
      })
      .refine((tag) => tag.startsWith('main-') || /^(\d+\.\d+\.\d+|r\d+-[0-9a-f]{7,})$/.test(tag), {
        message:
          'a Mimir image tag Mimir publishes: a release like 3.1.2, or a weekly build like r392-1a2b3c4',
      }),
    /** Loki release (optional "logs" profile, Docker mode only): image tag X.Y.Z. */
    LOKI_VERSION: z.string().regex(/^3\.\d+\.\d+$/, 'a Loki 3.x release like 3.7.8'),
    /** k6 release (optional "load" profile, Docker mode only): image tag X.Y.Z. */
    K6_VERSION: z.string().regex(/^1\.\d+\.\d+$/, 'a k6 1.x release like 1.8.1'),
    /** pnpm from the npm registry, which builds Prometheus' web UI (native mode). */
    PNPM_VERSION: z.string().regex(/^\d+\.\d+\.\d+$/, 'an npm version of pnpm like 12.23.0'),
    /** yarn (1.x, the npm package "yarn") from the npm registry, which builds Alloy's web UI. */
    YARN_VERSION: z.string().regex(/^1\.\d+\.\d+$/, 'a yarn 1.x version like 1.22.22'),
    /** One package pinned over Prometheus' UI lockfile, as name@version; absent when none is needed. */
    PROMETHEUS_UI_OVERRIDE: z
      .string()
      .regex(
        /^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*@\d+\.\d+\.\d+$/,
        'name@version, like @mantine/code-highlight@9.6.2',
      )
      .optional(),
    /** SHA-256 of the Prometheus UI lockfile the override was written for. */
    PROMETHEUS_UI_LOCKFILE_SHA256: z
      .string()
      .regex(/^[0-9a-f]{64}$/, 'the SHA-256 of web/ui/pnpm-lock.yaml, 64 hex digits')
      .optional(),
    /** Grafana image tag (Docker mode only). */
    GRAFANA_VERSION: z.string().regex(/^\d+\.\d+\.\d+$/, 'a Grafana release like 13.2.2'),
    /** Compose v2 the Docker test harness builds from its Go module where the machine has none. */
    COMPOSE_VERSION: z.string().regex(/^v2\.\d+\.\d+$/, 'a Compose v2 release like v2.40.3'),
    /** buildx the Docker test harness builds likewise (Compose's build needs 0.17 or newer). */
    BUILDX_VERSION: release('buildx', 'v0.38.2'),
    /** Base images of the sample app's Dockerfile. */
    GO_IMAGE: z.string().min(1),
    RUNTIME_IMAGE: z.string().min(1),
  })
  .superRefine((v, ctx) => {
    if (v.PROMETHEUS_UI_OVERRIDE && !v.PROMETHEUS_UI_LOCKFILE_SHA256) {
      ctx.addIssue({
        code: 'custom',
        path: ['PROMETHEUS_UI_LOCKFILE_SHA256'],
        message:
          'required with PROMETHEUS_UI_OVERRIDE: the hash of the lockfile the override was written for',
      });
    }
    if (v.PROMETHEUS_UI_LOCKFILE_SHA256 && !v.PROMETHEUS_UI_OVERRIDE) {
      ctx.addIssue({
        code: 'custom',
        path: ['PROMETHEUS_UI_LOCKFILE_SHA256'],
        message: 'belongs to PROMETHEUS_UI_OVERRIDE: remove it with the override',
      });
    }
    if (!v.MIMIR_MODULE_VERSION.endsWith(`-${v.MIMIR_COMMIT}`)) {
      ctx.addIssue({
        code: 'custom',
        path: ['MIMIR_MODULE_VERSION'],
        message: `must end with -${v.MIMIR_COMMIT} (MIMIR_COMMIT): both name the same commit`,
      });
    }
  });

export type Versions = z.infer<typeof versionsSchema>;

/** KEY=VALUE lines; # comments and blank lines skipped; no quoting, as docker compose reads it. */
export function parseEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [index, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    if (!match?.[1] || match[2] === undefined)
      throw new StackError(`line ${index + 1}: expected KEY=VALUE, got "${line}"`);
    out[match[1]] = match[2];
  }
  return out;
}

/** Parses and validates a versions.env text; errors list every bad key. */
export function parseVersions(text: string, file = 'stack/versions.env'): Versions {
  let entries: Record<string, string>;
  try {
    entries = parseEnvFile(text);
  } catch (error) {
    throw new StackError(`${file}: ${(error as Error).message}`);
  }
  const result = versionsSchema.safeParse(entries);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const key = issue.path.join('.') || '(file)';
    const value = entries[key];
    return `  ${key}${value === undefined ? ' (missing)' : `="${value}"`}: ${issue.message}`;
  });
  throw new StackError(`${file} is not valid:\n${lines.join('\n')}`);
}

/** Reads stack/versions.env from the repository. */
export function loadVersions(file: string = stackPaths().versionsFile): Versions {
  return parseVersions(readFileSync(file, 'utf8'), relative(process.cwd(), file) || file);
}

/**
 * Prometheus 3.x publishes its Go module as v0.(100*major + minor).patch:
 * v3.16.0 is github.com/prometheus/prometheus v0.316.0.
 */
export function prometheusModuleVersion(release: string): string {
  const match = /^v(\d+)\.(\d+)\.(\d+)$/.exec(release);
  if (!match) throw new StackError(`"${release}" is not a Prometheus release tag like v3.16.0`);
  const [, major, minor, patch] = match.map(Number) as [number, number, number, number];
  if (major < 3) throw new StackError(`Prometheus ${release}: only 3.x releases map to v0.3YY.Z modules`);
  return `v0.${major * 100 + minor}.${patch}`;
}

/** What the native Mimir build reports: main-<7 hex>, as a main-branch build is named. */
export const mimirNativeVersion = (v: Versions): string => `main-${v.MIMIR_COMMIT.slice(0, 7)}`;

/**
 * Where native mode runs a different version than the image Docker mode pulls, and why. The one
 * case: Mimir, pinned twice in stack/versions.env; a unit test fails on any other difference.
 */
export const modeVersionDifferences: Readonly<
  Partial<Record<ServiceName, { readonly native: (v: Versions) => string; readonly why: string }>>
> = {
  mimir: {
    native: mimirNativeVersion,
    why: 'the Go proxy serves only a main-branch Mimir module, and Mimir publishes no main-branch images',
  },
};

/**
 * The version a service runs in a mode, as `status` shows it: its versions.env pin (the image tag),
 * the native build's own where modeVersionDifferences says so, or "dev" for the app.
 */
export function displayVersion(v: Versions, service: ServiceName, mode: Mode): string {
  const variable = services[service].versionVariable;
  if (variable === undefined) return 'dev';
  const differs = modeVersionDifferences[service];
  if (mode === 'native' && differs) return differs.native(v);
  const pinned: Readonly<Record<string, string | undefined>> = v;
  const version = pinned[variable];
  if (version === undefined)
    throw new StackError(
      `stack/services.ts: ${service}'s versionVariable ${variable} is not in stack/versions.env`,
    );
  return version;
}
