/**
 * The learner's side, in a throwaway WORKSHOP_STATE_DIR against a stand-in gateway on
 * 127.0.0.1 (a port the system picks) that answers what each test needs: a result that cannot
 * be sent stays queued on disk, the next send carries it first (both in one request, samples
 * oldest first), a refused payload is dropped rather than retried forever, the queue is
 * bounded, a second sender leaves the queue to the first, and the hook never throws at a check.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LabReport } from '../../../labs/kit/runner.ts';
import type { QueuedResult } from '../../../scripts/classroom/check-samples.ts';
import { checkSeries, failureMessage, queuedResult } from '../../../scripts/classroom/check-samples.ts';
import { newClassroom } from '../../../scripts/classroom/credentials.ts';
import type { Joined } from '../../../scripts/classroom/join-state.ts';
import { learnerDir, readLastSend, writeJoined } from '../../../scripts/classroom/join-state.ts';
import { reportCheck } from '../../../scripts/classroom/report-check.ts';
import { enqueue, maxQueued, oldest, queueLength } from '../../../scripts/classroom/send-queue.ts';
import { takeSenderLock, releaseSenderLock } from '../../../scripts/classroom/sender-lock.ts';
import { sendQueued } from '../../../scripts/classroom/sender.ts';
import { decodeWriteRequest, snappyDecode } from './remote-write-decode.ts';

let answer = 200;
const bodies: Buffer[] = [];
let gateway: Server;
let url: string;

beforeAll(async () => {
  gateway = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (answer === 200) bodies.push(Buffer.concat(chunks));
      res.writeHead(answer).end(answer === 200 ? '' : 'no');
    });
  });
  await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}`;
});

afterAll(() => {
  gateway.close();
});

let joined: Joined;
beforeEach(() => {
  vi.stubEnv('WORKSHOP_STATE_DIR', mkdtempSync(join(tmpdir(), 'classroom-queue-')));
  joined = { url, code: newClassroom().code, name: 'Ada L', joinedAt: new Date().toISOString() };
  writeJoined(joined);
  answer = 200;
  bodies.length = 0;
});

const result = (atMs: number, passed: boolean): QueuedResult => ({
  lab: '01-scrape-the-app',
  atMs,
  passed,
  checks: [{ name: 'config parses', passed, seconds: 0.25 }],
});

describe('the send queue', () => {
  it('keeps a result the gateway cannot take, and sends it first, in order, next time', async () => {
    answer = 503;
    enqueue(result(1_000_000, false));
    expect((await sendQueued(joined))?.outcome).toBe('queued');
    expect(queueLength()).toBe(1);
    expect(bodies).toEqual([]);

    answer = 200;
    enqueue(result(2_000_000, true));
    const last = await sendQueued(joined);
    expect(last).toMatchObject({ outcome: 'sent', results: 2 });
    expect(readLastSend()?.outcome).toBe('sent');
    expect(queueLength()).toBe(0);
    expect(bodies).toHaveLength(1);
    const series = decodeWriteRequest(snappyDecode(bodies[0] ?? Buffer.alloc(0)));
    const labPassed = series.find((s) => s.labels[0]?.[1] === 'workshop_lab_passed');
    expect(labPassed?.labels).toEqual([
      ['__name__', 'workshop_lab_passed'],
      ['classroom', joined.code.slice(0, 8)],
      ['lab', '01-scrape-the-app'],
      ['learner', 'Ada L'],
    ]);
    expect(labPassed?.samples).toEqual([
      { value: 0, timestamp: 1_000_000n },
      { value: 1, timestamp: 2_000_000n },
    ]);
  });

  it('keeps results while the gateway is not there at all', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    enqueue(result(1_000_000, false));
    const last = await sendQueued({ ...joined, url: `http://127.0.0.1:${port}` });
    expect(last).toMatchObject({ outcome: 'queued', detail: 'ECONNREFUSED' });
    expect(queueLength()).toBe(1);
  });

  it('drops a payload the gateway refuses as such (400), instead of retrying it forever', async () => {
    answer = 400;
    enqueue(result(1_000_000, false));
    expect(await sendQueued(joined)).toMatchObject({ outcome: 'refused', detail: 'HTTP 400: no' });
    expect(queueLength()).toBe(0);
  });

  // Five hundred flushed writes: seconds on a busy machine, so more than vitest's default 5 s.
  it(`holds at most ${maxQueued} results, dropping the oldest`, { timeout: 30_000 }, () => {
    for (let i = 1; i <= maxQueued + 3; i++) enqueue(result(i, false));
    expect(queueLength()).toBe(maxQueued);
    expect(oldest(1)[0]?.result?.atMs).toBe(4);
  });

  it('leaves the queue to a sender that holds it', async () => {
    enqueue(result(1_000_000, false));
    expect(takeSenderLock()).toBe(true);
    try {
      expect(await sendQueued(joined)).toBeUndefined();
    } finally {
      releaseSenderLock();
    }
    expect(queueLength()).toBe(1);
    expect(bodies).toEqual([]);
  });
});

describe('reportCheck, the lab CLI hook', () => {
  const report: LabReport = {
    id: '01-scrape-the-app',
    dir: 'workspace/01-scrape-the-app',
    passed: false,
    ms: 300,
    results: [
      { name: 'stack is up (prometheus)', status: 'pass', ms: 12 },
      {
        name: 'config parses',
        status: 'fail',
        ms: 250,
        cause: 'learner',
        message: 'promtool: prometheus.yml:3: field scrape_interva not found\n  in type config.plain',
      },
      { name: 'the app is scraped', status: 'skip', ms: 0 },
    ],
  };

  it('queues only the checks that ran, with their verdict and duration', () => {
    expect(queuedResult(report, 5)).toEqual({
      lab: '01-scrape-the-app',
      atMs: 5,
      passed: false,
      checks: [
        { name: 'stack is up (prometheus)', passed: true, seconds: 0.012 },
        {
          name: 'config parses',
          passed: false,
          seconds: 0.25,
          message: 'promtool: prometheus.yml:3: field scrape_interva not found',
        },
      ],
    });
  });

  it("sends a failure's first line, without colour, the home directory or more than 160 characters", () => {
    expect(failureMessage('\n\u001b[31mno file\u001b[0m /home/ada/ws/x.yml\nmore', '/home/ada')).toBe(
      'no file ~/ws/x.yml',
    );
    const long = failureMessage('x'.repeat(500), '/home/ada');
    expect(long).toHaveLength(160);
    expect(long.endsWith('…')).toBe(true);
  });

  it("puts a failed check's message on a failure series whose value is the check's time", () => {
    const series = checkSeries([queuedResult(report, 7_000)], { classroom: 'abcdefgh', learner: 'Ada' });
    const failures = series.filter(
      (s) => s.labels['__name__'] === 'workshop_check_failure_timestamp_seconds',
    );
    expect(failures).toEqual([
      {
        labels: {
          __name__: 'workshop_check_failure_timestamp_seconds',
          classroom: 'abcdefgh',
          learner: 'Ada',
          lab: '01-scrape-the-app',
          check: 'config parses',
          message: 'promtool: prometheus.yml:3: field scrape_interva not found',
        },
        samples: [{ value: 7, timestampMs: 7_000 }],
      },
    ]);
  });

  it('never throws at a check: a broken join file is one line on stderr', () => {
    mkdirSync(learnerDir(), { recursive: true });
    writeFileSync(join(learnerDir(), 'join.json'), '{ not json');
    const stderr = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(() => {
      reportCheck(report, Date.now());
    }).not.toThrow();
    expect(stderr).toHaveBeenCalledWith(expect.stringMatching(/^classroom: .*join\.json is not JSON/));
    stderr.mockRestore();
  });
});
