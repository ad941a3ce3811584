/**
 * The source edits that let Alloy build without a banned module (banned-modules.ts), as pure
 * functions over file text. Alloy's go.mod requires github.com/grafana/loki/v3, so the builder
 * edits its copy of the sources: imports of a banned package that only re-exports types of an
 * allowed one point at the allowed one; the component registry and main.go keep only the blank
 * imports whose import closure is clean; the converter turns away the source formats whose
 * converter is not. alloy-prune.ts runs them in the build and checks the outcome.
 */

import type { UpstreamName } from './components.ts';

/** A banned package that only declares aliases of an allowed package's names. */
export interface AliasImport {
  /** The banned package. */
  readonly from: string;
  /** The allowed package that declares the names. */
  readonly to: string;
  /** The names `from` re-exports: a file using any other name of it keeps its import. */
  readonly names: readonly string[];
  /** Where that is written, for the build log. */
  readonly why: string;
}

/** Which files of Alloy's module the edits apply to. */
export interface AlloyPruning {
  /** Files whose blank imports register plugins (components, service discoveries). */
  readonly registries: readonly string[];
  /** The package that registers every component (Alloy's `all`). */
  readonly componentRegistry: string;
  /** The converter's entry point: one `case` per source format. */
  readonly converter: string;
  /** Source formats the workshop converts: the build fails if one would be turned away. */
  readonly requiredFormats: readonly string[];
  readonly aliases: readonly AliasImport[];
}

export const alloyPruning: AlloyPruning = {
  registries: ['internal/component/all/all.go', 'main.go'],
  componentRegistry: './internal/component/all',
  converter: 'internal/converter/converter.go',
  // `npm run stack -- convert` (scripts/stack/convert.ts) and lab 06 convert Prometheus configs.
  requiredFormats: ['prometheus'],
  aliases: [
    {
      from: 'github.com/grafana/loki/v3/pkg/logproto',
      to: 'github.com/grafana/loki/pkg/push',
      names: [
        'Entry',
        'Stream',
        'LabelAdapter',
        'PushRequest',
        'PushResponse',
        'PusherClient',
        'PusherServer',
        'NewPusherClient',
        'RegisterPusherServer',
      ],
      why: "loki/v3's pkg/logproto/alias.go declares Entry, Stream, ... as aliases of github.com/grafana/loki/pkg/push (Apache-2.0), and wraps its two gRPC helpers",
    },
  ],
};

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** An import spec line `[name] "path"`, inside an import block or on its own `import` line. */
const importLine = (path: string): RegExp =>
  new RegExp(`^([ \\t]*(?:import[ \\t]+)?)(?:([A-Za-z_]\\w*)[ \\t]+)?"${escape(path)}"[ \\t]*$`, 'm');

export type AliasOutcome =
  | { readonly kind: 'unused' }
  | { readonly kind: 'rewritten'; readonly source: string }
  /** The file uses names `from` declares itself: it keeps the banned import. */
  | { readonly kind: 'kept'; readonly others: readonly string[] };

/** Points a Go file's import of `rule.from` at `rule.to` under the same local name. */
export function rewriteAliasImport(source: string, rule: AliasImport): AliasOutcome {
  const match = importLine(rule.from).exec(source);
  if (!match) return { kind: 'unused' };
  const local = match[2] ?? rule.from.split('/').at(-1) ?? '';
  if (local === '_' || local === '.') return { kind: 'kept', others: [local] };
  const used = new Set<string>();
  for (const use of source.matchAll(new RegExp(`\\b${escape(local)}\\.([A-Za-z_]\\w*)`, 'g')))
    if (use[1]) used.add(use[1]);
  const others = [...used].filter((name) => !rule.names.includes(name)).sort();
  if (others.length > 0) return { kind: 'kept', others };
  return {
    kind: 'rewritten',
    source: source.replace(importLine(rule.from), `${match[1] ?? ''}${local} "${rule.to}"`),
  };
}

/** A Go file with the blank imports `drop` picks removed, and which ones those were. */
export function pruneBlankImports(
  source: string,
  drop: (importPath: string) => boolean,
): { readonly source: string; readonly dropped: readonly string[] } {
  const dropped: string[] = [];
  const kept = source.split('\n').filter((line) => {
    const blank = /^\s*_\s+"([^"]+)"/.exec(line);
    if (blank?.[1] && drop(blank[1])) {
      dropped.push(blank[1]);
      return false;
    }
    return true;
  });
  return { source: kept.join('\n'), dropped };
}

/** A source format the converter turns away, and the package that would have converted it. */
export interface GatedFormat {
  /** As `alloy convert --source-format` names it. */
  readonly format: string;
  readonly converterPackage: string;
}

/**
 * Alloy's converter.go with each format whose converter package `drop` picks turned away: its
 * import goes, its `case` returns a critical diagnostic saying why (so `alloy convert` and
 * `alloy run --config.format` fail with that message), and SupportedFormats (the flags' help)
 * leaves it out. Throws when the file no longer has the shape this edit expects.
 */
export function gateConverterFormats(
  source: string,
  drop: (importPath: string) => boolean,
  reason: (format: string, converterPackage: string) => string,
): { readonly source: string; readonly gated: readonly GatedFormat[] } {
  let out = source;
  const gated: GatedFormat[] = [];
  const imports = [...source.matchAll(/^[ \t]*"([^"]+\/internal\/converter\/internal\/(\w+))"[ \t]*$/gm)];
  for (const [line, converterPackage, name] of imports) {
    if (!converterPackage || !name || !drop(converterPackage)) continue;
    const shape = (what: string): Error =>
      new Error(
        `Alloy's converter.go changed shape: ${what} for ${name}. Revisit gateConverterFormats in scripts/stack/native/alloy-registry.ts.`,
      );
    const caseClause = new RegExp(
      `(\\tcase (Input\\w+):\\n)\\t\\treturn ${name}\\.Convert\\(in, extraArgs\\)\\n`,
    );
    const clause = caseClause.exec(out);
    const constant = clause?.[2];
    if (!clause || !constant) throw shape('no `case InputX: return X.Convert(in, extraArgs)`');
    const format = new RegExp(`\\b${constant}\\s+Input\\s*=\\s*"([^"]+)"`).exec(out)?.[1];
    if (!format) throw shape(`no \`${constant} Input = "..."\``);
    const supported = new RegExp(`^\\tstring\\(${constant}\\),\\n`, 'm');
    if (!supported.test(out)) throw shape(`no \`string(${constant}),\` in SupportedFormats`);
    out = out
      .replace(`${line}\n`, '')
      .replace(
        caseClause,
        `$1\t\treturn nil, diag.Diagnostics{{Severity: diag.SeverityLevelCritical, Summary: ${JSON.stringify(reason(format, converterPackage))}}}\n`,
      )
      .replace(supported, '');
    gated.push({ format, converterPackage });
  }
  return { source: out, gated };
}

/**
 * The component names a package's Go files register: the `Name` of each
 * `component.Register(component.Registration{...})`, a string literal or a constant of the package.
 */
export function registeredComponents(files: readonly { name: string; text: string }[]): string[] {
  const all = files.map((f) => f.text).join('\n');
  const names: string[] = [];
  for (const file of files) {
    const calls = file.text.match(/^\s*component\.Register\(/gm)?.length ?? 0;
    const found = [
      ...file.text.matchAll(/^\s*component\.Register\(component\.Registration\{\s*\n\s*Name:\s*([^,\n]+),/gm),
    ];
    if (found.length !== calls)
      throw new Error(
        `${file.name}: ${calls} component.Register calls, ${found.length} with Name as their first field`,
      );
    for (const [, raw] of found) {
      const value = (raw ?? '').trim();
      const literal = /^"([^"]+)"$/.exec(value)?.[1];
      const constant = /^[A-Za-z_]\w*$/.test(value)
        ? new RegExp(`\\b${value}\\s*(?:string\\s*)?=\\s*"([^"]+)"`).exec(all)?.[1]
        : undefined;
      const name = literal ?? constant;
      if (!name)
        throw new Error(
          `${file.name} registers a component named ${value}: neither a string nor a constant of its package`,
        );
      names.push(name);
    }
  }
  return names;
}

/** The component names an Alloy config instantiates: `a.b.c "label" {` blocks. */
export function componentsInConfig(text: string): string[] {
  const names = new Set<string>();
  // A line comment cannot match (the block must start its line); block comments can.
  const uncommented = text.replace(/\/\*[\s\S]*?\*\//g, '');
  for (const block of uncommented.matchAll(/^\s*([a-z_][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*)+)\s+"[^"]*"\s*\{/gm))
    if (block[1]) names.add(block[1]);
  return [...names].sort();
}

/** The recipes whose sources are pruned before building; part of their build key. */
export const sourcePruning: Partial<Record<UpstreamName, AlloyPruning>> = { alloy: alloyPruning };
