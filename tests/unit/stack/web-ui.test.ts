/**
 * The web UI recipes and their cache key, and the guard around the one lockfile override:
 * the override applies only to the lockfile it was written for, and may move nothing else.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  assertLockfileFor,
  lockedPackages,
  lockedVersionsOf,
  sha256,
  unexpectedChanges,
  workspaceWithOverride,
} from '../../../scripts/stack/native/pnpm-override.ts';
import {
  currentBuilds,
  upstreamBinDir,
  upstreamKey,
  webUiBuildFailure,
} from '../../../scripts/stack/native/build.ts';
import { recipes } from '../../../scripts/stack/native/components.ts';
import { currentWebUi } from '../../../scripts/stack/native/web-ui-build.ts';
import {
  installArgs,
  parseOverride,
  webUiCacheDir,
  webUiKey,
  webUiOf,
  webUiRecipes,
} from '../../../scripts/stack/native/web-ui.ts';
import type { ServiceStatus } from '../../../scripts/stack/api.ts';
import { stackPaths } from '../../../scripts/stack/paths.ts';
import { formatWebUis } from '../../../scripts/stack/status.ts';
import type { WebUiState } from '../../../scripts/stack/web-ui-probe.ts';
import { webUiUrl } from '../../../scripts/stack/web-ui-probe.ts';
import { services } from '../../../stack/services.ts';
import { loadVersions, parseVersions } from '../../../scripts/stack/versions.ts';

const versions = loadVersions();
const uis = webUiRecipes(versions);
const envText = readFileSync(stackPaths().versionsFile, 'utf8');
const withoutOverride = envText.replace(/^PROMETHEUS_UI_(OVERRIDE|LOCKFILE_SHA256)=.*$/gm, '');

/** A pnpm 9.0-format lockfile holding these packages (the `packages` map is what installs). */
const lockfile = (keys: readonly string[]): string =>
  [
    "lockfileVersion: '9.0'",
    'packages:',
    ...keys.map((k) => `  '${k}':\n    resolution: {integrity: sha512-x}`),
    '',
  ].join('\n');

const override = {
  name: '@mantine/code-highlight',
  version: '9.6.2',
  lockfileSha256: sha256(lockfile(['@mantine/code-highlight@9.7.2', '@mantine/core@9.7.2'])),
};

describe('web UI recipes follow stack/versions.env', () => {
  it('builds Prometheus’ UI with the pinned pnpm from the module of the pinned release', () => {
    expect(uis.prometheus.packageManager).toEqual({ name: 'pnpm', version: versions.PNPM_VERSION });
    expect(uis.prometheus.moduleVersion).toBe('v0.316.0');
    expect(uis.prometheus.version).toBe(versions.PROMETHEUS_VERSION);
    expect(uis.prometheus.goTag).toBe('builtinassets');
  });

  it('builds Alloy’s UI with the pinned yarn 1', () => {
    expect(uis.alloy.packageManager).toEqual({ name: 'yarn', version: versions.YARN_VERSION });
    expect(uis.alloy.moduleVersion).toBe(versions.ALLOY_VERSION);
  });

  it('carries the override and its lockfile hash only together', () => {
    expect(uis.prometheus.override).toEqual({
      ...parseOverride(versions.PROMETHEUS_UI_OVERRIDE ?? ''),
      lockfileSha256: versions.PROMETHEUS_UI_LOCKFILE_SHA256,
    });
    expect(() => parseVersions(envText.replace(/^PROMETHEUS_UI_LOCKFILE_SHA256=.*$/m, ''))).toThrow(
      /PROMETHEUS_UI_LOCKFILE_SHA256 \(missing\): required with PROMETHEUS_UI_OVERRIDE/,
    );
    expect(() => parseVersions(envText.replace(/^PROMETHEUS_UI_OVERRIDE=.*$/m, ''))).toThrow(
      /PROMETHEUS_UI_LOCKFILE_SHA256="[0-9a-f]{64}": belongs to PROMETHEUS_UI_OVERRIDE/,
    );
    expect(webUiRecipes(parseVersions(withoutOverride)).prometheus.override).toBeUndefined();
  });

  it('installs with the lockfile frozen', () => {
    expect(installArgs(uis.prometheus.packageManager)).toContain('--frozen-lockfile');
    expect(installArgs(uis.alloy.packageManager)).toContain('--frozen-lockfile');
  });

  it('splits a scoped name@version', () => {
    expect(parseOverride('@mantine/code-highlight@9.6.2')).toEqual({
      name: '@mantine/code-highlight',
      version: '9.6.2',
    });
    expect(() => parseOverride('9.6.2')).toThrow(/name@version/);
  });
});

describe('webUiKey', () => {
  const ui = uis.prometheus;

  it('changes with the package manager, the override and Node’s major version', () => {
    const key = webUiKey(ui, 'v22.23.3');
    expect(webUiKey(ui, 'v22.1.0')).toBe(key);
    expect(webUiKey(ui, 'v24.21.0')).not.toBe(key);
    expect(webUiKey({ ...ui, packageManager: { name: 'pnpm', version: '12.4.2' } }, 'v22.23.3')).not.toBe(
      key,
    );
    const noOverride = webUiRecipes(parseVersions(withoutOverride)).prometheus;
    expect(webUiKey(noOverride, 'v22.23.3')).not.toBe(key);
  });
});

describe('the lockfile override guard', () => {
  const before = lockfile(['@mantine/code-highlight@9.7.2', '@mantine/core@9.7.2']);

  it('accepts the lockfile the override was written for and refuses any other, naming both hashes', () => {
    expect(() => {
      assertLockfileFor(override, before, 'web/ui/pnpm-lock.yaml');
    }).not.toThrow();
    const changed = lockfile(['@mantine/code-highlight@9.8.0', '@mantine/core@9.8.0']);
    expect(() => {
      assertLockfileFor(override, changed, 'web/ui/pnpm-lock.yaml');
    }).toThrow(
      new RegExp(
        `web/ui/pnpm-lock.yaml has SHA-256 ${sha256(changed)}.*written for ${override.lockfileSha256}`,
      ),
    );
  });

  it('reads the locked versions of a package', () => {
    const packages = lockedPackages(before);
    expect(lockedVersionsOf(packages, '@mantine/code-highlight')).toEqual(['9.7.2']);
    expect(() => lockedPackages('packages: 3\n')).toThrow(/not a pnpm lockfile/);
  });

  it('adds the override, and excludes from the release-age check only the versions it replaces', () => {
    // The policy keys of Prometheus' web/ui/pnpm-workspace.yaml at v0.316.0.
    const workspace = [
      'packages:',
      '  - "mantine-ui"',
      'minimumReleaseAge: 4320',
      'minimumReleaseAgeExclude:',
      "  - '@mantine/core@9.5.0'",
      '',
    ].join('\n');
    const result = parse(workspaceWithOverride(workspace, override, ['9.7.2'])) as Record<string, unknown>;
    expect(result['overrides']).toEqual({ '@mantine/code-highlight': '9.6.2' });
    expect(result['minimumReleaseAgeExclude']).toEqual([
      '@mantine/core@9.5.0',
      '@mantine/code-highlight@9.7.2',
    ]);
    expect(result['minimumReleaseAge']).toBe(4320);
    const noPolicy = parse(workspaceWithOverride('packages: []\n', override, ['9.7.2'])) as Record<
      string,
      unknown
    >;
    expect(noPolicy['minimumReleaseAgeExclude']).toBeUndefined();
  });

  it('lets through a re-resolution that swapped only the overridden package', () => {
    const after = lockedPackages(lockfile(['@mantine/code-highlight@9.6.2', '@mantine/core@9.7.2']));
    expect(unexpectedChanges(lockedPackages(before), after, override)).toEqual([]);
  });

  it('names every other package that moved, and an overridden version left behind', () => {
    const after = lockedPackages(
      lockfile(['@mantine/code-highlight@9.6.2', '@mantine/code-highlight@9.7.2', '@mantine/core@9.6.2']),
    );
    expect(unexpectedChanges(lockedPackages(before), after, override)).toEqual([
      '- @mantine/core@9.7.2',
      '+ @mantine/core@9.6.2',
      '@mantine/code-highlight: expected only @mantine/code-highlight@9.6.2, locked @mantine/code-highlight@9.6.2, @mantine/code-highlight@9.7.2',
    ]);
  });
});

describe('currentWebUi', () => {
  let root: string | undefined;
  afterEach(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  const stamp = (key: string): string =>
    JSON.stringify({
      key,
      name: 'alloy',
      version: versions.ALLOY_VERSION,
      packageManager: 'yarn@1.22.22',
      node: process.version,
      builtAt: new Date().toISOString(),
      steps: {},
      totalMs: 1,
    });

  it('reuses a build whose stamp matches the recipe and whose entry file exists, and nothing else', () => {
    root = mkdtempSync(join(tmpdir(), 'web-ui-'));
    const paths = stackPaths(root);
    const ui = uis.alloy;
    const dir = webUiCacheDir(paths, ui);
    expect(dir).toBe(join(root, '.stack', 'ui', 'alloy', versions.ALLOY_VERSION));
    expect(currentWebUi(paths, ui)).toBeUndefined();

    mkdirSync(join(dir, ui.output), { recursive: true });
    writeFileSync(join(dir, 'ui.json'), stamp(webUiKey(ui)));
    expect(currentWebUi(paths, ui), 'no index.html in build/').toBeUndefined();

    writeFileSync(join(dir, ui.output, ui.entry), '<!doctype html>');
    expect(currentWebUi(paths, ui)?.key).toBe(webUiKey(ui));

    writeFileSync(join(dir, 'ui.json'), stamp('stale'));
    expect(currentWebUi(paths, ui)).toBeUndefined();
  });
});

describe('a native build counts as current only with its web UI compiled in', () => {
  let root: string | undefined;
  afterEach(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });
  const go = 'go1.26.0';
  const all = recipes(versions);

  /** A complete build folder for `name` whose build.json carries `key` (and `webUi`). */
  const place = (paths: ReturnType<typeof stackPaths>, name: 'prometheus' | 'mimir', extra: object): void => {
    const dir = upstreamBinDir(paths, all[name]);
    mkdirSync(dir, { recursive: true });
    for (const binary of all[name].binaries) writeFileSync(join(dir, binary), '');
    const stamp = { name, version: all[name].version, goVersion: go, builtAt: 'then', steps: {}, totalMs: 1 };
    writeFileSync(join(dir, 'build.json'), JSON.stringify({ ...stamp, ...extra }));
  };

  it('rebuilds an API-only Prometheus (and says why it has no UI), reuses one with the UI', () => {
    root = mkdtempSync(join(tmpdir(), 'native-build-'));
    const paths = stackPaths(root);
    const ui = webUiOf(versions, 'prometheus');
    expect(ui?.goTag).toBe('builtinassets');
    const failure = {
      error: 'npm install pnpm@x: ENOTFOUND registry.npmjs.org',
      log: '/x/prometheus-ui.log',
    };

    place(paths, 'prometheus', { key: upstreamKey(all.prometheus, go), webUi: failure });
    expect(currentBuilds(paths, versions, go).prometheus).toBeUndefined();
    expect(webUiBuildFailure(paths, versions, 'prometheus')).toEqual(failure);

    const key = upstreamKey(all.prometheus, go, ui && webUiKey(ui));
    place(paths, 'prometheus', { key, webUi: { key: ui && webUiKey(ui) } });
    expect(currentBuilds(paths, versions, go).prometheus?.key).toBe(key);
    expect(webUiBuildFailure(paths, versions, 'prometheus')).toBeUndefined();
  });

  it('keeps Mimir’s key as it was: it has no UI, so it does not rebuild', () => {
    root = mkdtempSync(join(tmpdir(), 'native-build-'));
    const paths = stackPaths(root);
    expect(webUiOf(versions, 'mimir')).toBeUndefined();
    place(paths, 'mimir', { key: upstreamKey(all.mimir, go) });
    expect(currentBuilds(paths, versions, go).mimir?.key).toBe(upstreamKey(all.mimir, go));
  });
});

describe('status lists the web UIs', () => {
  const row = (service: 'prometheus' | 'alloy' | 'mimir', webUi?: WebUiState): ServiceStatus => ({
    service,
    mode: 'native',
    url: `http://127.0.0.1:${services[service].port}`,
    health: 'ready',
    ready: true,
    version: 'v0',
    pid: 1,
    rssBytes: undefined,
    ...(webUi ? { webUi } : {}),
  });

  it('prints each served UI’s URL, and says which binary answers the API only and how to fix it', () => {
    const text = formatWebUis([
      row('prometheus', { url: webUiUrl('prometheus') ?? '', served: true, detail: 'HTTP 200, text/html' }),
      row('alloy', { url: webUiUrl('alloy') ?? '', served: false, detail: 'HTTP 404, text/plain' }),
      row('mimir'),
    ]);
    expect(text).toMatch(/prometheus\s+http:\/\/127\.0\.0\.1:9090\/\n/);
    expect(text).toMatch(
      /alloy\s+http:\/\/127\.0\.0\.1:12345\/\s+no web UI \(HTTP 404, text\/plain\).*npm run stack -- restart alloy/,
    );
    expect(text).not.toContain('mimir');
  });

  it('names the failed UI build and its log for a binary built without its UI', () => {
    const text = formatWebUis([
      {
        ...row('alloy', { url: webUiUrl('alloy') ?? '', served: false, detail: 'HTTP 404, text/plain' }),
        webUiBuildFailure: { error: 'yarn install: exit 1', log: '/x/alloy-ui.log' },
      },
    ]);
    expect(text).toMatch(
      /no web UI.*\n\s+its UI build failed: yarn install: exit 1 \(log: \/x\/alloy-ui\.log\)/,
    );
  });

  it('prints nothing when no service with a UI is ready', () => {
    expect(formatWebUis([row('mimir')])).toBe('');
  });
});
