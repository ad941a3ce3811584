/**
 * A remote_write queue seen from the sender's own /metrics (Prometheus and Alloy expose the
 * same prometheus_remote_storage_* metrics), and the errors the sender logged about it.
 */
import { readFileSync } from 'node:fs';
import { parseExposition, sampleValue } from './exposition.ts';
import { request } from './http.ts';
import { labLogFile } from './processes.ts';
import type { Verdict } from './verdict.ts';
import { fail, pass, wait } from './verdict.ts';

export interface QueueCounters {
  /** Samples sent so far; undefined when the process has no remote_write queue at all. */
  readonly sent: number | undefined;
  readonly failed: number;
}

/** Reads the counters from `metricsUrl`; undefined when it does not answer. */
export async function remoteWriteCounters(metricsUrl: string): Promise<QueueCounters | undefined> {
  const result = await request(metricsUrl);
  if (!result.ok) return undefined;
  const families = parseExposition(result.text);
  return {
    sent: sampleValue(families, 'prometheus_remote_storage_samples_total'),
    failed: sampleValue(families, 'prometheus_remote_storage_samples_failed_total') ?? 0,
  };
}

/** The last remote-write warnings and errors of the process's current run (after its last "--- start" line). */
export function remoteWriteErrors(logFile: string, lines = 3): string {
  let log: string;
  try {
    log = readFileSync(logFile, 'utf8');
  } catch {
    return '';
  }
  return log
    .slice(log.lastIndexOf('\n--- '))
    .split('\n')
    .filter((line) => /remote|queue_manager|write/i.test(line) && /level=(ERROR|WARN|error|warn)/.test(line))
    .slice(-lines)
    .join('\n');
}

/** True when the logged errors say Mimir got no tenant (HTTP 401 "no org id"). */
export const missingTenant = (errors: string): boolean => /no org id/i.test(errors);

/** The last HTTP status a sender logged for its pushes ("404 Not Found"), and the URL it pushed to. */
export function refusal(
  errors: string,
): { readonly status: string; readonly url: string | undefined } | undefined {
  const lines = errors.split('\n').reverse();
  for (const line of lines) {
    const status = /server returned HTTP status (\d{3}[^:"\\]*)/.exec(line)?.[1];
    if (status) return { status: status.trim(), url: /\burl=(\S+)/.exec(line)?.[1] };
  }
  return undefined;
}

/** What to change for a refusal whose status says more than the log line. */
function refusalHint(status: string): string | undefined {
  if (status.startsWith('404'))
    return 'nothing answers on that path: Mimir takes remote_write at /api/v1/push (`http://mimir:9009/api/v1/push`)';
  return undefined;
}

/**
 * A probe for "the remote_write queue delivers": passes once samples were sent and none failed,
 * fails with the sender's own log lines when Mimir refused samples, waits otherwise.
 */
export function deliveryProbe(options: {
  /** The lab whose process sends. */
  readonly lab: string;
  /** The sending lab process ("prometheus", "alloy"): its log is read for the errors. */
  readonly process: string;
  /** The port it serves its /metrics on (127.0.0.1). */
  readonly port: number;
  /** How to set the tenant header in this lab's config language. */
  readonly headerHint: string;
  /** Said when the sender has no queue at all. */
  readonly noQueueHint: string;
}): () => Promise<Verdict> {
  const metricsUrl = `http://127.0.0.1:${options.port}/metrics`;
  const logFile = labLogFile(options.lab, options.process);
  return async () => {
    const counters = await remoteWriteCounters(metricsUrl);
    if (!counters) return wait(`${metricsUrl} does not answer`);
    if (counters.sent === undefined)
      return fail('nothing is sent anywhere: there is no remote_write queue', { hint: options.noQueueHint });
    const errors = remoteWriteErrors(logFile);
    if (counters.failed > 0) {
      const noTenant = missingTenant(errors);
      const refused = refusal(errors);
      const why = noTenant
        ? ': the requests carry no tenant'
        : refused
          ? `: HTTP ${refused.status}${refused.url ? ` from ${refused.url}` : ''}`
          : '';
      return fail(`Mimir refused ${counters.failed} samples${why}`, {
        output: errors || '(nothing about it in the log)',
        hint: noTenant
          ? options.headerHint
          : ((refused && refusalHint(refused.status)) ?? 'the log lines above say why'),
      });
    }
    if (counters.sent > 0) return pass(`${counters.sent} samples sent, none failed`);
    return wait('no samples sent yet', errors ? { output: errors } : {});
  };
}
