/**
 * The Prometheus HTTP API's JSON, as Prometheus 3 and Mimir return it
 * (https://prometheus.io/docs/prometheus/latest/querying/api/). Types only.
 */

/** [unix seconds, value as a string: "1.5", "NaN", "+Inf", "-Inf"]. */
export type PromSample = readonly [number, string];

/** A native histogram sample; lessons reduce these with histogram_quantile() and friends. */
export type PromHistogramSample = readonly [number, { readonly count: string; readonly sum: string }];

export type PromLabels = Readonly<Record<string, string>>;

export interface PromMatrixSeries {
  readonly metric: PromLabels;
  readonly values?: readonly PromSample[];
  readonly histograms?: readonly PromHistogramSample[];
}

export interface PromVectorSample {
  readonly metric: PromLabels;
  readonly value?: PromSample;
  readonly histogram?: PromHistogramSample;
}

export type PromQueryData =
  | { readonly resultType: 'matrix'; readonly result: readonly PromMatrixSeries[] }
  | { readonly resultType: 'vector'; readonly result: readonly PromVectorSample[] }
  | { readonly resultType: 'scalar'; readonly result: PromSample }
  | { readonly resultType: 'string'; readonly result: PromSample };

export interface PromSuccess<T> {
  readonly status: 'success';
  readonly data: T;
  /** Things the query engine wants the user to know, e.g. a rate() over a non-counter. */
  readonly warnings?: readonly string[];
  readonly infos?: readonly string[];
}

export interface PromFailure {
  readonly status: 'error';
  /** bad_data, execution, timeout, canceled, internal, unavailable, not_found. */
  readonly errorType: string;
  readonly error: string;
}

export type PromResponse<T> = PromSuccess<T> | PromFailure;
