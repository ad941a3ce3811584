/**
 * What the ingest gateway and the learner's sender agree on: the one path, the headers, the
 * learner name's alphabet and the size bound. Both sides import it, so they cannot drift.
 */
import { z } from 'zod';
import { classroomIdPattern } from '../../stack/services.ts';

/** Prometheus remote-write 1.0's path, on Mimir and on the gateway alike. */
export const pushPath = '/api/v1/push';

/** Remote-write 1.0's request headers (https://prometheus.io/docs/specs/prw/remote_write_spec/). */
export const remoteWriteHeaders = {
  'Content-Type': 'application/x-protobuf',
  'Content-Encoding': 'snappy',
  'X-Prometheus-Remote-Write-Version': '0.1.0',
} as const;

/** The header that names the learner, for the gateway's per-learner rate limit. */
export const learnerHeader = 'X-Workshop-Learner';

/** The largest request body the gateway takes: a batch of check results is a few KiB. */
export const maxBodyBytes = 64 * 1024;

/** A learner's name as the board shows it: short, and safe in a label, a header and a terminal. */
export const learnerNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9 ._-]{1,40}$/, 'a name of 1 to 40 letters, digits, spaces, dots, dashes or underscores')
  .refine((name) => name.trim() === name, 'no spaces at the start or the end');

/** A classroom id: 8 lowercase letters and digits, the tenant's suffix and the code's prefix. */
export const classroomIdSchema = z.string().regex(classroomIdPattern, '8 letters a-z and digits 2-7');

/**
 * A join code: the classroom id, a dash, then the secret. The learner's side reads the id from it
 * for the `classroom` label; the gateway compares the whole code, and sets the tenant itself.
 */
export const joinCodeSchema = z
  .string()
  .regex(
    /^[a-z2-7]{8}-[A-Za-z0-9_-]{22}$/,
    'the code `npm run classroom -- start` printed (8 characters, a dash, 22 more)',
  );

/** The Mimir tenant of a classroom: one per classroom, chosen by the gateway alone. */
export { classroomTenant } from '../../stack/services.ts';

/** The classroom id a join code starts with. */
export const classroomOfCode = (code: string): string => code.slice(0, code.indexOf('-'));
