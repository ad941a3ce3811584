import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  bannedGoModules,
  bannedInBuildInfo,
  bannedInModuleGraph,
  bannedModuleOf,
  bannedModuleOfPackage,
} from '../../../scripts/stack/native/banned-modules.ts';
import { bannedPackages, parseGoList, taintedPackages } from '../../../scripts/stack/native/go-packages.ts';

const root = join(import.meta.dirname, '../../..');
const fixtures = join(import.meta.dirname, 'fixtures', 'alloy-v1.11.0');
const fixture = (name: string): string => readFileSync(join(fixtures, name), 'utf8');

describe('banned modules', () => {
  it('matches a module by its exact path: nested modules have licences of their own', () => {
    expect(bannedModuleOf('github.com/grafana/loki/v3')?.why).toBe('it is under the AGPL');
    expect(bannedModuleOf('github.com/grafana/loki/pkg/push')).toBeUndefined();
    expect(bannedModuleOf('github.com/hashicorp/nomad')?.path).toBe('github.com/hashicorp/nomad');
    expect(bannedModuleOf('github.com/hashicorp/nomad/api')).toBeUndefined();
    expect(bannedModuleOf('github.com/grafana/grafana-foundation-sdk/go')).toBeUndefined();
  });

  it('attributes an import no module provides to the longest banned path above it', () => {
    expect(bannedModuleOfPackage('github.com/grafana/loki/v3/pkg/logproto')?.path).toBe(
      'github.com/grafana/loki/v3',
    );
    expect(bannedModuleOfPackage('github.com/grafana/grafana/apps/dashboard/pkg/x')?.path).toBe(
      'github.com/grafana/grafana/apps/dashboard',
    );
    expect(bannedModuleOfPackage('github.com/grafana/loki/pkg/push')).toBeUndefined();
  });

  // The list is on the developers' machines only, not on CI's fresh one.
  const envList = '/work/.library/env/packages/go-partial.tsv';
  it.skipIf(!existsSync(envList))('covers every not-to-use row of the environment package list', () => {
    const notToUse = readFileSync(envList, 'utf8')
      .split('\n')
      .filter((line) => line.split('\t')[1] === 'not-to-use')
      .map((line) => line.split('\t')[0] ?? '')
      // Its row says not to `go get` it; no module graph names it (banned-modules.ts).
      .filter((path) => path !== 'golang.org/toolchain');
    expect(notToUse.length).toBeGreaterThan(0);
    for (const path of notToUse) expect(bannedModuleOf(path), path).toBeDefined();
    expect(bannedGoModules.filter((m) => !notToUse.includes(m.path))).toEqual([]);
  });

  it("finds loki/v3 in the build info of Alloy built before pruning, and nothing in promtool's", () => {
    expect(bannedInBuildInfo(fixture('go-version-m-with-loki.txt'))).toEqual(['github.com/grafana/loki/v3']);
    expect(bannedInBuildInfo(fixture('go-version-m-promtool.txt'))).toEqual([]);
  });

  it("finds the edge of Alloy's unmodified module graph that requires loki/v3", () => {
    expect(bannedInModuleGraph(fixture('go-mod-graph-main.txt'))).toEqual([
      'github.com/grafana/alloy github.com/grafana/loki/v3@v3.0.0-20250630063055-0ee8e76ba280',
    ]);
  });

  it('is absent from the go.mod and go.sum of the sample app and every lab program', () => {
    const modules = [join(root, 'stack', 'app')];
    for (const lab of readdirSync(join(root, 'labs')))
      for (const side of ['start', 'solution']) modules.push(join(root, 'labs', lab, side));
    const checked: string[] = [];
    for (const dir of modules) {
      for (const file of ['go.mod', 'go.sum']) {
        const path = join(dir, file);
        if (!existsSync(path)) continue;
        checked.push(path);
        const named = readFileSync(path, 'utf8')
          .split('\n')
          .flatMap((line) => line.trim().split(/\s+/))
          .filter((word) => bannedModuleOf(word.replace(/\/go\.mod$/, '')));
        expect(named, path).toEqual([]);
      }
    }
    expect(checked.length).toBeGreaterThanOrEqual(2);
  });
});

describe('package graph', () => {
  it("parses go list's object stream, standard library left out", () => {
    const graph = parseGoList(fixture('go-list-before-alias.txt'));
    expect(graph.has('fmt')).toBe(false);
    const logging = graph.get('github.com/grafana/alloy/internal/runtime/logging');
    expect(logging?.module).toBe('github.com/grafana/alloy');
    expect(logging?.imports).toContain('github.com/grafana/loki/v3/pkg/logproto');
    const logproto = graph.get('github.com/grafana/loki/v3/pkg/logproto');
    expect(logproto?.module).toBeUndefined();
    expect(logproto?.error).toMatch(
      /cannot find module providing package .*import lookup disabled by -mod=readonly/,
    );
  });

  it("taints Alloy's runtime logging through logproto, until the alias rewrite", () => {
    const before = taintedPackages(parseGoList(fixture('go-list-before-alias.txt')));
    expect(before.get('github.com/grafana/alloy/internal/runtime/logging')).toEqual([
      'github.com/grafana/alloy/internal/runtime/logging',
      'github.com/grafana/loki/v3/pkg/logproto',
    ]);
    expect(before.has('github.com/grafana/alloy/internal/component/loki/echo')).toBe(true);

    const after = parseGoList(fixture('go-list-after-alias.txt'));
    const tainted = taintedPackages(after);
    expect(tainted.has('github.com/grafana/alloy/internal/runtime/logging')).toBe(false);
    expect(tainted.has('github.com/grafana/alloy/internal/component/loki/echo')).toBe(false);
    // common/loki/utils still needs loki/v3's util package: no alias covers it.
    expect(tainted.get('github.com/grafana/alloy/internal/component/common/loki/utils')).toEqual([
      'github.com/grafana/alloy/internal/component/common/loki/utils',
      'github.com/grafana/loki/v3/pkg/util',
    ]);
    expect(bannedPackages(after)).toEqual(['github.com/grafana/loki/v3/pkg/util']);
  });
});
