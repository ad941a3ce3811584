/**
 * A build key for a source folder: SHA-256 over each file's path (relative to `dir`) and
 * content, in a sorted walk that skips hidden entries (.git, editor swap folders), so the key
 * changes exactly when something a build reads does.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export interface TreeHashOptions {
  /** Which files count, by name (default: every file). */
  readonly include?: (name: string) => boolean;
  /** Hashed first: what else the build depends on (the Go version, the builder's revision). */
  readonly seed?: string;
}

export function treeHash(dir: string, options: TreeHashOptions = {}): string {
  const hash = createHash('sha256');
  if (options.seed !== undefined) hash.update(options.seed);
  const walk = (current: string): void => {
    for (const entry of readdirSync(current).sort()) {
      if (entry.startsWith('.')) continue;
      const full = join(current, entry);
      if (statSync(full).isDirectory()) walk(full);
      else if (options.include?.(entry) ?? true)
        hash.update(`${relative(dir, full)}\n`).update(readFileSync(full));
    }
  };
  walk(dir);
  return hash.digest('hex');
}
