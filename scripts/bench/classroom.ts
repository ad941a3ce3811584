/**
 * npm run bench:classroom [-- --seconds N]: what one laptop's classroom sustains, against the
 * running stack's Mimir, through a real ingest gateway on 127.0.0.1, with senders that push as
 * the learners' `lab check` does (remote-write, snappy, the join code, a name each).
 *   class     60 learners, each at the gateway's per-learner limit (one push per 500 ms): the
 *             most a class can send, with the limit on
 *   ceiling   16 senders back to back, the limit off: the gateway and Mimir's own ceiling
 * Each phase writes into a fresh classroom tenant and counts what Mimir stored (sent = stored),
 * then the board's queries are timed over the larger classroom (median of 5).
 */
import type { Server } from 'node:http';
import { parseArgs } from 'node:util';
import { mimir, queryValue } from '../../labs/kit/promql.ts';
import { timeBoardQueries, type BoardTiming } from '../classroom/board-timing.ts';
import { checkSeries, type QueuedResult } from '../classroom/check-samples.ts';
import { newClassroom } from '../classroom/credentials.ts';
import { createGateway } from '../classroom/gateway.ts';
import { classroomTenant } from '../classroom/protocol.ts';
import type { RateLimitOptions } from '../classroom/rate-limit.ts';
import { defaultRateLimit } from '../classroom/rate-limit.ts';
import { push } from '../classroom/sender.ts';
import { snappyEncode } from '../classroom/snappy.ts';
import { mimirUpstream } from '../classroom/upstream.ts';
import { encodeWriteRequest } from '../classroom/write-request.ts';
import { sleep } from '../lib/sleep.ts';
import { median, percentile } from '../lib/stats.ts';
import { bold, probeService, red, serviceUrl } from '../stack/index.ts';
import { table } from '../stack/status.ts';
import { startCommand } from '../../stack/services.ts';

interface Phase {
  readonly name: string;
  readonly senders: number;
  /** The pause between one sender's pushes; 0 is back to back. */
  readonly pauseMs: number;
  readonly rateLimit: RateLimitOptions;
}

const CHECKS = ['config parses', 'target is up', 'samples arrive'];

const phases: readonly Phase[] = [
  {
    name: 'class (limit on)',
    senders: 60,
    pauseMs: 1000 / defaultRateLimit.perSecond,
    rateLimit: defaultRateLimit,
  },
  {
    name: 'ceiling (limit off)',
    senders: 16,
    pauseMs: 0,
    rateLimit: { burst: Number.MAX_SAFE_INTEGER, perSecond: Number.MAX_SAFE_INTEGER, maxLearners: 1000 },
  },
];

interface Outcome {
  readonly phase: Phase;
  readonly classroom: string;
  readonly seconds: number;
  readonly pushes: number;
  readonly refused: number;
  readonly latenciesMs: readonly number[];
  readonly stored: number;
}

async function runPhase(phase: Phase, seconds: number): Promise<Outcome> {
  const { id, code } = newClassroom();
  const tenant = classroomTenant(id);
  const gateway: Server = createGateway({
    code,
    upstream: mimirUpstream(serviceUrl('mimir'), tenant),
    rateLimit: phase.rateLimit,
  });
  await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
  const address = gateway.address();
  if (typeof address !== 'object' || address === null) throw new Error('the gateway has no address');
  const url = `http://127.0.0.1:${address.port}`;
  const latenciesMs: number[] = [];
  let pushes = 0;
  let refused = 0;
  const started = performance.now();
  const until = Date.now() + seconds * 1000;
  const sender = async (n: number): Promise<void> => {
    const name = `Bench ${String(n).padStart(2, '0')}`;
    let attempt = 0;
    while (Date.now() < until) {
      const result: QueuedResult = {
        lab: '01-scrape-the-app',
        // One sample per series and millisecond: a second push in the same ms would be a duplicate.
        atMs: Date.now(),
        passed: attempt % 3 === 2,
        checks: CHECKS.map((check, i) => ({ name: check, passed: i < attempt % 3, seconds: 0.1 })),
      };
      const body = snappyEncode(encodeWriteRequest(checkSeries([result], { classroom: id, learner: name })));
      const sent = performance.now();
      const answer = await push({ url, code, name, joinedAt: new Date().toISOString() }, body, 10_000);
      latenciesMs.push(performance.now() - sent);
      pushes++;
      if (answer.outcome !== 'sent') refused++;
      attempt++;
      await sleep(Math.max(1, phase.pauseMs));
    }
  };
  await Promise.all(Array.from({ length: phase.senders }, (_, n) => sender(n + 1)));
  const elapsed = (performance.now() - started) / 1000;
  await new Promise<void>((resolve) => {
    gateway.close(() => {
      resolve();
    });
  });
  const stored = await queryValue(
    mimir(tenant),
    `sum(count_over_time(workshop_lab_passed{classroom="${id}"}[${Math.ceil(seconds / 60) + 5}m]))`,
  );
  return { phase, classroom: id, seconds: elapsed, pushes, refused, latenciesMs, stored: stored ?? 0 };
}

async function main(argv: readonly string[]): Promise<number> {
  const { values } = parseArgs({ args: [...argv], options: { seconds: { type: 'string', default: '20' } } });
  const seconds = Number(values.seconds);
  if (!Number.isFinite(seconds) || seconds < 5 || seconds > 600)
    throw new Error(`--seconds: a number from 5 to 600 (got ${values.seconds})`);
  if (!(await probeService('mimir')).ok) {
    console.error(`${red('error:')} Mimir is not running: start the stack with ${startCommand('mimir')}`);
    return 1;
  }
  const outcomes: Outcome[] = [];
  for (const phase of phases) {
    console.log(bold(`==> ${phase.name}: ${phase.senders} senders for ${seconds} s`));
    outcomes.push(await runPhase(phase, seconds));
  }
  console.log(
    table(
      ['PHASE', 'SENDERS', 'RESULTS/S', 'CHECKS/S', 'P50', 'P99', 'REFUSED', 'SENT = STORED'],
      outcomes.map((o) => {
        const ok = o.pushes - o.refused;
        return [
          o.phase.name,
          String(o.phase.senders),
          (ok / o.seconds).toFixed(0),
          ((ok * CHECKS.length) / o.seconds).toFixed(0),
          `${percentile(o.latenciesMs, 50).toFixed(1)} ms`,
          `${percentile(o.latenciesMs, 99).toFixed(1)} ms`,
          String(o.refused),
          o.stored === ok ? `yes (${ok})` : `NO (${ok} sent, ${o.stored} stored)`,
        ];
      }),
    ),
  );
  const [classPhase, ceiling] = outcomes;
  if (classPhase && ceiling)
    console.log(
      `this machine takes ${((ceiling.pushes - ceiling.refused) / ceiling.seconds / ((classPhase.pushes - classPhase.refused) / classPhase.seconds)).toFixed(1)}× what a class of ${classPhase.phase.senders} at the per-learner limit can send`,
    );
  const largest = outcomes.reduce((a, b) => (b.phase.senders > a.phase.senders ? b : a));
  const rounds: BoardTiming[][] = [];
  for (let i = 0; i < 5; i++)
    rounds.push(
      await timeBoardQueries(
        serviceUrl('mimir'),
        classroomTenant(largest.classroom),
        largest.classroom,
        'Bench 01',
      ),
    );
  const names = rounds[0]?.map((t) => t.name) ?? [];
  console.log(bold(`==> the board's queries over ${largest.phase.senders} learners (median of 5)`));
  console.log(
    table(
      ['QUERY', 'MEDIAN', 'SLOWEST', 'RESULTS', 'STATUS'],
      names.map((name) => {
        const runs = rounds.map((r) => r.find((t) => t.name === name));
        const ms = runs.map((t) => t?.ms ?? Number.NaN);
        const last = runs.at(-1);
        return [
          name,
          `${median(ms).toFixed(1)} ms`,
          `${Math.max(...ms).toFixed(1)} ms`,
          String(last?.results ?? 0),
          last?.status === 'success' ? 'ok' : `${last?.status ?? '?'}: ${last?.error ?? ''}`,
        ];
      }),
    ),
  );
  const lost = outcomes.some((o) => o.stored !== o.pushes - o.refused);
  return lost ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`${red('error:')} ${(error as Error).message}`);
    process.exitCode = 1;
  },
);
