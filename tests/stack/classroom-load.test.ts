/**
 * The classroom under load, on the real Mimir: 60 simulated learners send check results to one
 * ingest gateway for a minute, each as the learner's sender does (remote-write, snappy, the join
 * code, their name). Afterwards every result sent is in the classroom's tenant (count sent =
 * count stored), none is in the stack's tenants, and the board's own queries
 * (site/lib/classroom/board-queries.ts) answer in under a second. The figures are printed.
 */
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manifest } from '../../labs/manifest.ts';
import { mimir, query, queryValue } from '../../labs/kit/promql.ts';
import { checkSeries, type QueuedResult } from '../../scripts/classroom/check-samples.ts';
import { newClassroom } from '../../scripts/classroom/credentials.ts';
import { createGateway } from '../../scripts/classroom/gateway.ts';
import { mimirUpstream } from '../../scripts/classroom/upstream.ts';
import { classroomTenant } from '../../scripts/classroom/protocol.ts';
import { push } from '../../scripts/classroom/sender.ts';
import { snappyEncode } from '../../scripts/classroom/snappy.ts';
import { encodeWriteRequest } from '../../scripts/classroom/write-request.ts';
import { serviceUrl } from '../../scripts/stack/index.ts';
import { sleep } from '../../scripts/lib/sleep.ts';
import { percentile } from '../../scripts/lib/stats.ts';
import { timeBoardQueries } from '../../scripts/classroom/board-timing.ts';
import { ensureStackUp, stopIfStarted, waitFor } from '../support/stack.ts';

const LEARNERS = 60;
const DURATION_MS = 60_000;
/** A learner re-checks every 4 to 8 s: faster than anyone types, well inside the rate limit. */
const pause = (): number => 4_000 + Math.random() * 4_000;

const { id, code } = newClassroom();
const tenant = mimir(classroomTenant(id));
let gateway: Server;
let gatewayUrl: string;

const sent = { results: 0, checks: 0, requests: 0, failures: [] as string[], latenciesMs: [] as number[] };

/** One learner's day in a minute: labs in order, each failing a few times before it passes. */
async function learner(n: number, until: number): Promise<void> {
  const name = `Learner ${String(n).padStart(2, '0')}`;
  let lab = 0;
  let attempt = 0;
  await sleep(Math.random() * 4_000);
  while (Date.now() < until) {
    const current = manifest[lab % manifest.length];
    if (!current) throw new Error('labs/manifest.ts is empty');
    const passed = attempt >= 1 + (n % 3);
    const result: QueuedResult = {
      lab: current.id,
      atMs: Date.now(),
      passed,
      checks: [
        { name: 'config parses', passed: true, seconds: 0.2 },
        { name: 'target is up', passed, seconds: 1.5 },
      ],
    };
    const body = snappyEncode(encodeWriteRequest(checkSeries([result], { classroom: id, learner: name })));
    const started = performance.now();
    const answer = await push(
      { url: gatewayUrl, code, name, joinedAt: new Date().toISOString() },
      body,
      10_000,
    );
    sent.latenciesMs.push(performance.now() - started);
    sent.requests++;
    if (answer.outcome === 'sent') {
      sent.results++;
      sent.checks += result.checks.length;
    } else sent.failures.push(`${name}: ${answer.detail}`);
    if (passed) {
      lab++;
      attempt = 0;
    } else attempt++;
    await sleep(pause());
  }
}

beforeAll(async () => {
  await ensureStackUp();
  gateway = createGateway({ code, upstream: mimirUpstream(serviceUrl('mimir'), classroomTenant(id)) });
  await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
  const address = gateway.address();
  if (typeof address !== 'object' || address === null) throw new Error('the gateway has no address');
  gatewayUrl = `http://127.0.0.1:${address.port}`;
}, 3_600_000);

afterAll(async () => {
  await new Promise<void>((resolve) => {
    gateway.close(() => {
      resolve();
    });
  });
  await stopIfStarted();
});

describe(`a classroom of ${LEARNERS} learners for ${DURATION_MS / 1000} s`, () => {
  it(
    'stores every result sent, in the classroom tenant only, and the board answers within a second',
    { timeout: 180_000 },
    async () => {
      const until = Date.now() + DURATION_MS;
      await Promise.all(Array.from({ length: LEARNERS }, (_, n) => learner(n + 1, until)));
      expect(sent.failures).toEqual([]);
      expect(sent.results).toBeGreaterThan(LEARNERS * 5);

      const window = `${Math.ceil(DURATION_MS / 60_000) + 5}m`;
      const stored = await waitFor(
        async () => {
          const labs = await queryValue(
            tenant,
            `sum(count_over_time(workshop_lab_passed{classroom="${id}"}[${window}]))`,
          );
          return labs === sent.results ? labs : undefined;
        },
        { timeoutMs: 30_000, what: `${sent.results} workshop_lab_passed samples in ${tenant.name}` },
      );
      expect(stored).toBe(sent.results);
      expect(
        await queryValue(tenant, `sum(count_over_time(workshop_check_passed{classroom="${id}"}[${window}]))`),
      ).toBe(sent.checks);
      expect(await query(tenant, `count by (learner) (workshop_lab_passed{classroom="${id}"})`)).toHaveLength(
        LEARNERS,
      );
      for (const other of ['prometheus', 'alloy', 'otel'])
        expect(await query(mimir(other), `{classroom="${id}"}`), `tenant ${other}`).toEqual([]);

      const timings = await timeBoardQueries(serviceUrl('mimir'), classroomTenant(id), id, 'Learner 01');
      console.log(
        [
          `[classroom load] ${LEARNERS} learners, ${DURATION_MS / 1000} s: ${sent.requests} pushes, ${sent.results} results (${sent.checks} checks) sent and stored, ${sent.failures.length} refused`,
          `[classroom load] push latency through the gateway: p50 ${percentile(sent.latenciesMs, 50).toFixed(1)} ms, p99 ${percentile(sent.latenciesMs, 99).toFixed(1)} ms`,
          `[classroom load] board queries: ${timings.map((t) => `${t.name} ${t.ms.toFixed(0)} ms`).join(', ')}`,
        ].join('\n'),
      );
      for (const t of timings) {
        expect(t.status, `${t.name}: ${t.error ?? ''}`).toBe('success');
        expect(t.ms, `${t.name} answered in ${t.ms.toFixed(0)} ms`).toBeLessThan(1_000);
      }
      // The queries read what was sent: the grid has a cell per learner and lab checked.
      expect(timings.find((t) => t.name === 'grid')?.results).toBeGreaterThanOrEqual(LEARNERS);
      expect(timings.find((t) => t.name === 'learners')?.results).toBe(LEARNERS);
    },
  );
});
