/** .stack/run/mode.json: which mode the stack was last brought up in. */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { StackPaths } from './paths.ts';

export const modes = ['docker', 'native'] as const;
export type Mode = (typeof modes)[number];

const stateSchema = z.object({
  /** The mode `up` chose. */
  mode: z.enum(modes),
  /** When `up` finished. */
  since: z.string(),
});
export type StackState = z.infer<typeof stateSchema>;

const file = (paths: StackPaths): string => join(paths.run, 'mode.json');

export function readState(paths: StackPaths): StackState | undefined {
  if (!existsSync(file(paths))) return undefined;
  const parsed = stateSchema.safeParse(JSON.parse(readFileSync(file(paths), 'utf8')));
  return parsed.success ? parsed.data : undefined;
}

export function writeState(paths: StackPaths, mode: Mode): void {
  mkdirSync(paths.run, { recursive: true });
  const state: StackState = { mode, since: new Date().toISOString() };
  writeFileSync(
    file(paths),
    `${JSON.stringify({ note: 'Written by npm run stack; do not edit.', ...state }, null, 2)}\n`,
  );
}

export function clearState(paths: StackPaths): void {
  rmSync(file(paths), { force: true });
}
