/**
 * A small reader of the Prometheus text and OpenMetrics text formats: enough to find metric
 * families with their TYPE, UNIT and HELP and read sample values. Validation is promtool's
 * job (validators.ts); this only answers "what does the learner's /metrics say".
 */

export interface ExpositionSample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

export interface Family {
  readonly name: string;
  /** counter, gauge, histogram, summary, unknown, info, stateset, gaugehistogram, untyped. */
  type: string;
  unit?: string;
  help?: string;
  readonly samples: ExpositionSample[];
}

/** Content-Type of an OpenMetrics exposition. */
export const isOpenMetrics = (contentType: string | null): boolean =>
  (contentType ?? '').startsWith('application/openmetrics-text');

/** The Accept header Prometheus 3 sends when it prefers OpenMetrics 1.0, then classic text. */
export const OPENMETRICS_ACCEPT =
  'application/openmetrics-text;version=1.0.0;q=0.9,text/plain;version=0.0.4;q=0.5,*/*;q=0.1';

const SUFFIXES = ['_total', '_created', '_bucket', '_count', '_sum', '_gcount', '_gsum', '_info'];

function parseLabels(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const match of text.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
    if (match[1] !== undefined)
      labels[match[1]] = (match[2] ?? '').replace(/\\n/g, '\n').replace(/\\"/g, '"').replace(/\\\\/g, '\\');
  }
  return labels;
}

/** Families by name. Samples attach to the family whose name they extend (foo_total → foo). */
export function parseExposition(text: string): Map<string, Family> {
  const families = new Map<string, Family>();
  const family = (name: string): Family => {
    let f = families.get(name);
    if (!f) {
      f = { name, type: 'untyped', samples: [] };
      families.set(name, f);
    }
    return f;
  };
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    const meta = /^#\s+(TYPE|UNIT|HELP)\s+(\S+)\s*(.*)$/.exec(line);
    if (meta?.[1] && meta[2]) {
      const f = family(meta[2]);
      if (meta[1] === 'TYPE') f.type = meta[3] ?? 'untyped';
      else if (meta[1] === 'UNIT') f.unit = meta[3] ?? '';
      else f.help = meta[3] ?? '';
      continue;
    }
    if (line.startsWith('#')) continue;
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (!sample?.[1] || sample[3] === undefined) continue;
    const name = sample[1];
    const suffix = SUFFIXES.find((s) => name.endsWith(s) && families.has(name.slice(0, -s.length)));
    const owner = families.has(name) ? name : suffix ? name.slice(0, -suffix.length) : name;
    family(owner).samples.push({
      name,
      labels: sample[2] ? parseLabels(sample[2]) : {},
      value: Number(sample[3]),
    });
  }
  return families;
}

/** Sum of the samples named `name` (all label sets), or undefined when there are none. */
export function sampleValue(families: Map<string, Family>, name: string): number | undefined {
  let total: number | undefined;
  for (const f of families.values()) {
    for (const s of f.samples) if (s.name === name) total = (total ?? 0) + s.value;
  }
  return total;
}

/** The finite upper bounds (`le`) of a histogram's buckets, ascending; [] when it has none. */
export function bucketBounds(families: Map<string, Family>, histogram: string): number[] {
  const bounds = new Set<number>();
  for (const s of families.get(histogram)?.samples ?? []) {
    if (s.name !== `${histogram}_bucket`) continue;
    const le = Number(s.labels['le']);
    if (Number.isFinite(le)) bounds.add(le);
  }
  return [...bounds].sort((a, b) => a - b);
}
