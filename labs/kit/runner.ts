/**
 * Runs a lab's checks against one directory: first that the stack services the lab needs
 * answer, then each check in order. The first failure ends the run; the rest are reported as
 * skipped, so the learner fixes one thing at a time.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ServiceName } from '../../stack/services.ts';
import { services, startCommand } from '../../stack/services.ts';
import { probeService, serviceUrl } from '../../scripts/stack/index.ts';
import type { Progress } from './countdown.ts';
import { silentProgress, waitUntil } from './countdown.ts';
import type { Check, CheckContext, Lab } from './define.ts';
import { shownPath } from './shown.ts';
import { stackIntervals } from './timing.ts';
import type { Problem, Verdict } from './verdict.ts';
import { CheckFailure, fail } from './verdict.ts';

/**
 * Why a check failed: the learner's work, the stack (a service the lab needs is down), or the
 * checker itself (it threw). The dev-check counts only a learner failure as "start/ fails".
 */
export type FailureCause = 'learner' | 'stack' | 'checker';

export interface CheckResult {
  readonly name: string;
  readonly status: 'pass' | 'fail' | 'skip';
  readonly ms: number;
  /** Set on a failure: whose problem it is. */
  readonly cause?: FailureCause;
  readonly detail?: string;
  readonly message?: string;
  readonly hint?: string;
  readonly output?: string;
  readonly problems?: readonly Problem[];
}

export interface LabReport {
  readonly id: string;
  /** The directory checked, as shown (relative to the repository root). */
  readonly dir: string;
  readonly passed: boolean;
  readonly ms: number;
  readonly results: readonly CheckResult[];
}

export interface RunOptions {
  readonly progress?: Progress;
  readonly signal?: AbortSignal;
  /** Called as each check finishes, for streaming output. */
  readonly onResult?: (result: CheckResult) => void;
  /** Called as each check starts. */
  readonly onStart?: (name: string) => void;
}

/** Fails naming each service that does not answer its ready path, and what to run. */
export async function stackServicesUp(needed: readonly ServiceName[]): Promise<Verdict> {
  const probes = await Promise.all(needed.map(async (s) => ({ s, result: await probeService(s) })));
  const down = probes.filter((p) => !p.result.ok);
  if (down.length === 0)
    return { kind: 'pass', detail: needed.map((s) => `${s} :${services[s].port}`).join(', ') };
  const list = down
    .map((d) => `${services[d.s].title} (${serviceUrl(d.s)}${services[d.s].readyPath}: ${d.result.detail})`)
    .join(', ');
  return fail(`${down.length === 1 ? 'this service is' : 'these services are'} not running: ${list}`, {
    hint: `run \`${[...new Set(down.map((d) => startCommand(d.s)))].join('` and `')}\` (then \`npm run stack -- status\` to see each service)`,
  });
}

function toResult(name: string, verdict: Verdict, ms: number, cause: FailureCause): CheckResult {
  switch (verdict.kind) {
    case 'pass':
      return { name, status: 'pass', ms, ...(verdict.detail ? { detail: verdict.detail } : {}) };
    case 'fail':
      return {
        name,
        status: 'fail',
        ms,
        cause,
        message: verdict.message,
        ...(verdict.hint ? { hint: verdict.hint } : {}),
        ...(verdict.output ? { output: verdict.output } : {}),
        ...(verdict.problems?.length ? { problems: verdict.problems } : {}),
      };
    case 'wait':
      // A check that returns "wait" without waiting: it gave up immediately.
      return {
        name,
        status: 'fail',
        ms,
        cause,
        message: verdict.reason,
        ...(verdict.hint ? { hint: verdict.hint } : {}),
        ...(verdict.output ? { output: verdict.output } : {}),
      };
  }
}

export async function runLab<S>(
  lab: Lab<S>,
  needs: readonly ServiceName[],
  dir: string,
  options: RunOptions = {},
): Promise<LabReport> {
  const absoluteDir = resolve(dir);
  const progress = options.progress ?? silentProgress;
  const started = performance.now();
  const ctx: CheckContext = {
    labId: lab.id,
    dir: absoluteDir,
    shownDir: shownPath(absoluteDir),
    path: (file) => join(absoluteDir, file),
    shown: (file) => shownPath(join(absoluteDir, file)),
    read: (file) => {
      try {
        return readFileSync(join(absoluteDir, file), 'utf8');
      } catch {
        throw new CheckFailure(
          fail(`${shownPath(join(absoluteDir, file))} is missing`, {
            hint: `\`npm run lab -- start ${lab.id}\` puts the lab's files back (it keeps the ones you edited)`,
          }),
        );
      }
    },
    intervals: stackIntervals(),
    waitUntil: (spec) =>
      waitUntil({ ...spec, progress, ...(options.signal ? { signal: options.signal } : {}) }),
    progress,
    signal: options.signal,
  };
  const state = lab.init();
  // Whose problem a failure is: the stack check's is the stack's, every other check's the learner's.
  const checks: (Check<S> & { readonly cause: FailureCause })[] = [
    ...(needs.length > 0
      ? [
          {
            name: `stack is up (${needs.join(', ')})`,
            run: () => stackServicesUp(needs),
            cause: 'stack' as const,
          },
        ]
      : []),
    ...lab.checks.map((c) => ({ ...c, cause: 'learner' as const })),
  ];
  const results: CheckResult[] = [];
  let failed = false;
  for (const item of checks) {
    if (failed || options.signal?.aborted) {
      const skipped: CheckResult = { name: item.name, status: 'skip', ms: 0 };
      results.push(skipped);
      options.onResult?.(skipped);
      continue;
    }
    options.onStart?.(item.name);
    const t0 = performance.now();
    let verdict: Verdict;
    let cause = item.cause;
    try {
      verdict = await item.run(ctx, state);
    } catch (error) {
      if (error instanceof CheckFailure) verdict = error.verdict;
      else {
        cause = 'checker';
        verdict = fail(`the checker stopped: ${(error as Error).message}`, {
          hint: 'if this looks like a bug in the lab rather than your work, please report it with the output above',
        });
      }
    }
    const result = toResult(item.name, verdict, performance.now() - t0, cause);
    results.push(result);
    options.onResult?.(result);
    if (result.status === 'fail') failed = true;
  }
  return {
    id: lab.id,
    dir: shownPath(absoluteDir),
    passed: !failed && !options.signal?.aborted,
    ms: performance.now() - started,
    results,
  };
}
