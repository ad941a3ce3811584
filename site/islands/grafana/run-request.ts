import { catchError, from, map, merge, of, share, takeUntil, timer, type Observable } from 'rxjs';
import {
  LoadingState,
  type DataQueryError,
  type DataQueryRequest,
  type DataQueryResponse,
  type DataSourceApi,
  type PanelData,
} from '@grafana/data';
import { toDataQueryError } from '@grafana/runtime';
import { stackDownErrorType } from './panel-status.ts';
import { PromApiError, StackDownError } from './prom-http.ts';

/**
 * What Grafana's runRequest does for a dashboard, cut to what the lessons use: Scenes runs every
 * query through it (setRunRequest). It reports Loading only when a query is slow, so a refresh
 * every few seconds does not flash a spinner, and turns failures into panel errors.
 */

/** Longer than this, and the panel shows its loading bar. */
const loadingDelayMs = 200;

/** A failure as a panel error; a stack-down error is marked so the panel can offer the fix. */
export function toPanelError(err: unknown): DataQueryError {
  if (err instanceof StackDownError) {
    return { message: err.message, status: 503, data: { message: err.hint, error: stackDownErrorType } };
  }
  if (err instanceof PromApiError) return { message: err.message, status: err.status };
  return toDataQueryError(err);
}

export function runRequest(
  datasource: DataSourceApi,
  request: DataQueryRequest,
  queryFunction?: typeof datasource.query,
): Observable<PanelData> {
  const base = { timeRange: request.range, request };
  const run = queryFunction ?? datasource.query.bind(datasource);
  // Only `errors` is read and written: `error` is Grafana's deprecated single-error field, which
  // this project's datasource never sets and Scenes reads only when `errors` is absent.
  const result = from(run(request)).pipe(
    map((response: DataQueryResponse): PanelData => ({
      ...base,
      state: response.state ?? LoadingState.Done,
      series: response.data as PanelData['series'],
      ...(response.errors === undefined ? {} : { errors: response.errors }),
    })),
    catchError((err: unknown) =>
      of<PanelData>({ ...base, state: LoadingState.Error, series: [], errors: [toPanelError(err)] }),
    ),
    share(),
  );
  const loading = timer(loadingDelayMs).pipe(
    map((): PanelData => ({ ...base, state: LoadingState.Loading, series: [] })),
    takeUntil(result),
  );
  return merge(loading, result);
}
