/**
 * The Go modules this project never builds, requires or imports. The list copies the
 * `not-to-use` rows of the Go package list on the developers' machines (go-partial.tsv in the
 * environment's package lists; a unit test compares the two where that file exists), because
 * CI's fresh machine does not have it. golang.org/toolchain is left out: its row is about `go get`,
 * and no module graph names it. Docker images of these projects are fine: Docker mode runs
 * Loki and k6 from theirs (stack/services.ts, `native.dockerOnly`).
 *
 * A module is matched by its exact path: a nested module is a module of its own, with its own
 * licence (github.com/grafana/loki/pkg/push is Apache-2.0, github.com/hashicorp/nomad/api is
 * allowed while github.com/hashicorp/nomad is not).
 */
export interface BannedModule {
  readonly path: string;
  /** The package list's reason. */
  readonly why: string;
}

export const bannedGoModules: readonly BannedModule[] = [
  { path: 'github.com/alecthomas/kong-yaml', why: 'it has no licence file' },
  { path: 'github.com/aminueza/terraform-provider-minio', why: 'it is under the AGPL' },
  { path: 'github.com/cockroachdb/cockroach', why: "the vendor's own terms, not an open-source licence" },
  {
    path: 'github.com/element-hq/dendrite',
    why: 'it is under the AGPL; github.com/matrix-org/dendrite has its own row',
  },
  { path: 'github.com/grafana/grafana', why: 'it is under the AGPL' },
  { path: 'github.com/grafana/grafana/apps/dashboard', why: 'it is under the AGPL' },
  { path: 'github.com/grafana/loki/v3', why: 'it is under the AGPL' },
  { path: 'github.com/grafana/tempo', why: 'it is under the AGPL' },
  { path: 'github.com/hashicorp/consul/envoyextensions', why: 'not an open-source licence' },
  { path: 'github.com/hashicorp/consul/troubleshoot', why: 'not an open-source licence' },
  {
    path: 'github.com/hashicorp/nomad',
    why: 'not an open-source licence from v1.7.0 on; github.com/hashicorp/nomad/api has its own row',
  },
  { path: 'github.com/ian-kent/linkio', why: 'it has no licence file' },
  { path: 'github.com/lxc/incus/v6', why: 'many security flaws are reported and v6 has no fix' },
  {
    path: 'github.com/odvcencio/gotreesitter',
    why: 'parts of it have a licence that is not open-source; use github.com/tree-sitter/go-tree-sitter',
  },
  { path: 'github.com/redpanda-data/connect/v4', why: 'not an open-source licence' },
  {
    path: 'github.com/rqlite/rqlite/v9',
    why: 'its notices hold a licence that is not open-source; the client github.com/rqlite/gorqlite has its own row',
  },
  { path: 'github.com/skyoo2003/devcloud', why: 'do not use it' },
  { path: 'github.com/unidoc/unioffice', why: 'a paid licence' },
  { path: 'github.com/wangbin/jiebago', why: 'it has no licence file' },
  { path: 'go.k6.io/k6', why: 'it is under the AGPL' },
];

/** The banned module with exactly this module path, if any. */
export function bannedModuleOf(modulePath: string): BannedModule | undefined {
  return bannedGoModules.find((m) => m.path === modulePath);
}

/**
 * The banned module an import path no module provides would come from: the longest banned
 * path it sits under. Only an import of a module the builder dropped is left unprovided.
 */
export function bannedModuleOfPackage(importPath: string): BannedModule | undefined {
  return bannedGoModules
    .filter((m) => importPath === m.path || importPath.startsWith(`${m.path}/`))
    .sort((a, b) => b.path.length - a.path.length)[0];
}

/**
 * The banned modules `go version -m <binary>` names (its `dep` and `=>` lines): what a binary
 * was built from.
 */
export function bannedInBuildInfo(goVersionM: string): string[] {
  const found = new Set<string>();
  for (const line of goVersionM.split('\n')) {
    const [kind, path] = line.trim().split(/\s+/);
    if ((kind === 'dep' || kind === '=>' || kind === 'mod') && path) {
      const banned = bannedModuleOf(path);
      if (banned) found.add(banned.path);
    }
  }
  return [...found].sort();
}

/** The `go mod graph` edges (`from to`, each `path@version`) that reach a banned module. */
export function bannedInModuleGraph(graph: string): string[] {
  return graph
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => {
      const to = line.split(' ')[1];
      return to !== undefined && bannedModuleOf(to.split('@')[0] ?? '') !== undefined;
    });
}
