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
  /** otelcol.processor.batch timeout default. */
  otlpBatchMs: 200,
} as const;

function readYaml(file: string): unknown {
  try {
    return parse(readFileSync(file, 'utf8')) as unknown;
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

/** Sums the terms plus slack; the explanation lists each one. */
export function budget(terms: readonly Term[], slackMs = DEFAULT_SLACK_MS): Budget {
  const parts = terms.filter((t) => t.ms > 0 && (t.times ?? 1) > 0);
  const ms = parts.reduce((sum, t) => sum + t.ms * (t.times ?? 1), 0) + slackMs;
  const because = [
    ...parts.map((t) => `${(t.times ?? 1) === 1 ? '' : `${t.times} × `}${t.what} ${formatMs(t.ms)}`),
    `${formatMs(slackMs)} slack`,
  ].join(' + ');
  return { ms, because };
}
