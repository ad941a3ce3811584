/**
 * Every query of the classroom board (site/lib/classroom/board-queries.ts), asked of a Mimir as
 * the board's panels ask it (the funnel over the board's 3 hours, the learner variable from the
 * label-values API, the rest at one instant), and how long each took. The load test asserts on
 * the times; `npm run bench:classroom` prints them.
 */
import { boardQueries, type BoardQueries } from '../../site/lib/classroom/board-queries.ts';
import { tenantHeader } from '../../stack/services.ts';

export interface BoardTiming {
  readonly name: keyof BoardQueries;
  readonly ms: number;
  /** The API's status: "success", or "error" with the API's message. */
  readonly status: string;
  readonly error?: string;
  /** How many series (or label values) came back. */
  readonly results: number;
}

/** The board's funnel is drawn over a range; the other panels read one instant. */
const RANGE_SECONDS = 3 * 3600;
const STEP_SECONDS = 30;
const labelValues = /^label_values\((.+),\s*(\w+)\)$/;

/** A learner's name as the value of `learner=~"$learner"`: a regex matching it alone. */
const asRegex = (name: string): string => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function request(name: keyof BoardQueries, expr: string, learner: string): [string, Record<string, string>] {
  const matched = labelValues.exec(expr);
  if (matched) return [`label/${matched[2] ?? ''}/values`, { 'match[]': matched[1] ?? '' }];
  const query = expr.replaceAll('$learner', asRegex(learner));
  if (name !== 'funnel') return ['query', { query }];
  const end = Math.floor(Date.now() / 1000);
  return [
    'query_range',
    { query, start: String(end - RANGE_SECONDS), end: String(end), step: String(STEP_SECONDS) },
  ];
}

export async function timeBoardQueries(
  mimirUrl: string,
  tenant: string,
  classroom: string,
  learner: string,
): Promise<BoardTiming[]> {
  const timings: BoardTiming[] = [];
  for (const [name, expr] of Object.entries(boardQueries(classroom, 10)) as [keyof BoardQueries, string][]) {
    const [path, params] = request(name, expr, learner);
    const started = performance.now();
    const res = await fetch(
      `${mimirUrl}/prometheus/api/v1/${path}?${new URLSearchParams(params).toString()}`,
      {
        headers: { [tenantHeader]: tenant },
      },
    );
    const body = (await res.json()) as { status: string; error?: string; data?: unknown };
    const ms = performance.now() - started;
    const data = body.data as { result?: unknown[] } | unknown[] | undefined;
    const results = Array.isArray(data) ? data.length : (data?.result?.length ?? 0);
    timings.push({ name, ms, status: body.status, results, ...(body.error ? { error: body.error } : {}) });
  }
  return timings;
}
