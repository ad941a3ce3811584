/**
 * A classroom's id and code have the shapes the learner's side validates (protocol.ts), differ
 * from one classroom to the next, and the gateway's comparison takes exactly the code.
 */
import { describe, expect, it } from 'vitest';
import { codeMatches, newClassroom } from '../../../scripts/classroom/credentials.ts';
import { classroomIdSchema, classroomOfCode, joinCodeSchema } from '../../../scripts/classroom/protocol.ts';

describe('newClassroom', () => {
  it('makes an id and a code that start alike and pass their schemas', () => {
    const { id, code } = newClassroom();
    expect(classroomIdSchema.safeParse(id).success).toBe(true);
    expect(joinCodeSchema.safeParse(code).success).toBe(true);
    expect(classroomOfCode(code)).toBe(id);
  });

  it('never repeats itself across many classrooms', () => {
    const codes = new Set(Array.from({ length: 1000 }, () => newClassroom().code));
    expect(codes.size).toBe(1000);
  });

  it('matches the code alone: not a prefix, not another code, not an empty one', () => {
    const { code } = newClassroom();
    expect(codeMatches(code, code)).toBe(true);
    expect(codeMatches(code, code.slice(0, -1))).toBe(false);
    expect(codeMatches(code, `${code}x`)).toBe(false);
    expect(codeMatches(code, newClassroom().code)).toBe(false);
    expect(codeMatches(code, '')).toBe(false);
  });
});
