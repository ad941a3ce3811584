import { Observable } from 'rxjs';
import {
  LoadingState,
  type DataFrame,
  type DataQueryRequest,
  type DataQueryResponse,
  type LegacyMetricFindQueryOptions,
  type MetricFindValue,
  type ScopedVars,
  type TimeRange,
} from '@grafana/data';
import type { DataQuery, DataSourceRef } from '@grafana/schema';
import { RuntimeDataSource, registerRuntimeDataSource, sceneGraph, type SceneObject } from '@grafana/scenes';
import type { StackTarget } from '../../lib/stack-proxy/routes.ts';
import { datasourcePluginId, datasourceUid, minStep } from './constants.ts';
import { toDataFrames } from './frames.ts';
import { promApi } from './prom-http.ts';
import { formatPromQLVariable } from './promql-format.ts';
import type { PromQueryData } from './prom-types.ts';

/**
 * A Scenes datasource that speaks the Prometheus HTTP API in the browser, through the site's
 * stack proxy. Grafana's own Prometheus datasource cannot be used: it sends every query to a
 * Grafana server's /api/ds/query.
 */

export interface PromQLQuery extends DataQuery {
  /** PromQL; variables ($route) are escaped for PromQL strings. */
  expr: string;
  /** Legend format, label names in double braces. */
  legendFormat?: string;
  /** Evaluate at the end of the range only (stat, gauge, table) instead of over the range. */
  instant?: boolean;
  /** One frame per series, or one table frame. */
  format?: 'time_series' | 'table';
}

/** label_values(metric{selector}, label) or label_values(label). */
const labelValuesQuery = /^label_values\(\s*(?:(.+?)\s*,\s*)?([A-Za-z_]\w*)\s*\)$/;

/** Scenes registers runtime datasources as DataQuery ones; each query is checked on arrival. */
function isPromQLQuery(query: DataQuery): query is PromQLQuery {
  return typeof (query as Partial<PromQLQuery>).expr === 'string';
}

function sceneObjectOf(scopedVars: ScopedVars | undefined): SceneObject | undefined {
  const wrapped: unknown = scopedVars?.['__sceneObject']?.value;
  return (wrapped as { valueOf(): SceneObject } | undefined)?.valueOf();
}

function seconds(ms: number): string {
  return String(ms / 1000);
}

export class StackDataSource extends RuntimeDataSource {
  readonly target: StackTarget;

  constructor(target: StackTarget) {
    super(datasourcePluginId, datasourceUid(target));
    this.target = target;
    // Scenes reads this as the lower bound of every query's interval (and so of the step).
    this.interval = minStep;
  }

  /** Replaces variables and macros ($__interval, $__range) in PromQL. */
  interpolate(expr: string, scopedVars: ScopedVars | undefined): string {
    const sceneObject = sceneObjectOf(scopedVars);
    // Every query Scenes runs carries its scene object; without one there is nothing to resolve.
    if (sceneObject === undefined) return expr;
    return sceneGraph.interpolate(sceneObject, expr, scopedVars, formatPromQLVariable);
  }

  override query(request: DataQueryRequest): Observable<DataQueryResponse> {
    return new Observable<DataQueryResponse>((subscriber) => {
      // Scenes unsubscribes when a newer request supersedes this one: abort the HTTP calls too.
      const abort = new AbortController();
      const targets = request.targets
        .filter(isPromQLQuery)
        .filter((q) => q.hide !== true && q.expr.trim() !== '');
      Promise.all(targets.map((q) => this.runQuery(q, request, abort.signal)))
        .then((frames) => {
          subscriber.next({ data: frames.flat(), state: LoadingState.Done });
          subscriber.complete();
        })
        .catch((err: unknown) => {
          if (!abort.signal.aborted) subscriber.error(err);
        });
      return () => {
        abort.abort();
      };
    });
  }

  private async runQuery(
    q: PromQLQuery,
    request: DataQueryRequest,
    signal: AbortSignal,
  ): Promise<DataFrame[]> {
    const expr = this.interpolate(q.expr, request.scopedVars);
    const format = q.format ?? 'time_series';
    const frame = {
      refId: q.refId,
      expr,
      format,
      ...(q.legendFormat === undefined ? {} : { legend: q.legendFormat }),
    };
    if (q.instant === true) {
      const params = new URLSearchParams({ query: expr, time: seconds(request.range.to.valueOf()) });
      const response = await promApi<PromQueryData>(this.target, 'query', params, { method: 'POST', signal });
      return toDataFrames(response, frame);
    }
    // Align the range to the step, as Grafana does, so a refresh does not shift every point.
    const stepMs = Math.max(request.intervalMs, 1000);
    const start = Math.floor(request.range.from.valueOf() / stepMs) * stepMs;
    const end = Math.floor(request.range.to.valueOf() / stepMs) * stepMs;
    const params = new URLSearchParams({
      query: expr,
      start: seconds(start),
      end: seconds(end),
      step: seconds(stepMs),
    });
    const response = await promApi<PromQueryData>(this.target, 'query_range', params, {
      method: 'POST',
      signal,
    });
    return toDataFrames(response, { ...frame, stepMs });
  }

  /** Options of a dashboard variable: label_values(metric, label) or label_values(label). */
  override async metricFindQuery(
    query: string,
    options?: LegacyMetricFindQueryOptions,
  ): Promise<MetricFindValue[]> {
    const match = labelValuesQuery.exec(query.trim());
    if (match === null)
      throw new Error(`Variable query "${query}" is not label_values(metric, label) or label_values(label)`);
    const [, selector, label = ''] = match;
    const params = new URLSearchParams();
    if (selector !== undefined) params.append('match[]', this.interpolate(selector, options?.scopedVars));
    const range: TimeRange | undefined = options?.range;
    if (range !== undefined) {
      params.set('start', seconds(range.from.valueOf()));
      params.set('end', seconds(range.to.valueOf()));
    }
    const response = await promApi<string[]>(this.target, `label/${label}/values`, params, { method: 'GET' });
    return response.data.map((value) => ({ text: value, value }));
  }
}

const registered = new Map<string, StackDataSource>();

/** The datasource reference for a target, registering its datasource with Scenes on first use. */
export function stackDataSourceRef(target: StackTarget): DataSourceRef {
  const uid = datasourceUid(target);
  if (!registered.has(uid)) {
    const dataSource = new StackDataSource(target);
    registerRuntimeDataSource({ dataSource });
    registered.set(uid, dataSource);
  }
  return { type: datasourcePluginId, uid };
}
