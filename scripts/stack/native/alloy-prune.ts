/**
 * The build steps that keep banned modules (banned-modules.ts) out of a native binary:
 * their requirements leave the copied go.mod before anything loads the module graph; where a
 * recipe has source pruning (Alloy), the edits of alloy-registry.ts drop what still needs
 * them, computed from `go list` so a version bump recomputes it; then the package closure
 * and the module graph are checked before compiling, and the binaries' build info after.
 */
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { z } from 'zod';
import { StackError } from '../output.ts';
import type { AlloyPruning, GatedFormat } from './alloy-registry.ts';
import {
  componentsInConfig,
  gateConverterFormats,
  pruneBlankImports,
  registeredComponents,
  rewriteAliasImport,
} from './alloy-registry.ts';
import {
  bannedInBuildInfo,
  bannedInModuleGraph,
  bannedModuleOf,
  bannedModuleOfPackage,
} from './banned-modules.ts';
import type { PackageGraph } from './go-packages.ts';
import { goListArgs, parseGoList, taintedPackages, unresolvedPackages } from './go-packages.ts';

/** Runs one go command as a named build step in the source copy; returns stdout, throws on failure. */
export type GoStep = (step: string, args: readonly string[]) => Promise<string>;

const goModRequires = z.object({
  Require: z.array(z.object({ Path: z.string() })).nullish(),
  Replace: z.array(z.object({ Old: z.object({ Path: z.string() }) })).nullish(),
});

/** Drops go.mod's requirements (and replaces) of banned modules; returns the modules dropped. */
export async function dropBannedRequirements(go: GoStep): Promise<string[]> {
  const mod = goModRequires.parse(JSON.parse(await go('read go.mod', ['mod', 'edit', '-json'])));
  const required = (mod.Require ?? []).map((r) => r.Path).filter((p) => bannedModuleOf(p));
  const replaced = (mod.Replace ?? []).map((r) => r.Old.Path).filter((p) => bannedModuleOf(p));
  if (required.length + replaced.length === 0) return [];
  await go('drop banned modules', [
    'mod',
    'edit',
    ...required.map((p) => `-droprequire=${p}`),
    ...replaced.map((p) => `-dropreplace=${p}`),
  ]);
  return required;
}

/** What the source pruning changed and what the binary goes without. */
export interface PruneReport {
  /** Files whose banned import now names the allowed package it aliases. */
  readonly aliased: readonly string[];
  /** Blank imports dropped, by registry file. */
  readonly droppedRegistrations: Readonly<Record<string, readonly string[]>>;
  readonly gatedFormats: readonly GatedFormat[];
  /** Components registered before the edits and not after. */
  readonly lostComponents: readonly string[];
  readonly keptComponents: number;
}

/** Go files of the module under `dir`, tests, testdata and vendor left out. */
function goSources(dir: string): string[] {
  const out: string[] = [];
  const walk = (current: string): void => {
    for (const entry of readdirSync(current)) {
      const full = join(current, entry);
      if (statSync(full).isDirectory()) {
        if (!['testdata', 'vendor', 'node_modules'].includes(entry) && !entry.startsWith('.')) walk(full);
      } else if (entry.endsWith('.go') && !entry.endsWith('_test.go')) out.push(full);
    }
  };
  walk(dir);
  return out;
}

/** Component name → registering package, for the module's own packages in `graph` (under `src`). */
function componentsOf(graph: PackageGraph, src: string): Map<string, string> {
  const names = new Map<string, string>();
  for (const pkg of graph.values()) {
    const dir = pkg.dir;
    if (dir === undefined || (dir !== src && !dir.startsWith(`${src}/`))) continue;
    const files = pkg.goFiles.map((name) => ({
      name: relative(src, join(dir, name)),
      text: readFileSync(join(dir, name), 'utf8'),
    }));
    for (const name of registeredComponents(files)) names.set(name, pkg.importPath);
  }
  return names;
}

/** The component names the workshop's own Alloy configs use: the stack's and each lab's. */
export function workshopComponents(root: string): Map<string, string[]> {
  const configs: string[] = [];
  const alloyFiles = (dir: string): void => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir)) {
      const full = join(dir, entry);
      if (statSync(full).isDirectory()) alloyFiles(full);
      else if (entry.endsWith('.alloy')) configs.push(full);
    }
  };
  alloyFiles(join(root, 'stack', 'alloy'));
  for (const lab of readdirSync(join(root, 'labs'))) {
    alloyFiles(join(root, 'labs', lab, 'start'));
    alloyFiles(join(root, 'labs', lab, 'solution'));
  }
  const users = new Map<string, string[]>();
  for (const file of configs) {
    for (const name of componentsInConfig(readFileSync(file, 'utf8')))
      users.set(name, [...(users.get(name) ?? []), relative(root, file)]);
  }
  return users;
}

const chainText = (chain: readonly string[]): string => chain.join(' → ');

/**
 * Alloy's source edits in the copy at `src`, then the checks that the build of `packages`
 * needs no banned package and keeps every component the workshop's configs use.
 */
export async function pruneSources(options: {
  readonly src: string;
  readonly root: string;
  readonly pruning: AlloyPruning;
  readonly tags: readonly string[];
  readonly packages: readonly string[];
  readonly go: GoStep;
  readonly log: (line: string) => void;
}): Promise<PruneReport> {
  const { src, pruning, tags, packages, go, log } = options;

  const aliased: string[] = [];
  for (const file of goSources(src)) {
    let text = readFileSync(file, 'utf8');
    let changed = false;
    for (const rule of pruning.aliases) {
      const outcome = rewriteAliasImport(text, rule);
      if (outcome.kind === 'rewritten') {
        text = outcome.source;
        changed = true;
      } else if (outcome.kind === 'kept')
        log(`# ${relative(src, file)} keeps ${rule.from}: it uses ${outcome.others.join(', ')}`);
    }
    if (changed) {
      writeFileSync(file, text);
      aliased.push(relative(src, file));
    }
  }
  for (const rule of pruning.aliases)
    log(`# ${rule.from} => ${rule.to} in ${aliased.length} files: ${rule.why}`);

  const roots = [...packages, pruning.componentRegistry];
  const before = parseGoList(await go('list packages', goListArgs(tags, roots)));
  const tainted = taintedPackages(before);

  const droppedRegistrations: Record<string, readonly string[]> = {};
  for (const file of pruning.registries) {
    const path = join(src, file);
    const pruned = pruneBlankImports(readFileSync(path, 'utf8'), (p) => tainted.has(p));
    writeFileSync(path, pruned.source);
    droppedRegistrations[file] = pruned.dropped;
    for (const p of pruned.dropped) log(`# ${file}: dropped _ "${p}": ${chainText(tainted.get(p) ?? [])}`);
  }

  const converterPath = join(src, pruning.converter);
  const converter = gateConverterFormats(
    readFileSync(converterPath, 'utf8'),
    (p) => tainted.has(p),
    (format, converterPackage) =>
      `this Alloy was built by the workshop's native mode, which leaves the ${format} converter out: it needs ${bannedModuleOfPackage(tainted.get(converterPackage)?.at(-1) ?? '')?.path ?? 'a banned module'}, which this project does not build. Docker mode's Alloy image has it.`,
  );
  const required = converter.gated.filter((g) => pruning.requiredFormats.includes(g.format));
  if (required.length > 0)
    throw new StackError(
      `the native Alloy build would turn away source formats the workshop converts: ${required.map((g) => `${g.format} (${chainText(tainted.get(g.converterPackage) ?? [])})`).join('; ')}`,
    );
  writeFileSync(converterPath, converter.source);
  for (const g of converter.gated)
    log(
      `# ${pruning.converter}: --source-format=${g.format} turned away: ${chainText(tainted.get(g.converterPackage) ?? [])}`,
    );

  const after = parseGoList(await go('list packages', goListArgs(tags, roots)));
  refuseBanned(after, 'after pruning');

  const registeredBefore = componentsOf(before, src);
  const registeredAfter = componentsOf(after, src);
  const lostComponents = [...registeredBefore.keys()].filter((c) => !registeredAfter.has(c)).sort();
  log(`# components left out (${lostComponents.length}): ${lostComponents.join(', ')}`);

  const missing = [...workshopComponents(options.root)].filter(([name]) => !registeredAfter.has(name));
  if (missing.length > 0) {
    const why = (name: string): string => {
      const pkg = registeredBefore.get(name);
      return pkg
        ? `needs ${chainText(tainted.get(pkg) ?? [pkg])}`
        : 'Alloy registers no component of that name';
    };
    throw new StackError(
      `the native Alloy build lacks components the workshop's configs use:\n` +
        missing.map(([name, files]) => `  ${name} (${files.join(', ')}): ${why(name)}`).join('\n') +
        `\nNative mode cannot run those configs; Docker mode's Alloy image can.`,
    );
  }
  return {
    aliased,
    droppedRegistrations,
    gatedFormats: converter.gated,
    lostComponents,
    keptComponents: registeredAfter.size,
  };
}

/**
 * Throws when a package of a `go list -deps` graph belongs to a banned module, naming the
 * longest import chain to it (from the build's own packages, as near as the graph tells), or
 * when go list could not resolve a package, so the check could not see below it.
 */
export function refuseBanned(graph: PackageGraph, when: string): void {
  const unresolved = unresolvedPackages(graph);
  if (unresolved.length > 0)
    throw new StackError(
      `go list cannot resolve packages of the build (${when}), so it cannot be checked for banned modules:\n  ` +
        unresolved
          .slice(0, 5)
          .map((p) => `${p.importPath}: ${p.error ?? ''}`)
          .join('\n  '),
    );
  const chains = [...taintedPackages(graph).values()];
  if (chains.length === 0) return;
  const longest = chains.reduce((a, b) => (b.length > a.length ? b : a));
  throw new StackError(`the build would compile a banned module's package (${when}): ${chainText(longest)}`);
}

/**
 * Throws when `go mod graph` still names a module whose requirement was dropped (a dependency
 * requires it too). Other banned modules the graph names are logged: a dependency's go.mod may
 * name one whose packages nothing compiled imports; the package and binary checks refuse it if
 * anything does.
 */
export async function refuseBannedModuleGraph(
  go: GoStep,
  dropped: readonly string[],
  log: (line: string) => void,
): Promise<void> {
  const edges = bannedInModuleGraph(await go('check module graph', ['mod', 'graph']));
  const target = (edge: string): string => edge.split(' ')[1]?.split('@')[0] ?? '';
  const fatal = edges.filter((e) => dropped.includes(target(e)));
  if (fatal.length > 0)
    throw new StackError(
      `the module graph still names a banned module after go.mod dropped it (a dependency requires it):\n  ${fatal.slice(0, 10).join('\n  ')}`,
    );
  for (const edge of edges)
    log(
      `# module graph: ${edge} (${bannedModuleOf(target(edge))?.why ?? ''}); checked below: no package of it may be compiled`,
    );
}

/** Throws when `go list -deps` of `packages` holds a banned module's package. */
export async function refuseBannedPackages(
  go: GoStep,
  tags: readonly string[],
  packages: readonly string[],
): Promise<void> {
  refuseBanned(parseGoList(await go('check packages', goListArgs(tags, packages))), 'before compiling');
}

/** Throws when a built binary's `go version -m` names a banned module. */
export async function refuseBannedBinaries(go: GoStep, binaries: readonly string[]): Promise<void> {
  for (const binary of binaries) {
    const banned = bannedInBuildInfo(await go('check binaries', ['version', '-m', binary]));
    if (banned.length > 0)
      throw new StackError(`${binary} was built with a banned module: ${banned.join(', ')}`);
  }
}
