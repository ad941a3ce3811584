import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../../scripts/stack/exec.ts';
import type { GoStep } from '../../../scripts/stack/native/alloy-prune.ts';
import {
  dropBannedRequirements,
  refuseBanned,
  refuseBannedModuleGraph,
  workshopComponents,
} from '../../../scripts/stack/native/alloy-prune.ts';
import { goEnv } from '../../../scripts/stack/native/build.ts';
import { goListArgs, parseGoList } from '../../../scripts/stack/native/go-packages.ts';

const root = join(import.meta.dirname, '../../..');
const fixtures = join(import.meta.dirname, 'fixtures', 'alloy-v1.11.0');
const fixture = (name: string): string => readFileSync(join(fixtures, name), 'utf8');

/** The real go command in `dir`, as the builder's steps run it. */
const goIn =
  (dir: string): GoStep =>
  async (step, args) => {
    const result = await run('go', args, { cwd: dir, env: goEnv() });
    if (result.code !== 0) throw new Error(`${step}: ${result.stderr}`);
    return result.stdout;
  };

describe('dropping banned requirements', () => {
  it("takes loki/v3 out of a go.mod with Alloy's two Loki lines, keeping the Apache-2.0 push module", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gomod-'));
    try {
      // The two lines as Alloy v1.11.0's go.mod has them.
      writeFileSync(
        join(dir, 'go.mod'),
        [
          'module example.com/pruned',
          '',
          'go 1.24',
          '',
          'require (',
          '\tgithub.com/grafana/loki/pkg/push v0.0.0-20250630063055-0ee8e76ba280',
          '\tgithub.com/grafana/loki/v3 v3.0.0-20250630063055-0ee8e76ba280 // a commit from main branch.',
          ')',
          '',
        ].join('\n'),
      );
      expect(await dropBannedRequirements(goIn(dir))).toEqual(['github.com/grafana/loki/v3']);
      const after = readFileSync(join(dir, 'go.mod'), 'utf8');
      expect(after).not.toContain('github.com/grafana/loki/v3');
      expect(after).toContain('github.com/grafana/loki/pkg/push v0.0.0-20250630063055-0ee8e76ba280');
      expect(await dropBannedRequirements(goIn(dir))).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('module graph check', () => {
  const recorded: GoStep = () => Promise.resolve(fixture('go-mod-graph-main.txt'));

  it('refuses a graph that still names a module go.mod dropped', async () => {
    await expect(refuseBannedModuleGraph(recorded, ['github.com/grafana/loki/v3'], () => {})).rejects.toThrow(
      /still names a banned module after go.mod dropped it[\s\S]*github.com\/grafana\/alloy github.com\/grafana\/loki\/v3@v3.0.0-20250630063055/,
    );
  });

  it('logs a banned module that only a dependency names', async () => {
    const lines: string[] = [];
    await refuseBannedModuleGraph(recorded, [], (line) => lines.push(line));
    expect(lines).toEqual([
      '# module graph: github.com/grafana/alloy github.com/grafana/loki/v3@v3.0.0-20250630063055-0ee8e76ba280 (it is under the AGPL); checked below: no package of it may be compiled',
    ]);
  });
});

describe('package check', () => {
  it('names the import chain to the banned package that is left', () => {
    expect(() => {
      refuseBanned(parseGoList(fixture('go-list-after-alias.txt')), 'after pruning');
    }).toThrow(
      "would compile a banned module's package (after pruning): github.com/grafana/alloy/internal/component/common/loki/utils → github.com/grafana/loki/v3/pkg/util",
    );
  });
});

describe('package check on a real go list', () => {
  /** go list of a one-file module importing `path`, which its go.mod does not require. */
  async function listImporting(path: string): Promise<ReturnType<typeof parseGoList>> {
    const dir = mkdtempSync(join(tmpdir(), 'golist-'));
    try {
      writeFileSync(join(dir, 'go.mod'), 'module example.com/importer\n\ngo 1.24\n');
      writeFileSync(join(dir, 'main.go'), `package main\n\nimport _ "${path}"\n\nfunc main() {}\n`);
      return parseGoList(await goIn(dir)('list packages', goListArgs(['netgo'], ['.'])));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it('refuses an import of a banned module that go.mod no longer requires, without looking it up', async () => {
    const graph = await listImporting('github.com/grafana/loki/v3/pkg/logproto');
    expect(() => {
      refuseBanned(graph, 'before compiling');
    }).toThrow('example.com/importer → github.com/grafana/loki/v3/pkg/logproto');
  });

  it('refuses a graph with a package go list could not resolve: nothing below it was checked', async () => {
    const graph = await listImporting('github.com/grafana/loki/pkg/push');
    expect(() => {
      refuseBanned(graph, 'before compiling');
    }).toThrow(
      /cannot resolve packages of the build[\s\S]*github.com\/grafana\/loki\/pkg\/push: .*-mod=readonly/,
    );
  });
});

describe("the workshop's components", () => {
  it("reads the stack's config and every lab's start and solution configs", () => {
    const used = workshopComponents(root);
    expect(used.get('otelcol.receiver.otlp')).toEqual(['stack/alloy/config.alloy']);
    expect(used.get('prometheus.relabel')).toEqual(['labs/05-alloy-pipeline/solution/config.alloy']);
    expect(used.get('prometheus.remote_write')).toEqual(
      expect.arrayContaining(['stack/alloy/config.alloy', 'labs/06-alloy-convert/solution/config.alloy']),
    );
    // None of them needs a banned module: the native Alloy build would refuse to go on.
    expect(
      [...used.keys()].filter((name) => name.startsWith('loki.') || name === 'local.file_match'),
    ).toEqual([]);
  });
});
