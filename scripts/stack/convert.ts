/**
 * `npm run stack -- convert`: `alloy convert` of stack/prometheus/prometheus.yml, checked by
 * `alloy fmt`, for the Prometheus-to-Alloy migration lab.
 *
 * Alloy parses Prometheus configs with the Prometheus it embeds (3.4 in Alloy 1.11), which
 * rejects keys added later. Those keys are dropped from a copy first and listed, so the lab
 * can show what needs carrying over by hand (e.g. scrape_native_histograms = true on
 * prometheus.scrape). When ALLOY_VERSION moves past them, the canary test in
 * tests/stack/tools.test.ts fails and the list here shrinks.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { compose, learnerIds } from './docker.ts';
import { run } from './exec.ts';
import { toolPath } from './native/commands.ts';
import { StackError } from './output.ts';
import type { StackPaths } from './paths.ts';
import type { Mode } from './state.ts';
import type { Versions } from './versions.ts';

/** Paths of keys newer than the Prometheus config parser inside the pinned Alloy. `*` = every list item. */
export const keysNewerThanAlloy: readonly (readonly string[])[] = [
  ['global', 'scrape_native_histograms'],
  ['scrape_configs', '*', 'scrape_native_histograms'],
];

/** The config with those keys removed, and the keys actually found. */
export function compatPrometheusConfig(text: string): { text: string; dropped: string[] } {
  const doc = parseDocument(text);
  const dropped: string[] = [];
  const visit = (prefix: (string | number)[], rest: readonly string[]): void => {
    const [head, ...tail] = rest;
    if (head === undefined) return;
    if (head === '*') {
      const list = doc.getIn(prefix);
      const count = (list as { items?: unknown[] } | undefined)?.items?.length ?? 0;
      for (let i = 0; i < count; i++) visit([...prefix, i], tail);
      return;
    }
    const path = [...prefix, head];
    if (tail.length === 0) {
      if (doc.hasIn(path)) {
        doc.deleteIn(path);
        dropped.push(path.join('.'));
      }
      return;
    }
    visit(path, tail);
  };
  for (const key of keysNewerThanAlloy) visit([], key);
  return { text: doc.toString(), dropped };
}

/**
 * Docker mode's two runs of the alloy-convert service (as the learner's user, compose.yaml
 * says why): its own command, `alloy convert`, then `alloy fmt` on what it wrote, as natively.
 */
export const dockerConvertSteps: readonly { readonly args: readonly string[]; readonly failure: string }[] = [
  { args: ['--profile', 'tools', 'run', '--rm', 'alloy-convert'], failure: 'alloy convert failed' },
  {
    args: ['--profile', 'tools', 'run', '--rm', 'alloy-convert', 'fmt', '/out/prometheus.alloy'],
    failure: 'alloy fmt rejects the converted config .stack/convert/prometheus.alloy',
  },
];

export interface ConvertResult {
  /** The Alloy config written. */
  readonly output: string;
  /** Keys dropped before converting. */
  readonly dropped: readonly string[];
  /** alloy convert's diagnostics (bypassed errors, warnings). */
  readonly report: string;
}

export async function convertPrometheusConfig(
  paths: StackPaths,
  versions: Versions,
  mode: Mode,
): Promise<ConvertResult> {
  mkdirSync(paths.convert, { recursive: true });
  const source = join(paths.stackDir, 'prometheus', 'prometheus.yml');
  const { text, dropped } = compatPrometheusConfig(readFileSync(source, 'utf8'));
  const input = join(paths.convert, 'prometheus.yml');
  writeFileSync(input, text);
  const output = join(paths.convert, 'prometheus.alloy');
  const reportFile = join(paths.convert, 'report.txt');
  if (mode === 'docker') {
    for (const step of dockerConvertSteps) {
      const result = await compose(paths, step.args, 300_000, {
        ...learnerIds(),
        WORKSHOP_CONVERT_DIR: paths.convert,
      });
      if (result.code !== 0) throw new StackError(`${step.failure} (docker):\n${result.stderr}`);
    }
  } else {
    const alloy = toolPath(paths, versions, 'alloy');
    const result = await run(alloy, [
      'convert',
      '--source-format=prometheus',
      '--bypass-errors',
      `--output=${output}`,
      `--report=${reportFile}`,
      input,
    ]);
    if (result.code !== 0) throw new StackError(`alloy convert failed:\n${result.stderr}`);
    const fmt = await run(alloy, ['fmt', output]);
    if (fmt.code !== 0)
      throw new StackError(`alloy fmt rejects the converted config ${output}:\n${fmt.stderr}`);
  }
  let report: string;
  try {
    report = readFileSync(reportFile, 'utf8');
  } catch {
    report = '(no report)';
  }
  return { output, dropped, report };
}
