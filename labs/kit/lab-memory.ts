/**
 * What a checker remembers about its lab between runs (lab 07: the last rule upload), as one
 * JSON file in the lab's home, .stack/lab/<id>/<name>.json. A file that is missing, unreadable
 * or no longer matches the schema reads as nothing remembered.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { labHome } from './processes.ts';

export interface LabMemory<T> {
  /** What was remembered, or undefined. */
  readonly recall: () => T | undefined;
  readonly remember: (value: T) => void;
  readonly forget: () => void;
}

export function labMemory<S extends z.ZodType>(
  labId: string,
  name: string,
  schema: S,
): LabMemory<z.infer<S>> {
  const file = (): string => join(labHome(labId), `${name}.json`);
  return {
    recall: () => {
      try {
        const parsed = schema.safeParse(JSON.parse(readFileSync(file(), 'utf8')));
        return parsed.success ? parsed.data : undefined;
      } catch {
        return undefined;
      }
    },
    remember: (value) => {
      mkdirSync(labHome(labId), { recursive: true });
      writeFileSync(file(), JSON.stringify(value));
    },
    forget: () => {
      rmSync(file(), { force: true });
    },
  };
}
