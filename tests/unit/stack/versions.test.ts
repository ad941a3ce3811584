import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { recipes, upstreamNames } from '../../../scripts/stack/native/components.ts';
import { stackPaths } from '../../../scripts/stack/paths.ts';
import {
  displayVersion,
  loadVersions,
  modeVersionDifferences,
  parseEnvFile,
  parseVersions,
  prometheusModuleVersion,
} from '../../../scripts/stack/versions.ts';

const paths = stackPaths();
const envText = readFileSync(paths.versionsFile, 'utf8');

describe('prometheusModuleVersion', () => {
  it('maps Prometheus 3.Y.Z releases to module v0.3YY.Z', () => {
    expect(prometheusModuleVersion('v3.16.0')).toBe('v0.316.0');
    expect(prometheusModuleVersion('v3.4.2')).toBe('v0.304.2');
    expect(prometheusModuleVersion('v3.0.1')).toBe('v0.300.1');
  });

  it('rejects what is not a 3.x release tag', () => {
    expect(() => prometheusModuleVersion('3.16.0')).toThrow(/release tag/);
    expect(() => prometheusModuleVersion('v2.53.0')).toThrow(/3\.x/);
  });
});

describe('stack/versions.env', () => {
  it('names every bad key in one error, with file and value', () => {
    const broken = envText
      .replace(/^PROMETHEUS_VERSION=.*$/m, 'PROMETHEUS_VERSION=3.16')
      .replace(/^MIMIR_VERSION=.*$/m, 'MIMIR_VERSION=latest');
    expect(() => parseVersions(broken, 'stack/versions.env')).toThrow(
      /stack\/versions\.env is not valid:[\s\S]*PROMETHEUS_VERSION="3\.16"[\s\S]*MIMIR_VERSION="latest": a Mimir image tag Mimir publishes/,
    );
  });

  it.each(['3.1.2', '3.0.6', 'r392-1a2b3c4'])('accepts Mimir image tag %s, a form Mimir publishes', (tag) => {
    expect(parseVersions(envText.replace(/^MIMIR_VERSION=.*$/m, `MIMIR_VERSION=${tag}`)).MIMIR_VERSION).toBe(
      tag,
    );
  });

  it('rejects a main-branch Mimir image tag, which Mimir never publishes', () => {
    expect(() => parseVersions(envText.replace(/^MIMIR_VERSION=.*$/m, 'MIMIR_VERSION=main-aced80d'))).toThrow(
      /MIMIR_VERSION="main-aced80d": Mimir publishes no main-<commit> images/,
    );
  });

  it('documents why the Mimir pins differ between the modes', () => {
    const mimirBlock = envText.slice(envText.indexOf('# Mimir:'), envText.indexOf('MIMIR_VERSION='));
    for (const evidence of ['Go module proxy', 'grafana/mimir#2378', 'Helm chart', 'CHANGELOG'])
      expect(mimirBlock, `versions.env's Mimir comment cites ${evidence}`).toContain(evidence);
  });

  it('refuses a Mimir module pin that names another commit than MIMIR_COMMIT', () => {
    expect(() => parseVersions(envText.replace(/^MIMIR_COMMIT=.*$/m, 'MIMIR_COMMIT=000000000000'))).toThrow(
      /MIMIR_MODULE_VERSION="[^"]+": must end with -000000000000 \(MIMIR_COMMIT\)/,
    );
  });

  it('reports a missing key', () => {
    expect(() => parseVersions(envText.replace(/^ALLOY_VERSION=.*$/m, ''))).toThrow(
      /ALLOY_VERSION \(missing\)/,
    );
  });

  it('rejects a line that is not KEY=VALUE', () => {
    expect(() => parseEnvFile('FOO=1\nnot a pair\n')).toThrow(/line 2/);
  });
});

describe('native build recipes follow versions.env', () => {
  const v = loadVersions();
  const r = recipes(v);

  it('builds the pinned Prometheus release from its derived module version', () => {
    expect(r.prometheus.moduleVersion).toBe(prometheusModuleVersion(v.PROMETHEUS_VERSION));
    expect(r.prometheus.version).toBe(v.PROMETHEUS_VERSION);
    expect(r.prometheus.ldflags).toContain(
      `github.com/prometheus/common/version.Version=${v.PROMETHEUS_VERSION.slice(1)}`,
    );
  });

  it('runs the same version in both modes, but for the one documented Mimir difference', () => {
    const differing = upstreamNames.filter((name) => r[name].version !== displayVersion(v, name, 'docker'));
    expect(differing).toEqual(Object.keys(modeVersionDifferences));
    expect(differing).toEqual(['mimir']);
    for (const name of upstreamNames)
      expect(displayVersion(v, name, 'native'), `${name} natively`).toBe(r[name].version);
    expect(displayVersion(v, 'mimir', 'docker')).toBe(v.MIMIR_VERSION);
  });
});
