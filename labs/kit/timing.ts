/**
 * Timing-aware checks: how long data can take to arrive, derived from the intervals that
 * govern it (scrape, remote_write batching, OTLP export, rule evaluation). A check waits up
 * to that bound and no longer, and says how the bound was derived when it gives up.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { stackPaths } from '../../scripts/stack/index.ts';

const UNITS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
  y: 31_536_000_000,
};

/**
 * Parses a Prometheus/Alloy/Go duration ("5s", "1m30s", "500ms", "1h") to milliseconds.
 * Returns undefined for anything else, so callers fall back to a documented default.
 */
export function parseDuration(text: string | undefined | null): number | undefined {
  if (typeof text !== 'string') return undefined;
  const trimmed = text.trim();
  if (!/^(\d+(\.\d+)?(ms|s|m|h|d|w|y))+$/.test(trimmed)) return undefined;
  let total = 0;
  for (const match of trimmed.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d|w|y)/g)) {
    total += Number(match[1]) * (UNITS[match[2] ?? 's'] ?? 0);
  }
  return total;
}

/** 5s, 1m, 1m30s, 250ms: how a bound is explained to the learner. */
export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const rest = seconds % 60;
  return rest === 0 ? `${Math.floor(seconds / 60)}m` : `${Math.floor(seconds / 60)}m${rest}s`;
}

/** The intervals of the running stack, read from its own configs. */
export interface Intervals {
  /** Prometheus's global scrape_interval (stack/prometheus/prometheus.yml). */
  readonly scrapeMs: number;
  /** Prometheus hands new targets to the scrapers at most every 5 s (discovery manager, fixed). */
  readonly discoveryMs: number;
  /** Mimir ruler's default group evaluation_interval (stack/mimir/mimir.yaml). */
  readonly ruleEvaluationMs: number;
  /** How often Mimir's ruler re-reads rule storage (stack/mimir/mimir.yaml). */
  readonly rulerPollMs: number;
  /** How far behind "now" Mimir's ruler evaluates (limits.ruler_evaluation_delay_duration). */
  readonly ruleEvaluationDelayMs: number;
  /** How often Mimir's Alertmanager re-reads the tenants' configurations (stack/mimir/mimir.yaml). */
  readonly alertmanagerPollMs: number;
  /** Alloy's otelcol.processor.batch timeout in front of Mimir (stack/alloy/config.alloy). */
  readonly otlpBatchMs: number;
}

/** Upstream defaults, used where a config does not say. */
export const defaults = {
  /** Prometheus global scrape_interval default. */
  prometheusScrapeMs: 60_000,
  /** remote_write queue_config.batch_send_deadline default (Prometheus and Alloy). */
  remoteWriteDeadlineMs: 5_000,
  /** Mimir ruler evaluation_interval default. */
  ruleEvaluationMs: 60_000,
  /** Mimir ruler poll_interval default. */
  rulerPollMs: 60_000,
  /** Mimir limits.ruler_evaluation_delay_duration default. */
  ruleEvaluationDelayMs: 60_000,
  /** Mimir alertmanager.poll_interval default. */
  alertmanagerPollMs: 15_000,
  /** otelcol.processor.batch timeout default. */
  otlpBatchMs: 200,
  /** Prometheus global scrape_timeout default (never longer than the scrape interval). */
  prometheusScrapeTimeoutMs: 10_000,
} as const;

/** A YAML document, or undefined when it does not parse (promtool reports why, not the timing). */
function parseYaml(text: string): unknown {
  try {
    return parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function readYaml(file: string): unknown {
  try {
    return parseYaml(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

const at = (value: unknown, ...keys: string[]): unknown => {
  let current = value;
  for (const key of keys) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
};

/** Reads the intervals from stack/ (the configs both modes run). */
export function stackIntervals(root = stackPaths().root): Intervals {
  const prometheus = readYaml(join(root, 'stack', 'prometheus', 'prometheus.yml'));
  const mimir = readYaml(join(root, 'stack', 'mimir', 'mimir.yaml'));
  let alloy = '';
  try {
    alloy = readFileSync(join(root, 'stack', 'alloy', 'config.alloy'), 'utf8');
  } catch {
    // keep the default
  }
  const batch = /otelcol\.processor\.batch[^{]*\{[^}]*?timeout\s*=\s*"([^"]+)"/s.exec(alloy)?.[1];
  return {
    scrapeMs:
      parseDuration(at(prometheus, 'global', 'scrape_interval') as string) ?? defaults.prometheusScrapeMs,
    discoveryMs: 5_000,
    ruleEvaluationMs:
      parseDuration(at(mimir, 'ruler', 'evaluation_interval') as string) ?? defaults.ruleEvaluationMs,
    rulerPollMs: parseDuration(at(mimir, 'ruler', 'poll_interval') as string) ?? defaults.rulerPollMs,
    ruleEvaluationDelayMs:
      parseDuration(at(mimir, 'limits', 'ruler_evaluation_delay_duration') as string) ??
      defaults.ruleEvaluationDelayMs,
    alertmanagerPollMs:
      parseDuration(at(mimir, 'alertmanager', 'poll_interval') as string) ?? defaults.alertmanagerPollMs,
    otlpBatchMs: parseDuration(batch) ?? defaults.otlpBatchMs,
  };
}

/** One ingredient of a wait bound: an interval, how many times it may pass, and its name. */
export interface Term {
  readonly what: string;
  readonly ms: number;
  /** How many of this interval to allow (default 1). */
  readonly times?: number;
}

/** How long a check may wait, and why that long. */
export interface Budget {
  readonly ms: number;
  /** "2 × scrape interval 5s + remote_write deadline 1s + 10s slack". */
  readonly because: string;
}

/** Slack for process start, query latency and a busy 2-core machine. */
export const DEFAULT_SLACK_MS = 10_000;

/** "2 × job app's scrape_interval 1m": one term as a countdown or a failure explains it. */
export const termText = (t: Term): string =>
  `${(t.times ?? 1) === 1 ? '' : `${t.times} × `}${t.what} ${formatMs(t.ms)}`;

/** Sums the terms plus slack; the explanation lists each one. */
export function budget(terms: readonly Term[], slackMs = DEFAULT_SLACK_MS): Budget {
  const parts = terms.filter((t) => t.ms > 0 && (t.times ?? 1) > 0);
  const ms = parts.reduce((sum, t) => sum + t.ms * (t.times ?? 1), 0) + slackMs;
  const because = [...parts.map(termText), `${formatMs(slackMs)} slack`].join(' + ');
  return { ms, because };
}

/** One scrape job's timing, each value with where it came from ("job app's scrape_interval"). */
export interface JobTiming {
  readonly job: string;
  readonly interval: Term;
  readonly timeout: Term;
}

/** What a Prometheus config makes Prometheus wait for: each job's scrapes, each remote_write queue's batches. */
export interface PrometheusTiming {
  readonly jobs: readonly JobTiming[];
  /** One term per remote_write endpoint: its queue_config.batch_send_deadline. */
  readonly deadlines: readonly Term[];
}

/** The global section a config's jobs inherit: its own, or (for a drop-in) the main file's. */
interface GlobalTiming {
  readonly interval: Term;
  readonly timeout: Term;
}

const term = (what: string, ms: number): Term => ({ what, ms });

/**
 * The global scrape_interval and scrape_timeout of a parsed config, with Prometheus's rules for
 * what is left out: interval 1m, timeout 10s but never longer than the interval
 * (config.GlobalConfig.UnmarshalYAML). `whose` names the file in the explanation.
 */
function globalTiming(doc: unknown, whose: string): GlobalTiming {
  const setInterval = parseDuration(at(doc, 'global', 'scrape_interval') as string);
  const setTimeout = parseDuration(at(doc, 'global', 'scrape_timeout') as string);
  const interval =
    setInterval === undefined
      ? term('scrape_interval (Prometheus default)', defaults.prometheusScrapeMs)
      : term(`${whose} global scrape_interval`, setInterval);
  const timeout =
    setTimeout === undefined
      ? term('scrape_timeout (Prometheus default)', Math.min(defaults.prometheusScrapeTimeoutMs, interval.ms))
      : term(`${whose} global scrape_timeout`, setTimeout);
  return { interval, timeout };
}

/** A job's interval and timeout: its own, else the global ones (timeout capped at the interval, as Prometheus does). */
function jobTiming(job: unknown, global: GlobalTiming): JobTiming | undefined {
  const name = at(job, 'job_name');
  if (typeof name !== 'string') return undefined;
  const ownInterval = parseDuration(at(job, 'scrape_interval') as string);
  const ownTimeout = parseDuration(at(job, 'scrape_timeout') as string);
  const interval =
    ownInterval === undefined ? global.interval : term(`job ${name}'s scrape_interval`, ownInterval);
  const timeout =
    ownTimeout !== undefined
      ? term(`job ${name}'s scrape_timeout`, ownTimeout)
      : global.timeout.ms > interval.ms
        ? { ...interval, what: `${interval.what} (as scrape_timeout)` }
        : global.timeout;
  return { job: name, interval, timeout };
}

/** Each remote_write endpoint's batch_send_deadline (default 5s): the longest a sample waits in its queue. */
function deadlines(doc: unknown): Term[] {
  const endpoints = at(doc, 'remote_write');
  if (!Array.isArray(endpoints)) return [];
  return endpoints.map((endpoint) => {
    const set = parseDuration(at(endpoint, 'queue_config', 'batch_send_deadline') as string);
    return set === undefined
      ? term('remote_write batch_send_deadline (default)', defaults.remoteWriteDeadlineMs)
      : term('your remote_write batch_send_deadline', set);
  });
}

/**
 * The timing a Prometheus config sets, read from the learner's own file so that every wait is
 * sized from what that file makes Prometheus do (a file that leaves the 1m default gets a 1m
 * wait, not the stack's 5s). `inheritFrom` is the text of the main prometheus.yml whose global
 * section a drop-in's jobs inherit (scrape_config_files hold jobs only).
 */
export function prometheusTiming(text: string, inheritFrom?: string): PrometheusTiming {
  const doc = parseYaml(text);
  const global =
    inheritFrom === undefined
      ? globalTiming(doc, 'your')
      : globalTiming(parseYaml(inheritFrom), "the stack's");
  const jobs = at(doc, 'scrape_configs');
  return {
    jobs: Array.isArray(jobs) ? jobs.flatMap((job) => jobTiming(job, global) ?? []) : [],
    deadlines: deadlines(doc),
  };
}

/** The stack's stack/prometheus/prometheus.yml, whose global section the lab drop-ins inherit. */
export function stackPrometheusConfig(root = stackPaths().root): string {
  try {
    return readFileSync(join(root, 'stack', 'prometheus', 'prometheus.yml'), 'utf8');
  } catch {
    return '';
  }
}

/** The longest of some terms (the slowest job, the slowest queue), or a zero term when there are none. */
export function longest(terms: readonly Term[], none = 'nothing to wait for'): Term {
  return terms.reduce<Term>((a, b) => (b.ms > a.ms ? b : a), { what: none, ms: 0 });
}

/** A job's scrape interval as a budget term (the slowest job's when `job` is not given), `times` of it. */
export function scrapeTerm(timing: PrometheusTiming, job?: string, times = 1): Term {
  const jobs = job === undefined ? timing.jobs : timing.jobs.filter((j) => j.job === job);
  return { ...longest(jobs.map((j) => j.interval)), times };
}

/** The longest scrape_timeout among the jobs (or `job`'s): how long a failing scrape takes to say so. */
export function timeoutTerm(timing: PrometheusTiming, job?: string): Term {
  const jobs = job === undefined ? timing.jobs : timing.jobs.filter((j) => j.job === job);
  return longest(jobs.map((j) => j.timeout));
}

/** The longest batch_send_deadline of the config's remote_write queues, `times` of it. */
export function deliveryTerm(timing: PrometheusTiming, times = 1): Term {
  return { ...longest(timing.deadlines, 'no remote_write queue'), times };
}
