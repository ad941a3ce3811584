/**
 * `lab join`, `lab join --status` and `lab leave`: the learner's opt-in to a classroom board.
 * Joining checks the code with an empty remote-write request (no samples); from then on each
 * recorded check is sent (scripts/classroom/report-check.ts). The status says exactly what is
 * sent, where and when, and what happened to the last send.
 */
import { z } from 'zod';
import { bold, dim, green, yellow } from '../../labs/kit/report.ts';
import { checkSeries, describeSeries } from '../classroom/check-samples.ts';
import type { Joined } from '../classroom/join-state.ts';
import {
  forgetClassroom,
  gatewayUrlSchema,
  readJoined,
  readLastSend,
  writeJoined,
} from '../classroom/join-state.ts';
import { classroomOfCode, joinCodeSchema, learnerNameSchema, pushPath } from '../classroom/protocol.ts';
import { oldest, queueLength } from '../classroom/send-queue.ts';
import { push } from '../classroom/sender.ts';
import { snappyEncode } from '../classroom/snappy.ts';
import { encodeWriteRequest } from '../classroom/write-request.ts';
import { LabError } from './labs.ts';

const joinArgsSchema = z.object({ url: gatewayUrlSchema, code: joinCodeSchema, name: learnerNameSchema });
export type JoinArgs = z.infer<typeof joinArgsSchema>;

/** The join's arguments, or the message that says which one is wrong and what it takes. */
export function parseJoinArgs(input: Record<string, string | undefined>): JoinArgs | string {
  const parsed = joinArgsSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = String(issue?.path[0] ?? '');
  const what = field === 'url' ? 'URL' : `--${field}`;
  return `${what}: ${input[field] === undefined ? 'missing' : (issue?.message ?? 'invalid')}`;
}

/** What one check of lab 01 would send: the status's example before anything was sent. */
const illustration = (joined: Joined): string[] =>
  checkSeries(
    [
      {
        lab: '01-scrape-the-app',
        atMs: Date.now(),
        passed: false,
        checks: [{ name: 'an example check', passed: false, seconds: 0.42 }],
      },
    ],
    { classroom: classroomOfCode(joined.code), learner: joined.name },
  ).flatMap(describeSeries);

export async function join(args: JoinArgs): Promise<number> {
  const current = readJoined();
  if (current)
    throw new LabError(
      `you are in classroom ${classroomOfCode(current.code)} already (${current.url}, as "${current.name}"): \`npm run lab -- leave\` first`,
    );
  const joined: Joined = { ...args, joinedAt: new Date().toISOString() };
  // An empty WriteRequest: the gateway checks the code and Mimir answers, and no sample is sent.
  const probe = await push(joined, snappyEncode(encodeWriteRequest([])), 5_000);
  if (probe.status === 401)
    throw new LabError(
      `the gateway at ${args.url} refused the code (${probe.detail}): check it with your instructor`,
    );
  writeJoined(joined);
  if (probe.outcome === 'sent')
    console.log(`${green('✓')} joined classroom ${bold(classroomOfCode(args.code))} as "${args.name}"`);
  else
    console.log(
      yellow(
        `• joined classroom ${classroomOfCode(args.code)} as "${args.name}", but the gateway did not take a test request (${probe.detail}); results wait in a queue until it does`,
      ),
    );
  console.log(
    `After each \`lab check\` (and \`lab watch\` run), these samples go to ${args.url}${pushPath}, e.g.:`,
  );
  for (const line of illustration(joined)) console.log(`  ${dim(line)}`);
  console.log(
    dim(
      'Nothing else leaves this machine. `npm run lab -- join --status` shows what was sent; `npm run lab -- leave` stops it.',
    ),
  );
  return 0;
}

export function joinStatus(): number {
  const joined = readJoined();
  if (!joined) {
    console.log('not in a classroom: `npm run lab -- join URL --code CODE --name NAME` joins one');
    return 0;
  }
  const waiting = queueLength();
  const last = readLastSend();
  console.log(
    `classroom   ${bold(classroomOfCode(joined.code))}, as "${joined.name}" (joined ${joined.joinedAt})`,
  );
  console.log(`sends to    ${joined.url}${pushPath}, after each recorded \`lab check\` or \`lab watch\` run`);
  console.log(
    `queue       ${waiting === 0 ? 'empty' : `${waiting} result${waiting === 1 ? '' : 's'} waiting (sent first, oldest first)`}`,
  );
  console.log(
    `last send   ${last ? `${last.at}: ${last.outcome}, ${last.results} result${last.results === 1 ? '' : 's'} (${last.detail})` : 'none yet'}`,
  );
  const queuedExample = oldest(1).flatMap((f) => (f.result ? [f.result] : []));
  const example =
    queuedExample.length > 0
      ? checkSeries(queuedExample, { classroom: classroomOfCode(joined.code), learner: joined.name }).flatMap(
          describeSeries,
        )
      : (last?.example ?? illustration(joined));
  console.log(
    `samples     ${queuedExample.length > 0 ? 'next to send' : last ? 'last sent' : 'a check would send'}, e.g.:`,
  );
  for (const line of example.slice(0, 6)) console.log(`  ${dim(line)}`);
  return 0;
}

export function leave(): number {
  const joined = readJoined();
  if (!joined) {
    console.log(dim('not in a classroom'));
    return 0;
  }
  const waiting = queueLength();
  forgetClassroom();
  console.log(
    `${green('✓')} left classroom ${classroomOfCode(joined.code)}: nothing is sent any more${waiting > 0 ? ` (${waiting} queued result${waiting === 1 ? '' : 's'} discarded)` : ''}`,
  );
  return 0;
}
