import { SceneQueryRunner, sceneGraph, type SceneObject } from '@grafana/scenes';
import { LoadingState, rangeUtil } from '@grafana/data';
import { isStackDownError } from '../panel-status.ts';
import { findAllOfClass } from './find-objects.ts';

/**
 * Scene behaviours: functions Scenes calls when a scene activates, returning their cleanup.
 */

/** Longest wait between two attempts to reach a stopped stack. */
const maxRetryMs = 15_000;

/**
 * Refreshes a scene every `interval` ("10s"), skipped while the tab is hidden. Panels use this
 * instead of a refresh picker, which would need a toolbar the single-panel layout does not have.
 */
export function autoRefresh(interval: string): (scene: SceneObject) => () => void {
  return (scene) => {
    if (interval === 'off') return () => undefined;
    const timer = setInterval(() => {
      if (!document.hidden) sceneGraph.getTimeRange(scene).onRefresh();
    }, rangeUtil.intervalToMs(interval));
    return () => {
      clearInterval(timer);
    };
  };
}

/**
 * While any query of the scene finds the stack down, refreshes the scene with backoff (1 s, 2 s,
 * 4 s... up to 15 s) until it answers again, so a panel recovers by itself when the learner
 * starts the stack. A refresh also reloads variables that refresh on time range change.
 */
export function stackRecovery(scene: SceneObject): () => void {
  const runners = findAllOfClass(scene, SceneQueryRunner);
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const check = () => {
    const down = runners.some((r) => isStackDownError(r.state.data?.errors?.[0]));
    if (!down) {
      // Only an answer resets the backoff: the loading state between two attempts must not.
      if (runners.every((r) => r.state.data?.state !== LoadingState.Loading)) attempt = 0;
      return;
    }
    if (timer !== undefined) return;
    const delay = Math.min(1000 * 2 ** attempt, maxRetryMs);
    attempt++;
    timer = setTimeout(() => {
      timer = undefined;
      sceneGraph.getTimeRange(scene).onRefresh();
    }, delay);
  };

  const subscriptions = runners.map((r) => r.subscribeToState(check));
  return () => {
    for (const s of subscriptions) s.unsubscribe();
    clearTimeout(timer);
  };
}
