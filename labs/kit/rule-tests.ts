/**
 * What a rule file does in a world the checker makes up: `promtool test rules` runs the
 * learner's rules over invented input series (a counter that stops rising, a job that is gone)
 * with the rule engine the ruler runs, in a second, where waiting for the real series to change
 * would take minutes. The checker asks for values only: each expression is given an
 * expectation no result can meet, so promtool prints what it got, which is then read back.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { formatMs } from './timing.ts';
import { runTool } from './validators.ts';
import type { Final } from './verdict.ts';
import { fail } from './verdict.ts';

/** Input series in promtool's notation: `http_requests_total{job="app"}` → `100+0x40`. */
export type WorldSeries = Readonly<Record<string, string>>;

export interface World {
  /** What the world is, for messages: "http_requests_total{job="app"} stops rising". */
  readonly story: string;
  readonly series: WorldSeries;
  /** The spacing of the input samples (a scrape interval). */
  readonly sampleMs: number;
}

export interface WorldRun {
  /** The learner's rule file (absolute) and how the learner sees it. */
  readonly rulesFile: string;
  readonly shown: string;
  /** The evaluation interval of groups that set none (the ruler's default). */
  readonly evaluationMs: number;
  readonly world: World;
  /** When, after the world starts, the expressions are evaluated. */
  readonly atMs: number;
}

/** A label no series has: an expectation nothing meets, so promtool reports every result. */
const NEVER = '{__checker_probe__="never"}';

/** The test file promtool runs: one group, each expression evaluated once at `atMs`. */
export function worldTestFile(run: WorldRun, exprs: readonly string[]): string {
  return stringify({
    rule_files: [run.rulesFile],
    evaluation_interval: formatMs(run.evaluationMs),
    tests: [
      {
        interval: formatMs(run.world.sampleMs),
        input_series: Object.entries(run.world.series).map(([series, values]) => ({ series, values })),
        promql_expr_test: exprs.map((expr) => ({
          expr,
          eval_time: formatMs(run.atMs),
          exp_samples: [{ labels: NEVER, value: 0 }],
        })),
      },
    ],
  });
}

/**
 * The `got:` of each expression in promtool's failure report, in order: "{} 0E+00",
 * `{__name__="x", job="app"} 6E-01`, or "nil" (no result). Undefined when the report has not
 * one per expression (promtool failed for another reason).
 */
export function parseGot(output: string, count: number): string[] | undefined {
  const got = [...output.matchAll(/^\s*got: (.*)$/gm)].map((m) => (m[1] ?? '').trim());
  return got.length === count ? got : undefined;
}

/** Evaluates `exprs` at `run.atMs` in `run.world`; each result as promtool prints it. */
export async function evaluateInWorld(run: WorldRun, exprs: readonly string[]): Promise<string[] | Final> {
  const dir = mkdtempSync(join(tmpdir(), 'rule-world-'));
  const testFile = join(dir, 'world.test.yaml');
  try {
    writeFileSync(testFile, worldTestFile(run, exprs));
    const result = await runTool('promtool', ['test', 'rules', testFile], {
      files: [testFile, run.rulesFile],
    });
    if ('kind' in result) return result;
    const got = parseGot(result.output, exprs.length);
    if (got) return got;
    return fail(`promtool test rules could not run ${run.shown} in a world where ${run.world.story}:`, {
      output: result.output.replaceAll(run.rulesFile, run.shown),
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export type AlertState = 'firing' | 'pending' | 'inactive';

/** 2 while any alert of the name fires, 1 while one is pending, else 0. */
export const alertStateExpr = (alert: string): string => {
  const count = (state: string): string =>
    `clamp_max(count(ALERTS{alertname="${alert}",alertstate="${state}"}), 1)`;
  return `2 * ${count('firing')} or ${count('pending')} or vector(0)`;
};

/** The number in a single unlabelled result ("{} 2E+00" → 2). */
export const gotNumber = (got: string): number | undefined => {
  const match = /^\{\}\s+(\S+)$/.exec(got);
  return match?.[1] === undefined ? undefined : Number(match[1]);
};

/**
 * The state of `alert` at `run.atMs` in `run.world`, and what `shows` evaluate to there (for
 * messages: the recorded series the alert reads).
 */
export async function alertInWorld(
  run: WorldRun,
  alert: string,
  shows: readonly string[] = [],
): Promise<{ readonly state: AlertState; readonly shown: readonly string[] } | Final> {
  const got = await evaluateInWorld(run, [alertStateExpr(alert), ...shows]);
  if (!Array.isArray(got)) return got;
  const [state = '', ...shown] = got;
  const value = gotNumber(state);
  const states: Record<number, AlertState> = { 0: 'inactive', 1: 'pending', 2: 'firing' };
  const named = value === undefined ? undefined : states[value];
  if (named) return { state: named, shown };
  return fail(`promtool test rules reported an unexpected alert state for ${alert}: ${state}`);
}
