/**
 * A new classroom's id and join code, from the system's cryptographic random source, and the
 * gateway's comparison of a presented code.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/** 40 random bits as 8 base32 characters: short enough to read out, unique per workshop. */
function newClassroomId(): string {
  const bytes = randomBytes(5);
  let bits = 0n;
  for (const byte of bytes) bits = (bits << 8n) | BigInt(byte);
  let id = '';
  for (let i = 7; i >= 0; i--) id += BASE32[Number((bits >> BigInt(i * 5)) & 31n)] ?? '';
  return id;
}

export interface ClassroomCredentials {
  readonly id: string;
  /** `<id>-<128 random bits, base64url>` (protocol.ts's joinCodeSchema). */
  readonly code: string;
}

export function newClassroom(): ClassroomCredentials {
  const id = newClassroomId();
  return { id, code: `${id}-${randomBytes(16).toString('base64url')}` };
}

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/**
 * Whether `presented` is the join code, in time that does not depend on where they differ:
 * comparing digests gives timingSafeEqual equal lengths whatever the learner sent.
 */
export const codeMatches = (code: string, presented: string): boolean =>
  timingSafeEqual(digest(code), digest(presented));
