import type { DataQueryError, LoadingState, PanelData } from '@grafana/data';
import type { PanelState } from './constants.ts';
import { countPoints } from './frames.ts';

/**
 * What a panel's data amounts to, in the terms the page exposes (data-state and counts) and the
 * stack-down notice reacts to. Pure, and free of runtime @grafana imports, for unit tests.
 */

/** Marks a DataQueryError as "the stack is down" (set by run-request.ts). */
export const stackDownErrorType = 'stack-down';

// LoadingState's values, named without importing @grafana/data at run time (see frames.ts).
/* eslint-disable @typescript-eslint/no-unsafe-enum-assignment -- the literals are the enum's values */
const errorState = 'Error' as LoadingState.Error;
const loadingState = 'Loading' as LoadingState.Loading;
/* eslint-enable @typescript-eslint/no-unsafe-enum-assignment */

export function isStackDownError(error: DataQueryError | undefined): boolean {
  return error?.data?.error === stackDownErrorType;
}

export interface PanelStatus {
  readonly state: PanelState;
  /** Frames that hold at least one number: series in a graph, one table in a table. */
  readonly seriesCount: number;
  /** Numbers across all frames, NaN excluded. */
  readonly pointCount: number;
  /** The first error's message, when state is "error" or "stack-down". */
  readonly error?: string;
}

export function panelStatus(data: PanelData | undefined): PanelStatus {
  if (data === undefined) return { state: 'loading', seriesCount: 0, pointCount: 0 };
  if (data.state === errorState) {
    const error = data.errors?.[0];
    return {
      state: isStackDownError(error) ? 'stack-down' : 'error',
      seriesCount: 0,
      pointCount: 0,
      error: error?.message ?? 'The query failed.',
    };
  }
  // Scenes keeps the previous frames while a refresh loads, so only a first load counts as loading.
  if (data.state === loadingState && data.series.length === 0)
    return { state: 'loading', seriesCount: 0, pointCount: 0 };
  const seriesCount = data.series.filter((frame) => countPoints([frame]) > 0).length;
  return { state: 'ready', seriesCount, pointCount: countPoints(data.series) };
}
