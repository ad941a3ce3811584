/**
 * The running classroom, in <state>/classroom/classroom.json: what `classroom status` prints and
 * `classroom stop` signals. It holds the join code, so only its owner may read it (mode 0600).
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { processStartTime } from '../../labs/kit/lab-lock.ts';
import { writeFileAtomic } from '../lib/atomic-file.ts';
import { stackPaths } from '../stack/index.ts';
import { classroomIdSchema, joinCodeSchema } from './protocol.ts';

const classroomStateSchema = z.object({
  note: z.string().optional(),
  /** The classroom's id; its tenant is classroom-<id>. */
  id: classroomIdSchema,
  /** The join code learners present. */
  code: joinCodeSchema,
  /** The URLs learners join (one per address the gateway answers on). */
  urls: z.array(z.url()).min(1),
  /** Where the gateway listens, as bound: IP:PORT. */
  listen: z.string(),
  /** The URL it pushes to (no secret is in it). */
  writesTo: z.url(),
  /** The Mimir tenant it writes, when it chooses one (--mimir). */
  tenant: z.string().optional(),
  /** The gateway's process, and its start time in /proc (a reused pid has another). */
  pid: z.number().int().positive(),
  startTime: z.string().optional(),
  /** When it started (ISO 8601). */
  startedAt: z.string(),
});
export type ClassroomState = z.infer<typeof classroomStateSchema>;

export const classroomStateFile = (): string => join(stackPaths().state, 'classroom', 'classroom.json');

const NOTE = 'Written by `npm run classroom -- start`; do not edit. `npm run classroom -- stop` ends it.';

export function writeClassroomState(state: Omit<ClassroomState, 'note'>): void {
  const file = classroomStateFile();
  writeFileAtomic(file, `${JSON.stringify({ note: NOTE, ...state }, null, 2)}\n`, 0o600);
}

/** The recorded classroom, or undefined when none is; a file that does not parse says which field. */
export function readClassroomState(): ClassroomState | undefined {
  const file = classroomStateFile();
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const parsed = classroomStateSchema.safeParse(JSON.parse(text));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `${file}: ${issue?.path.join('.') || 'the file'} ${issue?.message ?? 'is invalid'}; remove it and start the classroom again`,
    );
  }
  return parsed.data;
}

export const removeClassroomState = (): void => {
  rmSync(classroomStateFile(), { force: true });
};

/** Whether a process has exited and waits for its parent to reap it (state Z or X in /proc). */
function exited(pid: number): boolean {
  try {
    return /^\d+ \(.*\) [ZX] /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

/** Whether the recorded gateway still runs: its pid is alive and started when it did. */
export const gatewayRunning = (state: ClassroomState): boolean => {
  const now = processStartTime(state.pid);
  return (
    now !== undefined && !exited(state.pid) && (state.startTime === undefined || now === state.startTime)
  );
};
