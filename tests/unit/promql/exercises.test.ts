/**
 * The PromQL exercises' catalogue and data: the catalogue's own rules (order, both languages,
 * enough cases), every exercise on its page in every locale and nothing else there, the topics
 * the course promises, and the committed dataset being exactly what its program writes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExerciseCatalogueError, parseExercises } from '../../../labs/kit/exercise-schema.ts';
import { datasetText, nativeDatasetText } from '../../../labs/promql/dataset/generate.ts';
import { exercises } from '../../../labs/promql/exercises.ts';
import { repoRoot } from '../../../scripts/stack/index.ts';
import { localeCodes } from '../../../site/lib/locales.ts';

const page = (locale: string, lesson: string): string =>
  readFileSync(join(repoRoot, 'site/content/docs', locale, `${lesson}.mdx`), 'utf8');

describe('the catalogue', () => {
  it('has at least 25 exercises, each with two alternatives, a mistake and hints in both languages', () => {
    expect(exercises.length).toBeGreaterThanOrEqual(25);
    for (const e of exercises) {
      expect(e.alternatives.length, e.id).toBeGreaterThanOrEqual(2);
      expect(e.mistakes.length, e.id).toBeGreaterThanOrEqual(1);
      expect(e.hints.ja).toHaveLength(e.hints.en.length);
    }
  });

  it('refuses an exercise out of order and hints missing in one language, naming the exercise', () => {
    const first = exercises[0];
    if (!first) throw new Error('no exercises');
    expect(() => parseExercises([{ ...first, id: 'promql-02' }])).toThrow(
      /exercises\[0\] \(promql-02\): the id must be promql-01/,
    );
    expect(() => parseExercises([{ ...first, hints: { en: ['a', 'b'], ja: ['a'] } }])).toThrow(
      ExerciseCatalogueError,
    );
  });

  it('puts every exercise on its page in every locale, once, and no other exercise there', () => {
    const lessons = [...new Set(exercises.map((e) => e.lesson))];
    for (const locale of localeCodes)
      for (const lesson of lessons) {
        const ids = [...page(locale, lesson).matchAll(/<PromQLExercise id="(promql-\d{2})" \/>/g)].map(
          (m) => m[1],
        );
        expect(ids.sort(), `${locale}/${lesson}`).toEqual(
          exercises
            .filter((e) => e.lesson === lesson)
            .map((e) => e.id)
            .sort(),
        );
      }
  });

  it('covers the topics of the course in its references and alternatives', () => {
    const queries = exercises.flatMap((e) => [e.reference, ...e.alternatives]).join('\n');
    const topics: Record<string, RegExp> = {
      'regex matcher': /=~"/,
      'negative matcher': /!=|!~/,
      'range vector': /\]\s*$/m,
      rate: /\brate\(/,
      irate: /\birate\(/,
      increase: /\bincrease\(/,
      'by / without': /\bby \(.*\bwithout \(|\bwithout \(.*\bby \(/s,
      'topk / bottomk': /\btopk\(.*\bbottomk\(|\bbottomk\(.*\btopk\(/s,
      count_values: /\bcount_values\(/,
      'on / ignoring': /\bon \(.*\bignoring \(|\bignoring \(.*\bon \(/s,
      'group_left with target_info': /group_left \(service_version\) target_info/,
      absent: /\babsent\(/,
      absent_over_time: /\babsent_over_time\(/,
      offset: /\boffset\b/,
      '@': /@ \d+/,
      subquery: /\[\d+[mh]:\d+[ms]?\]/,
      max_over_time: /\bmax_over_time\(/,
      'histogram_quantile, classic': /\bhistogram_quantile\(.*_bucket\[/,
      'histogram_quantile, native':
        /\bhistogram_quantile\(0\.9, sum by \(route\) \(rate\(http_request_duration_seconds\[/,
      histogram_fraction: /\bhistogram_fraction\(/,
      predict_linear: /\bpredict_linear\(/,
      label_replace: /\blabel_replace\(/,
      'error ratio': /status=~"5\.\."\}\[5m\]\)\) \/ sum/,
      apdex: /le="0\.25".*le="1\.0"/s,
    };
    for (const [topic, pattern] of Object.entries(topics)) expect(pattern.test(queries), topic).toBe(true);
    expect(
      exercises.some((e) => e.range !== undefined),
      'a range question',
    ).toBe(true);
  });
});

describe('the dataset', () => {
  it('is exactly what labs/promql/dataset/generate.ts writes (run `npm run promql:dataset` after changing it)', () => {
    const committed = readFileSync(join(repoRoot, 'labs/promql/dataset/shop.om'), 'utf8');
    expect(committed === datasetText()).toBe(true);
    const native = readFileSync(join(repoRoot, 'labs/promql/dataset/shop-native.json'), 'utf8');
    expect(native === nativeDatasetText()).toBe(true);
  });

  it('is OpenMetrics text: metadata before samples, each series in time order, # EOF last', () => {
    const lines = datasetText().trimEnd().split('\n');
    expect(lines.at(-1)).toBe('# EOF');
    const last = new Map<string, number>();
    for (const line of lines.filter((l) => !l.startsWith('#'))) {
      const match = /^(\S+\{[^}]*\}) \S+ (\d+)$/.exec(line);
      expect(match, line).not.toBeNull();
      const [, series = '', time = '0'] = match ?? [];
      expect(Number(time), series).toBeGreaterThan(last.get(series) ?? 0);
      last.set(series, Number(time));
    }
  });
});

describe('the native histograms', () => {
  it('count every observation of the classic ones, with the same sum', () => {
    const classic = new Map<string, string>();
    for (const line of datasetText().split('\n')) {
      const m =
        /^http_request_duration_seconds_(count|sum)\{instance="([^"]+)",job="shop",route="([^"]+)"\} (\S+) (\d+)$/.exec(
          line,
        );
      if (m) classic.set(`${m[1] ?? ''} ${m[2] ?? ''} ${m[3] ?? ''} ${m[5] ?? ''}`, m[4] ?? '');
    }
    const parsed = JSON.parse(nativeDatasetText()) as {
      series: { labels: Record<string, string>; points: [number, number, number, unknown, number[]][] }[];
    };
    expect(parsed.series).toHaveLength(9);
    for (const s of parsed.series)
      for (const [t, count, sum, , deltas] of s.points) {
        const key = `${s.labels['instance'] ?? ''} ${s.labels['route'] ?? ''} ${t}`;
        expect(String(count)).toBe(classic.get(`count ${key}`));
        expect(sum.toFixed(3)).toBe(classic.get(`sum ${key}`));
        // The deltas add up to each bucket's count; the counts add up to the total.
        let bucket = 0;
        let total = 0;
        for (const d of deltas) {
          bucket += d;
          expect(bucket).toBeGreaterThan(0);
          total += bucket;
        }
        expect(total).toBe(count);
      }
  });
});
