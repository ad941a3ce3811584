/**
 * The Alloy labs' kit without a running Alloy: reading Alloy's API encoding (alloyjson, as
 * /api/v0/web/components/<id> returns it in v1.11), scrape times in milliseconds, telling this
 * run's series from another writer's, and the HTTP status a sender logged.
 */
import { describe, expect, it } from 'vitest';
import type { ComponentDetail } from '../../../labs/kit/alloy-api.ts';
import { bodyOf, rfc3339Ms, targetsOf } from '../../../labs/kit/alloy-api.ts';
import { startsWithRun } from '../../../labs/kit/alloy-checks.ts';
import { selectorOf } from '../../../labs/kit/find-data.ts';
import { refusal } from '../../../labs/kit/remote-write.ts';

const str = (value: string) => ({ type: 'string', value });
const attr = (name: string, value: unknown) => ({ name, type: 'attr', value });

/** A target block of prometheus.scrape's debug info, shaped as a v1.11 Alloy returns it. */
const target = (job: string, labels: Record<string, string>, extra: unknown[]) => ({
  name: 'target',
  type: 'block',
  body: [
    attr('job', str(job)),
    attr('url', str('http://127.0.0.1:8080/metrics')),
    attr('health', str('up')),
    attr('labels', {
      type: 'object',
      value: Object.entries(labels).map(([key, value]) => ({ key, value: str(value) })),
    }),
    ...extra,
  ],
});

const scrape = (debugInfo: unknown[]): ComponentDetail => ({
  name: 'prometheus.scrape',
  localID: 'prometheus.scrape.app',
  moduleID: '',
  referencesTo: [],
  referencedBy: [],
  health: { state: 'healthy', message: '', updatedTime: '' },
  arguments: bodyOf([]),
  debugInfo: bodyOf(debugInfo),
});

describe('bodyOf', () => {
  it('reads attributes, nested blocks and objects', () => {
    const body = bodyOf([
      {
        name: 'endpoint',
        type: 'block',
        body: [
          attr('url', str('http://127.0.0.1:9009/api/v1/push')),
          attr('headers', { type: 'object', value: [{ key: 'X-Scope-OrgID', value: str('lab-05') }] }),
          { name: 'queue_config', type: 'block', body: [attr('batch_send_deadline', str('1s'))] },
        ],
      },
      attr('targets', {
        type: 'array',
        value: [{ type: 'object', value: [{ key: '__address__', value: str('app:8080') }] }],
      }),
    ]);
    const endpoint = body.blocks['endpoint']?.[0];
    expect(endpoint?.attrs['headers']).toEqual({ 'X-Scope-OrgID': 'lab-05' });
    expect(endpoint?.blocks['queue_config']?.[0]?.attrs['batch_send_deadline']).toBe('1s');
    expect(body.attrs['targets']).toEqual([{ __address__: 'app:8080' }]);
  });

  it('gives an empty body for what is not one', () => {
    expect(bodyOf(null)).toEqual({ attrs: {}, blocks: {} });
  });
});

describe('targetsOf', () => {
  it("takes a target's own job label over the component's job_name", () => {
    const [own, plain] = targetsOf(
      scrape([
        target('lab-05-app', { job: 'custom' }, [attr('last_scrape', str('2026-12-03T14:05:36.63988833Z'))]),
        target('lab-05-app', {}, [attr('last_scrape', str('0001-01-01T00:00:00Z'))]),
      ]),
    );
    expect(own?.job).toBe('custom');
    expect(own?.lastScrapeMs).toBe(Date.parse('2026-12-03T14:05:36.639Z'));
    expect(plain?.job).toBe('lab-05-app');
    expect(plain?.lastScrapeMs).toBeUndefined();
  });
});

describe('rfc3339Ms', () => {
  it('truncates nanoseconds to milliseconds, as timestamp.FromTime does', () => {
    expect(rfc3339Ms('2026-12-03T14:05:36.63988833Z')).toBe(Date.parse('2026-12-03T14:05:36.639Z'));
    expect(rfc3339Ms('2026-12-03T14:05:36Z')).toBe(Date.parse('2026-12-03T14:05:36.000Z'));
    expect(rfc3339Ms('2026-12-03T15:05:36.5+01:00')).toBe(Date.parse('2026-12-03T14:05:36.500Z'));
    expect(rfc3339Ms('yesterday')).toBeUndefined();
  });
});

describe('startsWithRun', () => {
  const every5s = (from: number, to: number): number[] =>
    Array.from({ length: Math.floor((to - from) / 5_000) + 1 }, (_, i) => from + i * 5_000);

  it('is a series that only has samples since the start', () => {
    expect(startsWithRun(every5s(100_000, 120_000), 100_000)).toBe(true);
  });

  it('is a series that resumes after a break (an earlier attempt sent to the same tenant)', () => {
    expect(startsWithRun([...every5s(0, 20_000), ...every5s(100_000, 120_000)], 95_000)).toBe(true);
  });

  it('is not a series another writer sent without a break', () => {
    expect(startsWithRun(every5s(0, 120_000), 97_000)).toBe(false);
  });

  it('is not a series with nothing since the start', () => {
    expect(startsWithRun(every5s(0, 20_000), 95_000)).toBe(false);
  });
});

describe('refusal', () => {
  it('finds the last HTTP status and URL a sender logged', () => {
    const log = [
      'ts=1 level=error msg="non-recoverable error" url=http://127.0.0.1:9009/api/v1/push err="server returned HTTP status 401 Unauthorized: no org id\\n"',
      'ts=2 level=error msg="non-recoverable error" url=http://127.0.0.1:9009/api/v1/pushes err="server returned HTTP status 404 Not Found: 404 page not found\\n"',
    ].join('\n');
    expect(refusal(log)).toEqual({ status: '404 Not Found', url: 'http://127.0.0.1:9009/api/v1/pushes' });
    expect(refusal('level=warn msg="something else"')).toBeUndefined();
  });
});

describe('selectorOf', () => {
  it('quotes each label value', () => {
    expect(selectorOf('up', { job: 'lab-05-app', env: 'a"b' })).toBe('up{job="lab-05-app", env="a\\"b"}');
    expect(selectorOf('up', {})).toBe('up{}');
  });
});
