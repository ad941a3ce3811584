/**
 * A check's facts about its own lab (ports, tenant) come from labs/manifest.ts, the one course
 * file, and nowhere else: each helper throws when the manifest lacks what the check asks for,
 * so a renamed key fails loudly instead of falling back to a copy of the old value.
 */
import type { LabEntry } from '../manifest.ts';
import { manifest } from '../manifest.ts';

/** The manifest entry of lab `id`; throws naming the known ids when there is none. */
export function labEntry(id: string): LabEntry {
  const entry = manifest.find((l) => l.id === id);
  if (!entry)
    throw new Error(`labs/manifest.ts has no lab "${id}" (it has ${manifest.map((l) => l.id).join(', ')})`);
  return entry;
}

/** The lab's port called `name` (`ports: { checkout: 19020 }`); throws when the manifest lacks it. */
export function labPort(entry: LabEntry, name: string): number {
  const port = entry.ports?.[name];
  if (port === undefined)
    throw new Error(
      `labs/manifest.ts: lab ${entry.id} has no port "${name}" (ports: ${Object.keys(entry.ports ?? {}).join(', ') || 'none'})`,
    );
  return port;
}

/** The lab's own Mimir tenant; throws when the manifest gives it none. */
export function labTenant(entry: LabEntry): string {
  if (entry.tenant === undefined) throw new Error(`labs/manifest.ts: lab ${entry.id} has no tenant`);
  return entry.tenant;
}
