import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../../scripts/stack/exec.ts';
import {
  alloyPruning,
  componentsInConfig,
  gateConverterFormats,
  pruneBlankImports,
  registeredComponents,
  rewriteAliasImport,
} from '../../../scripts/stack/native/alloy-registry.ts';

const fixtures = join(import.meta.dirname, 'fixtures', 'alloy-v1.11.0');
const fixture = (name: string): string => readFileSync(join(fixtures, name), 'utf8');
const [logproto] = alloyPruning.aliases;
if (!logproto) throw new Error('alloyPruning has no alias rule');

/** gofmt -e: the edited file is still Go. */
async function parsesAsGo(source: string): Promise<{ ok: boolean; stderr: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'alloy-src-'));
  try {
    const file = join(dir, 'edited.go');
    writeFileSync(file, source);
    const result = await run('gofmt', ['-e', file]);
    return { ok: result.code === 0, stderr: result.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('alias imports', () => {
  it("points Alloy's logger at the allowed package under the same name", async () => {
    const original = fixture('logger.go.txt');
    const outcome = rewriteAliasImport(original, logproto);
    expect(outcome.kind).toBe('rewritten');
    if (outcome.kind !== 'rewritten') return;
    expect(outcome.source).not.toContain('"github.com/grafana/loki/v3/pkg/logproto"');
    expect(outcome.source).toContain('\tlogproto "github.com/grafana/loki/pkg/push"\n');
    // Only the import line changed; every use of logproto.Entry stays as it was.
    expect(outcome.source.split('\n').length).toBe(original.split('\n').length);
    expect(outcome.source.match(/logproto\.Entry/g)?.length).toBe(original.match(/logproto\.Entry/g)?.length);
    expect(await parsesAsGo(outcome.source)).toEqual({ ok: true, stderr: '' });
  });

  it('keeps the banned import of a file that uses a name the alias rule does not cover', () => {
    const original = `${fixture('logger.go.txt')}\nvar _ = logproto.QueryRequest{}\n`;
    expect(rewriteAliasImport(original, logproto)).toEqual({ kind: 'kept', others: ['QueryRequest'] });
  });

  it('leaves a file that does not import the package alone', () => {
    expect(rewriteAliasImport(fixture('main.go.txt'), logproto)).toEqual({ kind: 'unused' });
  });
});

describe('registry pruning', () => {
  it("drops the chosen blank imports of Alloy's component registry and nothing else", async () => {
    const original = fixture('all.go.txt');
    const drop = new Set([
      'github.com/grafana/alloy/internal/component/loki/write',
      'github.com/grafana/alloy/internal/component/loki/source/file',
    ]);
    const pruned = pruneBlankImports(original, (p) => drop.has(p));
    expect(pruned.dropped).toEqual([...drop].reverse());
    expect(pruned.source).not.toContain('component/loki/write"');
    expect(pruned.source).not.toContain('component/loki/source/file"');
    expect(pruned.source).toContain('_ "github.com/grafana/alloy/internal/component/local/file_match"');
    expect(pruned.source.split('\n').length).toBe(original.split('\n').length - 2);
    expect(await parsesAsGo(pruned.source)).toEqual({ ok: true, stderr: '' });
  });

  it("drops main.go's blank import of Loki's consulagent discovery, keeping its other imports", () => {
    const pruned = pruneBlankImports(fixture('main.go.txt'), (p) =>
      p.startsWith('github.com/grafana/loki/v3/'),
    );
    expect(pruned.dropped).toEqual(['github.com/grafana/loki/v3/clients/pkg/promtail/discovery/consulagent']);
    expect(pruned.source).toContain('_ "github.com/prometheus/prometheus/discovery/install"');
    expect(pruned.source).toContain('"github.com/grafana/alloy/internal/alloycli"');
  });
});

describe('converter formats', () => {
  const tainted = new Set([
    'github.com/grafana/alloy/internal/converter/internal/promtailconvert',
    'github.com/grafana/alloy/internal/converter/internal/staticconvert',
  ]);
  const reason = (format: string, pkg: string): string => `no ${format} (${pkg.split('/').at(-1) ?? ''})`;

  it('turns promtail and static away with a diagnostic and keeps prometheus and otelcol', async () => {
    const gated = gateConverterFormats(fixture('converter.go.txt'), (p) => tainted.has(p), reason);
    expect(gated.gated.map((g) => g.format)).toEqual(['promtail', 'static']);
    expect(gated.source).not.toMatch(/promtailconvert"|staticconvert"/);
    expect(gated.source).toContain(
      '\tcase InputPromtail:\n\t\treturn nil, diag.Diagnostics{{Severity: diag.SeverityLevelCritical, Summary: "no promtail (promtailconvert)"}}\n',
    );
    expect(gated.source).toContain('\t\treturn prometheusconvert.Convert(in, extraArgs)\n');
    expect(gated.source).toContain('\t\treturn otelcolconvert.Convert(in, extraArgs)\n');
    const supported = /SupportedFormats = \[\]string\{([^}]*)\}/.exec(gated.source)?.[1] ?? '';
    expect(supported.match(/Input\w+/g)).toEqual(['InputOtelCol', 'InputPrometheus']);
    expect(await parsesAsGo(gated.source)).toEqual({ ok: true, stderr: '' });
  });

  it('refuses a converter.go whose case no longer has the expected shape', () => {
    const changed = fixture('converter.go.txt').replace(
      'return promtailconvert.Convert(in, extraArgs)',
      'return promtailconvert.Convert(in, extraArgs, nil)',
    );
    expect(() => gateConverterFormats(changed, (p) => tainted.has(p), reason)).toThrow(
      /converter\.go changed shape: no `case InputX: return X\.Convert\(in, extraArgs\)` for promtailconvert/,
    );
  });

  it('changes nothing when no converter is tainted', () => {
    const original = fixture('converter.go.txt');
    expect(gateConverterFormats(original, () => false, reason)).toEqual({ source: original, gated: [] });
  });
});

describe('registered components', () => {
  it('reads string literals and package constants', () => {
    expect(
      registeredComponents([
        { name: 'ec2.go', text: fixture('ec2.go.txt') },
        { name: 'lightsail.go', text: fixture('lightsail.go.txt') },
      ]),
    ).toEqual(['discovery.ec2', 'discovery.lightsail']);
    expect(registeredComponents([{ name: 'relabel.go', text: fixture('relabel.go.txt') }])).toEqual([
      'prometheus.relabel',
    ]);
  });

  it('refuses a registration it cannot read the name of', () => {
    const text = fixture('relabel.go.txt').replace(/const name = "prometheus.relabel"/, 'var name = pick()');
    expect(() => registeredComponents([{ name: 'relabel.go', text }])).toThrow(
      /relabel\.go registers a component named name: neither a string nor a constant/,
    );
  });
});

describe('components in a config', () => {
  it("lists the stack's Alloy config blocks, not its service blocks or comments", () => {
    const text = readFileSync(join(import.meta.dirname, '../../../stack/alloy/config.alloy'), 'utf8');
    expect(componentsInConfig(`${text}\n/*\nloki.write "old" {\n}\n*/\n`)).toEqual([
      'otelcol.exporter.otlphttp',
      'otelcol.processor.batch',
      'otelcol.receiver.otlp',
      'prometheus.remote_write',
      'prometheus.scrape',
    ]);
  });
});
