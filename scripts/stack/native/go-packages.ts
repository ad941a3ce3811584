/**
 * The package graph of a Go build as `go list -e -deps -json` reports it, and which packages
 * reach a banned module through their imports. The builder reads it under -mod=readonly once
 * the banned requirements are gone from go.mod: a package of a banned module then shows up as
 * an error (no module provides it) instead of being downloaded, and its importers still name it.
 */
import { z } from 'zod';
import type { BannedModule } from './banned-modules.ts';
import { bannedModuleOf, bannedModuleOfPackage } from './banned-modules.ts';

/** The fields the builder asks `go list -json=` for. */
export const goListFields = ['ImportPath', 'Module', 'Imports', 'Error', 'Standard', 'Dir', 'GoFiles'];

/** `go list` arguments for the packages `packages` build from, under the build's tags. */
export function goListArgs(tags: readonly string[], packages: readonly string[]): string[] {
  return [
    'list',
    '-mod=readonly',
    '-e',
    '-deps',
    `-tags=${tags.join(',')}`,
    `-json=${goListFields.join(',')}`,
    ...packages,
  ];
}

const listedPackage = z.object({
  ImportPath: z.string(),
  Module: z.object({ Path: z.string() }).optional(),
  Imports: z.array(z.string()).optional(),
  Error: z.object({ Err: z.string() }).optional(),
  Standard: z.boolean().optional(),
  Dir: z.string().optional(),
  GoFiles: z.array(z.string()).optional(),
});

export interface GoPackage {
  readonly importPath: string;
  /** The module providing it; undefined for the standard library and for unresolved imports. */
  readonly module: string | undefined;
  readonly imports: readonly string[];
  readonly error: string | undefined;
  readonly dir: string | undefined;
  readonly goFiles: readonly string[];
}

/** Import path → package, standard library left out (it never reaches a module). */
export type PackageGraph = ReadonlyMap<string, GoPackage>;

/**
 * Parses `go list -json` output: a stream of indented objects, each closed by a `}` alone on a
 * line (a JSON string never holds a raw newline, so that line is always an object's end).
 */
export function parseGoList(stdout: string): PackageGraph {
  const graph = new Map<string, GoPackage>();
  for (const chunk of stdout.split(/^\}$/m)) {
    const text = chunk.trim();
    if (text === '') continue;
    const parsed = listedPackage.safeParse(JSON.parse(`${text}\n}`));
    if (!parsed.success)
      throw new Error(`go list printed a package this parser does not know: ${text.slice(0, 200)}`);
    const p = parsed.data;
    if (p.Standard) continue;
    graph.set(p.ImportPath, {
      importPath: p.ImportPath,
      module: p.Module?.Path,
      imports: p.Imports ?? [],
      error: p.Error?.Err,
      dir: p.Dir,
      goFiles: p.GoFiles ?? [],
    });
  }
  return graph;
}

/** The banned module a package itself belongs to: by its module, or by its path when unresolved. */
export function bannedOwner(pkg: GoPackage): BannedModule | undefined {
  return pkg.module ? bannedModuleOf(pkg.module) : bannedModuleOfPackage(pkg.importPath);
}

/**
 * Every package of `graph` whose import closure holds a package of a banned module, with the
 * shortest import chain that proves it (the package itself first, the banned package last).
 */
export function taintedPackages(graph: PackageGraph): ReadonlyMap<string, readonly string[]> {
  const chains = new Map<string, readonly string[] | null>();
  const visit = (path: string): readonly string[] | null => {
    const known = chains.get(path);
    if (known !== undefined) return known;
    const pkg = graph.get(path);
    let chain: readonly string[] | null = null;
    if (pkg) {
      if (bannedOwner(pkg)) chain = [path];
      else {
        // The shortest chain: the plainest explanation of why a package is out.
        for (const dep of pkg.imports) {
          const below = visit(dep);
          if (below && (!chain || below.length + 1 < chain.length)) chain = [path, ...below];
        }
      }
    } else if (bannedModuleOfPackage(path)) chain = [path];
    chains.set(path, chain);
    return chain;
  };
  const tainted = new Map<string, readonly string[]>();
  for (const path of graph.keys()) {
    const chain = visit(path);
    if (chain) tainted.set(path, chain);
  }
  return tainted;
}

/** The banned packages themselves among `graph`'s packages, sorted. */
export function bannedPackages(graph: PackageGraph): string[] {
  return [...graph.values()]
    .filter((p) => bannedOwner(p))
    .map((p) => p.importPath)
    .sort();
}

/**
 * Packages no module provides that are not a banned module's: `go list -e` could not resolve
 * them (a module missing from go.mod or go.sum), so nothing below them was checked.
 */
export function unresolvedPackages(graph: PackageGraph): GoPackage[] {
  return [...graph.values()].filter((p) => !p.module && p.error !== undefined && !bannedOwner(p));
}
