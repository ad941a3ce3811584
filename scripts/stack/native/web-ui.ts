/**
 * The web UIs that native mode embeds, as upstream's release builds do: Prometheus' mantine-ui
 * (web/ui, a pnpm workspace) and Alloy's UI (internal/web/ui, yarn 1), built from the sources
 * inside the Go module that is built, then compiled in with the `builtinassets` tag. What each
 * step is comes from upstream: Prometheus' Makefile (`ui-install`, `ui-build` with
 * BUILD_UI=mantine, `assets-compress`) and Alloy's Dockerfile (`yarn`, `yarn run build`, then
 * build/ copied in before `go build`).
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { StackPaths } from '../paths.ts';
import type { Versions } from '../versions.ts';
import { prometheusModuleVersion } from '../versions.ts';

export const webUiNames = ['prometheus', 'alloy'] as const;
export type WebUiName = (typeof webUiNames)[number];

/** Bump when the UI build procedure changes, so every UI (and the binaries embedding it) rebuilds. */
const UI_BUILDER_REVISION = 1;

export interface PackageManager {
  /** Its npm package, which is also its command. */
  readonly name: 'pnpm' | 'yarn';
  readonly version: string;
}

/** One package pinned over the UI's lockfile, valid for one lockfile only (versions.env says why). */
export interface LockfileOverride {
  readonly name: string;
  readonly version: string;
  /** SHA-256 of the lockfile the override was written for. */
  readonly lockfileSha256: string;
}

/** How the Go build takes the built UI in. */
export type EmbedMethod =
  /** Prometheus' scripts/compress_assets.sh with PREBUILT_ASSETS_STATIC_DIR: gzip, then embed.go. */
  | 'compress-assets'
  /** Alloy: the build folder copied into the UI folder, where `//go:embed build` finds it. */
  | 'copy';

export interface WebUiRecipe {
  readonly name: WebUiName;
  /** Release of the component; names the cache folder. */
  readonly version: string;
  /** Go module holding the UI's sources. */
  readonly module: string;
  readonly moduleVersion: string;
  /** The UI's folder inside the module. */
  readonly dir: string;
  readonly packageManager: PackageManager;
  /** The lockfile in `dir` that the install must not change. */
  readonly lockfile: string;
  readonly override?: LockfileOverride;
  /** Commands after the install, run in `dir`. */
  readonly build: readonly (readonly string[])[];
  /** What the build leaves, relative to `dir`: kept in the cache and embedded. */
  readonly output: string;
  /** A file the output must contain, relative to `output`: proof the build produced the UI. */
  readonly entry: string;
  readonly embed: EmbedMethod;
  /** The Go build tag that compiles the embedded assets in. */
  readonly goTag: string;
}

/** Splits "@scope/name@1.2.3" into name and version. */
export function parseOverride(spec: string): { name: string; version: string } {
  const at = spec.lastIndexOf('@');
  if (at <= 0) throw new Error(`"${spec}" is not name@version`);
  return { name: spec.slice(0, at), version: spec.slice(at + 1) };
}

export function webUiRecipes(v: Versions): Readonly<Record<WebUiName, WebUiRecipe>> {
  const override =
    v.PROMETHEUS_UI_OVERRIDE && v.PROMETHEUS_UI_LOCKFILE_SHA256
      ? { ...parseOverride(v.PROMETHEUS_UI_OVERRIDE), lockfileSha256: v.PROMETHEUS_UI_LOCKFILE_SHA256 }
      : undefined;
  return {
    prometheus: {
      name: 'prometheus',
      version: v.PROMETHEUS_VERSION,
      module: 'github.com/prometheus/prometheus',
      moduleVersion: prometheusModuleVersion(v.PROMETHEUS_VERSION),
      dir: 'web/ui',
      packageManager: { name: 'pnpm', version: v.PNPM_VERSION },
      lockfile: 'pnpm-lock.yaml',
      ...(override ? { override } : {}),
      // The Makefile's BUILD_UI=mantine: the libraries, then mantine-ui into static/mantine-ui.
      // The old React UI (--enable-feature=old-ui) is left out; the workshop never turns it on.
      build: [['pnpm', 'run', 'build:mantine-ui']],
      output: 'static',
      entry: 'mantine-ui/index.html',
      embed: 'compress-assets',
      goTag: 'builtinassets',
    },
    alloy: {
      name: 'alloy',
      version: v.ALLOY_VERSION,
      module: 'github.com/grafana/alloy',
      moduleVersion: v.ALLOY_VERSION,
      dir: 'internal/web/ui',
      packageManager: { name: 'yarn', version: v.YARN_VERSION },
      lockfile: 'yarn.lock',
      build: [['yarn', 'run', 'build']],
      output: 'build',
      entry: 'index.html',
      embed: 'copy',
      goTag: 'builtinassets',
    },
  };
}

export const hasWebUi = (component: string): component is WebUiName =>
  (webUiNames as readonly string[]).includes(component);

/** The web UI a component's binary embeds, or undefined for one without (Mimir, the app). */
export const webUiOf = (v: Versions, component: string): WebUiRecipe | undefined =>
  hasWebUi(component) ? webUiRecipes(v)[component] : undefined;

/** The install command: the lockfile as it is, or an error. */
export function installArgs(manager: PackageManager): string[] {
  return manager.name === 'pnpm'
    ? ['install', '--frozen-lockfile']
    : // Alloy's Makefile and Dockerfile allow 20 minutes per request: some packages are large.
      ['install', '--frozen-lockfile', '--non-interactive', '--network-timeout=1200000'];
}

const majorOf = (nodeVersion: string): string => nodeVersion.replace(/^v/, '').split('.')[0] ?? nodeVersion;

/** What decides reuse of a built UI: the recipe, Node's major version and the builder revision. */
export function webUiKey(ui: WebUiRecipe, nodeVersion: string = process.version): string {
  return createHash('sha256')
    .update(JSON.stringify({ ui, node: majorOf(nodeVersion), UI_BUILDER_REVISION }))
    .digest('hex');
}

/** .stack/ui/<name>/<version>/: the built UI and its ui.json stamp. */
export const webUiCacheDir = (paths: StackPaths, ui: WebUiRecipe): string =>
  join(paths.home, 'ui', ui.name, ui.version);

/** .stack/tools/<manager>/<version>/: the package manager, installed from the npm registry. */
export const packageManagerDir = (paths: StackPaths, manager: PackageManager): string =>
  join(paths.home, 'tools', manager.name, manager.version);
