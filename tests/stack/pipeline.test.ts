/**
 * The running native stack end to end: the pipeline checks every mode must pass
 * (tests/support/pipeline-checks.ts), then what only this suite checks: the exposition is valid
 * and Mimir keeps samples across a restart. Brings the native stack up when it isn't (and stops
 * it afterwards if it did).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenantHeader, tenants } from '../../stack/services.ts';
import { run, serviceUrl, silentReporter, stackRestart } from '../../scripts/stack/index.ts';
import type { Sample } from '../support/stack.ts';
import { ensureStackUp, ensureTools, queryMimir, stopIfStarted, waitFor } from '../support/stack.ts';
import { FLOW_MS, describePipeline, nonEmpty } from '../support/pipeline-checks.ts';

let promtool: string;

beforeAll(async () => {
  promtool = (await ensureTools()).promtool;
  await ensureStackUp();
}, 3_600_000);

afterAll(async () => {
  await stopIfStarted();
}, 120_000);

describePipeline();

describe('the app’s exposition', () => {
  const scrape = async (accept: string): Promise<{ type: string; body: string }> => {
    const response = await fetch(`${serviceUrl('app')}/metrics`, { headers: { accept } });
    expect(response.status).toBe(200);
    return { type: response.headers.get('content-type') ?? '', body: await response.text() };
  };
  const lint = async (body: string): Promise<{ code: number; problems: string[] }> => {
    const result = await run(promtool, ['check', 'metrics'], { input: body });
    return { code: result.code, problems: result.stderr.trim().split('\n').filter(Boolean) };
  };

  it('is negotiated as OpenMetrics 1.0.0 and passes promtool check metrics', async () => {
    const { type, body } = await scrape(
      'application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5',
    );
    expect(type).toMatch(/^application\/openmetrics-text; version=1\.0\.0/);
    expect(body.endsWith('# EOF\n')).toBe(true);
    // Histogram buckets carry exemplars linking them to traces.
    expect(body).toMatch(/^http_request_duration_seconds_bucket\{.*\} \d+ # \{trace_id="[0-9a-f]{32}"\} /m);
    // promtool lints with the Prometheus text parser, which knows no exemplars (so they are
    // cut off first) and reads an OpenMetrics counter's _total and _created samples as
    // families of their own. Those reports (and only those) are artifacts of the format,
    // provided the family itself carries HELP and TYPE.
    const { code, problems } = await lint(body.replace(/ # \{[^}]*\} \S+( \S+)?$/gm, ''));
    const real = problems.filter((p) => {
      const match = /^(\S+)_(total|created) no help text$/.exec(p);
      return !(
        match?.[1] &&
        body.includes(`# HELP ${match[1]} `) &&
        body.includes(`# TYPE ${match[1]} counter`)
      );
    });
    expect(real, 'promtool check metrics problems').toEqual([]);
    expect([0, 3]).toContain(code);
  });

  it('passes promtool check metrics cleanly in the classic text format', async () => {
    const { body } = await scrape('text/plain;version=0.0.4');
    const { code, problems } = await lint(body);
    expect(problems).toEqual([]);
    expect(code).toBe(0);
  });
});

describe('exemplars', () => {
  /** The exemplars of a selector over the last 15 minutes, from a Prometheus API at `base`. */
  async function exemplars(base: string, headers: Record<string, string> = {}): Promise<string[]> {
    const end = Math.floor(Date.now() / 1000);
    const params = new URLSearchParams({
      query: 'http_request_duration_seconds{job="app"}',
      start: String(end - 900),
      end: String(end),
    });
    const response = await fetch(`${base}/api/v1/query_exemplars?${params.toString()}`, { headers });
    const body = (await response.json()) as {
      data?: { exemplars: { labels: Record<string, string> }[] }[];
    };
    return (body.data ?? []).flatMap((s) => s.exemplars.map((e) => e.labels['trace_id'] ?? ''));
  }

  it("are the app's trace ids, stored by Prometheus and remote-written to its Mimir tenant", async () => {
    const some = (ids: string[]): string[] | undefined => (ids.length > 0 ? ids : undefined);
    const local = await waitFor(async () => some(await exemplars(serviceUrl('prometheus'))), {
      timeoutMs: FLOW_MS,
      what: 'exemplars of http_request_duration_seconds in Prometheus',
    });
    expect(local.every((id) => /^[0-9a-f]{32}$/.test(id))).toBe(true);
    const remote = await waitFor(
      async () =>
        some(await exemplars(`${serviceUrl('mimir')}/prometheus`, { [tenantHeader]: tenants.prometheus })),
      { timeoutMs: FLOW_MS, what: `exemplars in Mimir tenant ${tenants.prometheus}` },
    );
    expect(remote.every((id) => /^[0-9a-f]{32}$/.test(id))).toBe(true);
  });
});

describe('Mimir restart', () => {
  it('keeps earlier samples queryable after `restart mimir`', async () => {
    // A moment Mimir holds a sample for (a fresh stack may have none from ten seconds ago).
    const stamps = await waitFor(
      async () => nonEmpty(await queryMimir('timestamp(up{job="app"})', tenants.prometheus)),
      { timeoutMs: FLOW_MS, what: 'a first up{job="app"} sample in tenant prometheus' },
    );
    const at = Math.max(...stamps.map((s) => s.value));
    const query = async (): Promise<Sample[] | undefined> => {
      const url = `${serviceUrl('mimir')}/prometheus/api/v1/query?${new URLSearchParams({ query: 'up{job="app"}', time: String(at) }).toString()}`;
      const response = await fetch(url, { headers: { 'X-Scope-OrgID': tenants.prometheus } });
      if (!response.ok) return undefined;
      const body = (await response.json()) as {
        data: { result: { metric: Record<string, string>; value: [number, string] }[] };
      };
      return nonEmpty(body.data.result.map((r) => ({ metric: r.metric, value: Number(r.value[1]) })));
    };
    const before = await waitFor(query, {
      timeoutMs: FLOW_MS,
      what: `up{job="app"} at ${at} in tenant prometheus`,
    });
    await stackRestart('mimir', { reporter: silentReporter });
    const after = await waitFor(query, {
      timeoutMs: FLOW_MS,
      what: `up{job="app"} at ${at} after the restart`,
    });
    expect(after).toEqual(before);
  });
});
