/** The validators' output parsing, on output recorded from the real tools (fixtures/). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseProblems, rewritePaths } from '../../../labs/kit/validators.ts';
import { rewriteGoPaths } from '../../../labs/kit/go.ts';

const fixture = (name: string): string => readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8');

describe('parseProblems', () => {
  it('locates promtool check config YAML errors ("line N:" under the file)', () => {
    expect(parseProblems(fixture('promtool-check-config.txt'), ['scrape.yml'])).toEqual([
      { file: 'scrape.yml', line: 16, message: 'field static_config not found in type config.ScrapeConfig' },
    ]);
  });

  it('locates promtool check rules errors ("file: L:C: msg")', () => {
    const [problem] = parseProblems(fixture('promtool-check-rules.txt'), ['rules.yaml']);
    expect(problem).toMatchObject({ file: 'rules.yaml', line: 17, column: 15 });
    expect(problem?.message).toContain('unclosed left parenthesis');
  });

  it('locates every alloy fmt error ("file:L:C: msg")', () => {
    const problems = parseProblems(fixture('alloy-fmt.txt'), ['config.alloy']);
    expect(problems.map((p) => [p.line, p.column])).toEqual([
      [27, 28],
      [32, 3],
      [51, 1],
    ]);
    expect(problems[0]?.message).toBe('expected block body, got TERMINATOR');
  });

  it("locates Mimir's config errors", () => {
    expect(parseProblems(fixture('mimir-config.txt'), ['mimir.yaml'])).toEqual([
      { file: 'mimir.yaml', line: 75, message: 'field poll_intervall not found in type ruler.Config' },
    ]);
  });

  it('finds nothing for files it was not asked about', () => {
    expect(parseProblems(fixture('alloy-fmt.txt'), ['other.alloy'])).toEqual([]);
  });
});

describe('rewritePaths', () => {
  it('shows the learner their own path instead of a rendered copy', () => {
    const output = 'Error: /work/.stack/lab/05/alloy/config.alloy:10:1: Failed to build component';
    expect(
      rewritePaths(
        output,
        ['/work/.stack/lab/05/alloy/config.alloy'],
        'workspace/05-alloy-pipeline/config.alloy',
      ),
    ).toBe('Error: workspace/05-alloy-pipeline/config.alloy:10:1: Failed to build component');
  });

  it('leaves longer paths that merely start with the alias alone', () => {
    expect(rewritePaths('/a/config.alloy.bak: x', ['/a/config.alloy'], 'mine')).toBe(
      '/a/config.alloy.bak: x',
    );
  });
});

describe('go build output', () => {
  it('is rewritten to the workspace path and located', () => {
    const output = rewriteGoPaths(fixture('go-build.txt'), 'workspace/02');
    expect(parseProblems(output, ['workspace/02/main.go'])).toEqual([
      {
        file: 'workspace/02/main.go',
        line: 65,
        column: 13,
        message: 'checkouts.Increment undefined (type prometheus.Counter has no field or method Increment)',
      },
    ]);
  });
});

describe('rewriteGoPaths', () => {
  it('turns ./main.go:65:13 into the workspace path', () => {
    expect(rewriteGoPaths('./main.go:65:13: checkouts.Increment undefined', 'workspace/02')).toBe(
      'workspace/02/main.go:65:13: checkouts.Increment undefined',
    );
  });
});
