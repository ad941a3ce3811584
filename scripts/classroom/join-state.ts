/**
 * The learner's side of a classroom, in <state>/classroom/: join.json (where to send and as
 * whom; it holds the join code, so mode 0600) and last-send.json (what the last send did, for
 * `lab join --status`). Both are replaced atomically and read through their schemas.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../lib/atomic-file.ts';
import { stackPaths } from '../stack/index.ts';
import { joinCodeSchema, learnerNameSchema } from './protocol.ts';

export const learnerDir = (): string => join(stackPaths().state, 'classroom');

/** The gateway's base URL: http(s), no trailing slash (the push path is appended). */
export const gatewayUrlSchema = z
  .url({ protocol: /^https?$/, error: 'an http(s) URL, such as http://192.168.1.20:9309' })
  .transform((url) => url.replace(/\/+$/, ''));

const joinSchema = z.object({
  note: z.string().optional(),
  /** The classroom's gateway. */
  url: gatewayUrlSchema,
  /** The join code the instructor gave. */
  code: joinCodeSchema,
  /** The learner's name on the board. */
  name: learnerNameSchema,
  /** When the learner joined (ISO 8601). */
  joinedAt: z.string(),
});
export type Joined = z.infer<typeof joinSchema>;

const lastSendSchema = z.object({
  /** When the send finished (ISO 8601). */
  at: z.string(),
  /** sent: stored; refused: the gateway or Mimir will never take it (dropped); queued: kept to retry. */
  outcome: z.enum(['sent', 'refused', 'queued']),
  /** The HTTP status, or the connection error, and the answer's first words. */
  detail: z.string(),
  /** How many check results the send carried. */
  results: z.number().int().min(0),
  /** A few of the samples it carried, as text. */
  example: z.array(z.string()),
});
export type LastSend = z.infer<typeof lastSendSchema>;

const joinFile = (): string => join(learnerDir(), 'join.json');
const lastSendFile = (): string => join(learnerDir(), 'last-send.json');

const NOTE = 'Written by `npm run lab -- join`; do not edit. `npm run lab -- leave` stops sending.';

function readThrough<T>(file: string, schema: z.ZodType<T>, fix: string): T | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${file} is not JSON; ${fix}`);
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new Error(
    `${file}: ${issue?.path.join('.') || 'the file'} ${issue?.message ?? 'is invalid'}; ${fix}`,
  );
}

const FIX = '`npm run lab -- leave` removes it, then join again';

export const readJoined = (): Joined | undefined => readThrough(joinFile(), joinSchema, FIX);

export function writeJoined(joined: Omit<Joined, 'note'>): void {
  writeFileAtomic(joinFile(), `${JSON.stringify({ note: NOTE, ...joined }, null, 2)}\n`, 0o600);
}

export const readLastSend = (): LastSend | undefined => readThrough(lastSendFile(), lastSendSchema, FIX);

export function writeLastSend(last: LastSend): void {
  writeFileAtomic(lastSendFile(), `${JSON.stringify(last, null, 2)}\n`);
}

/** Forgets the classroom: the join, the last send and the queue. */
export function forgetClassroom(): void {
  rmSync(learnerDir(), { recursive: true, force: true });
}
