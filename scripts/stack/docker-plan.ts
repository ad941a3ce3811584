/**
 * The decisions Docker mode makes from what the daemon says, as pure functions: what a failed
 * `up` tears down, when `down` runs compose, the app's log exporter, the stand-in guard, and
 * the notice when auto mode falls back to native.
 */
import { STAND_IN_LABEL } from '../../stack/images.ts';
import type { Mode } from './state.ts';

/** Set to 1 (the test harness does) to run the stack on stand-in images. */
export const ALLOW_STAND_INS_VARIABLE = 'WORKSHOP_ALLOW_STAND_INS';

/**
 * compose.yaml reads APP_LOGS_EXPORTER: the app ships its logs over OTLP when Loki runs, whether
 * this run starts it or it already runs in the project (an `up` without `--profile logs`).
 */
export function composeEnv(
  selected: readonly string[],
  running: readonly string[],
  ids: Readonly<Record<string, string>>,
): Record<string, string> {
  const loki = selected.includes('loki') || running.includes('loki');
  return { APP_LOGS_EXPORTER: loki ? 'otlp' : 'none', ...ids };
}

export type FailedUpCleanup =
  /** Nothing of the project ran before: `down` with every profile, network included. */
  | { readonly kind: 'down' }
  /** Part of the project ran before this run: remove only what this run added. */
  | { readonly kind: 'remove'; readonly services: readonly string[] };

/** What to tear down after a failed `compose up` or a service that never became ready. */
export function cleanupAfterFailedUp(
  runningBefore: readonly string[],
  selected: readonly string[],
): FailedUpCleanup {
  if (runningBefore.length === 0) return { kind: 'down' };
  return { kind: 'remove', services: selected.filter((s) => !runningBefore.includes(s)) };
}

/**
 * Whether `stack down` runs `compose down`: when the state says Docker, or when the project
 * has containers at all (a failed `up`, an older CLI, a state file removed by hand).
 * `containers` is undefined when Docker does not answer.
 */
export function composeDownNeeded(
  stateMode: Mode | undefined,
  containers: readonly string[] | undefined,
): boolean {
  return stateMode === 'docker' || (containers !== undefined && containers.length > 0);
}

/** The images among these that the test harness built, by their label. */
export function standIns(labels: Readonly<Record<string, Readonly<Record<string, string>>>>): string[] {
  return Object.entries(labels)
    .filter(([, l]) => STAND_IN_LABEL in l)
    .map(([ref]) => ref)
    .sort();
}

/** Why Docker mode refuses these images, or undefined when it may run them. */
export function standInRefusal(found: readonly string[], env: NodeJS.ProcessEnv): string | undefined {
  if (found.length === 0 || env[ALLOW_STAND_INS_VARIABLE] === '1') return undefined;
  return [
    `these images are test stand-ins built by scripts/docker-harness (label ${STAND_IN_LABEL}), not the upstream releases:`,
    ...found.map((ref) => `  ${ref}`),
    `Remove them so Docker pulls the real ones: docker image rm ${found.join(' ')}`,
    `(The test harness sets ${ALLOW_STAND_INS_VARIABLE}=1 to run on them.)`,
  ].join('\n');
}

/** The notice auto mode prints when it runs natively although Docker was the first choice. */
export function nativeFallbackNotice(reason: string): string {
  return [
    `Docker mode is not possible here: ${reason}.`,
    'Falling back to native mode, which builds Prometheus, Alloy and Mimir from their Go modules:',
    'it needs Go 1.26+ and a C compiler, and the first build takes many minutes (20-45).',
    'To use Docker instead, fix the above and run `npm run stack -- down`, then `npm run stack -- up --mode docker`.',
  ].join('\n');
}
