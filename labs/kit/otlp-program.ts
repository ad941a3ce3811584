/**
 * What a lab needs to judge a learner's Go program that exports metrics over OTLP: how often it
 * exports (its code overrides the environment the checker sets), and what its exporter's own
 * log says when nothing arrives. One failed export may be a hiccup; the same error at a second
 * export, with nothing arrived, is how the exporter is set up (it drops a batch the receiver
 * refused and does not retry it).
 */
import { otlpPorts } from '../../stack/services.ts';
import type { CheckContext } from './define.ts';
import { goDurationCalls } from './go.ts';
import type { LogProblem } from './processes.ts';
import { problemLines, runLog } from './processes.ts';
import type { Verdict } from './verdict.ts';
import { fail, wait } from './verdict.ts';

/** The Go SDK's export interval when neither the code nor OTEL_METRIC_EXPORT_INTERVAL sets one. */
const SDK_DEFAULT_EXPORT_MS = 60_000;
/** The same error at this many exports, with nothing arrived, is no hiccup. */
const FAILED_EXPORTS_CONCLUSIVE = 2;

export interface ExportInterval {
  readonly ms: number;
  /** Where the interval comes from, for the countdown. */
  readonly what: string;
}

/**
 * How often the program exports: what sdkmetric.WithInterval in the learner's code says (it
 * overrides the environment), else `checkerMs`, the OTEL_METRIC_EXPORT_INTERVAL the checker sets.
 */
export function otlpExportInterval(ctx: CheckContext, checkerMs: number): ExportInterval {
  const calls = goDurationCalls(ctx.dir, ctx.shownDir, 'WithInterval');
  if (calls.length === 0)
    return { ms: checkerMs, what: 'OTLP export interval (OTEL_METRIC_EXPORT_INTERVAL, set by the checker)' };
  const unread = calls.find((c) => c.ms === undefined);
  if (unread)
    return {
      ms: SDK_DEFAULT_EXPORT_MS,
      what: `OTLP export interval (WithInterval(${unread.text}) in ${unread.file} is not a constant the checker reads; the SDK default)`,
    };
  const longest = calls.reduce((a, b) => ((b.ms ?? 0) > (a.ms ?? 0) ? b : a));
  return {
    ms: longest.ms ?? checkerMs,
    what: `OTLP export interval (WithInterval(${longest.text}) in ${longest.file})`,
  };
}

/** What to change, from the errors the program's exporter logged. */
function exporterHint(lines: readonly string[]): string {
  const text = lines.join('\n');
  if (/\b404\b/.test(text))
    return 'Alloy takes OTLP/HTTP metrics on /v1/metrics: otlpmetrichttp.WithEndpointURL(endpoint + "/v1/metrics"), or leave the endpoint out (otlpmetrichttp.New reads OTEL_EXPORTER_OTLP_ENDPOINT and adds /v1/metrics itself)';
  if (/HTTP response to HTTPS client|tls:|x509/i.test(text))
    return 'the receiver speaks plain HTTP: use an http:// endpoint URL, or otlpmetrichttp.WithInsecure() with WithEndpoint';
  if (/connection refused/i.test(text))
    return `nothing listens where the exporter sends: Alloy's OTLP/HTTP receiver is 127.0.0.1:${otlpPorts.http} (the checker sets OTEL_EXPORTER_OTLP_ENDPOINT to it)`;
  if (/\b401\b|no org id/i.test(text))
    return `send to Alloy (127.0.0.1:${otlpPorts.http}), which adds the tenant, not to Mimir directly`;
  return 'the lines above, from your program’s log, say why its exports fail';
}

/** A log line as quoted: repeats folded. */
const shownProblem = (p: LogProblem): string => (p.times > 1 ? `${p.line} (×${p.times})` : p.line);

/**
 * The export errors in this run's log of the lab's program, quoted with what to change: a
 * failure once the same one repeats, a wait before; undefined when the log shows none.
 */
export function exportErrors(labId: string, program: string): Verdict | undefined {
  const problems = problemLines(runLog(labId, program));
  if (problems.length === 0) return undefined;
  const said = {
    output: problems.map(shownProblem).join('\n'),
    hint: exporterHint(problems.map((p) => p.line)),
  };
  const repeated = problems.some((p) => p.times >= FAILED_EXPORTS_CONCLUSIVE);
  const what = 'nothing of this run has reached Mimir, and your program logs errors';
  return repeated ? fail(`${what}, the same one at every export:`, said) : wait(what, said);
}
