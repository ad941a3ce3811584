/**
 * Applies the one package override that stack/versions.env records for Prometheus' UI lockfile,
 * and proves it changed nothing else: the lockfile must be the one the override was written for
 * (by SHA-256), and after pnpm re-resolves it the set of locked packages may differ only in the
 * overridden package. Then the real install runs with --frozen-lockfile on that lockfile.
 */
import { createHash } from 'node:crypto';
import { parse, parseDocument } from 'yaml';
import { z } from 'zod';
import { StackError } from '../output.ts';
import type { LockfileOverride } from './web-ui.ts';

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Fails loudly when the lockfile is not the one the override was written for. */
export function assertLockfileFor(override: LockfileOverride, lockfileText: string, where: string): void {
  const actual = sha256(lockfileText);
  if (actual === override.lockfileSha256) return;
  throw new StackError(
    `${where} has SHA-256 ${actual}, but the override ${override.name}@${override.version} in stack/versions.env ` +
      `was written for ${override.lockfileSha256}.\n` +
      `Check whether this lockfile still names a version of ${override.name} the npm registry does not serve ` +
      `(npm view ${override.name} versions). If it does, set PROMETHEUS_UI_OVERRIDE to the newest served version ` +
      `and PROMETHEUS_UI_LOCKFILE_SHA256 to ${actual}; if not, remove both lines.`,
  );
}

const lockfileSchema = z.object({
  lockfileVersion: z.union([z.string(), z.number()]),
  /** name@version → resolution; the packages an install fetches. */
  packages: z.record(z.string(), z.unknown()).default({}),
});

/** The name@version keys of a pnpm lockfile's `packages` map. */
export function lockedPackages(lockfileText: string): Set<string> {
  const parsed = lockfileSchema.safeParse(parse(lockfileText));
  if (!parsed.success) throw new StackError(`not a pnpm lockfile: ${parsed.error.issues[0]?.message ?? ''}`);
  return new Set(Object.keys(parsed.data.packages));
}

/** The versions of one package the lockfile holds. */
export function lockedVersionsOf(packages: ReadonlySet<string>, name: string): string[] {
  return [...packages].filter((key) => key.startsWith(`${name}@`)).map((key) => key.slice(name.length + 1));
}

/**
 * pnpm-workspace.yaml with the override added. pnpm checks every locked version against
 * `minimumReleaseAge` before it applies overrides, and cannot check one the registry does not
 * serve, so exactly those replaced versions are excluded from that check; the version installed
 * instead is still checked.
 */
export function workspaceWithOverride(
  workspaceText: string,
  override: LockfileOverride,
  replacedVersions: readonly string[],
): string {
  const doc = parseDocument(workspaceText);
  if (doc.errors.length > 0) throw new StackError(`pnpm-workspace.yaml: ${doc.errors[0]?.message ?? ''}`);
  doc.setIn(['overrides', override.name], override.version);
  if (doc.has('minimumReleaseAge')) {
    const excluded = replacedVersions.map((v) => `${override.name}@${v}`);
    if (doc.has('minimumReleaseAgeExclude'))
      for (const entry of excluded) doc.addIn(['minimumReleaseAgeExclude'], entry);
    else doc.set('minimumReleaseAgeExclude', excluded);
  }
  return doc.toString();
}

/**
 * What changed between two lockfiles' package sets beyond the override: an empty list when the
 * only change is every locked version of the overridden package replaced by the override's.
 */
export function unexpectedChanges(
  before: ReadonlySet<string>,
  after: ReadonlySet<string>,
  override: LockfileOverride,
): string[] {
  const isOverridden = (key: string): boolean => key.startsWith(`${override.name}@`);
  const wanted = `${override.name}@${override.version}`;
  const problems: string[] = [];
  for (const key of before) if (!isOverridden(key) && !after.has(key)) problems.push(`- ${key}`);
  for (const key of after) if (!isOverridden(key) && !before.has(key)) problems.push(`+ ${key}`);
  const overriddenAfter = [...after].filter(isOverridden);
  if (overriddenAfter.length !== 1 || overriddenAfter[0] !== wanted)
    problems.push(
      `${override.name}: expected only ${wanted}, locked ${overriddenAfter.join(', ') || 'none'}`,
    );
  return problems;
}
