/**
 * The shape of labs/manifest.ts: one ordered list of labs, validated when it is imported so a
 * typo fails every lab command with a message that names the lab, the field and what is allowed.
 */
import { z } from 'zod';
import { extraPorts, serviceNames, services, tenants } from '../../stack/services.ts';

export const LAB_ID = /^\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const labEntrySchema = z.strictObject({
  /** Folder name under labs/ and workspace/: two digits, a dash, a kebab-case slug. */
  id: z.string().regex(LAB_ID, 'a lab id is two digits and a kebab-case slug, like "01-scrape-the-app"'),
  /** One line, shown by `npm run lab -- list`. */
  title: z.string().min(1),
  /** The lesson the lab ends: its path under site/content/docs/<locale>/, no extension. */
  lesson: z.string().regex(/^[a-z0-9-]+(?:\/[a-z0-9-]+)+$/, 'a lesson path like "prometheus/scrape-config"'),
  /** Stack services the checker talks to; checking stops early, naming the one that is down. */
  services: z.array(z.enum(serviceNames)),
  /** Files the learner edits, relative to start/; each one carries TODO markers there. */
  files: z.array(z.string().regex(/^[^/].*[^/]$/, 'a path relative to start/')).min(1),
  /** Hints in the order `npm run lab -- hint` reveals them. */
  hints: z.array(z.string().min(1)).min(1, 'every lab needs at least one hint'),
  /** The Mimir tenant this lab writes to, if any: its own, so no lab passes on another's data. */
  tenant: z
    .string()
    .regex(/^lab-\d{2}$/, 'a lab tenant looks like "lab-04"')
    .optional(),
  /** Ports of processes the checker starts for this lab (name → port), all on 127.0.0.1. */
  ports: z.record(z.string(), z.number().int().min(1024).max(65535)).optional(),
});

export type LabEntry = z.infer<typeof labEntrySchema>;

export const manifestSchema = z.array(labEntrySchema).min(1);

export class ManifestError extends Error {
  override name = 'ManifestError';
}

const stackPorts = new Set(
  serviceNames.flatMap((s) => [services[s].port, ...extraPorts[s].map((p) => p.port)]),
);
const stackTenants = new Set<string>(Object.values(tenants));

/** Checks across entries that zod cannot express per entry. */
function crossCheck(labs: readonly LabEntry[]): string[] {
  const issues: string[] = [];
  const seenPorts = new Map<number, string>();
  const seenTenants = new Map<string, string>();
  labs.forEach((lab, index) => {
    const number = String(index + 1).padStart(2, '0');
    if (!lab.id.startsWith(`${number}-`)) {
      issues.push(`labs[${index}] (${lab.id}): id must start with "${number}-", its place in the order`);
    }
    if (lab.tenant !== undefined) {
      if (lab.tenant !== `lab-${lab.id.slice(0, 2)}`)
        issues.push(`${lab.id}: tenant must be "lab-${lab.id.slice(0, 2)}" (got "${lab.tenant}")`);
      if (stackTenants.has(lab.tenant)) issues.push(`${lab.id}: tenant "${lab.tenant}" belongs to the stack`);
      const other = seenTenants.get(lab.tenant);
      if (other) issues.push(`${lab.id}: tenant "${lab.tenant}" is already used by ${other}`);
      seenTenants.set(lab.tenant, lab.id);
    }
    for (const [name, port] of Object.entries(lab.ports ?? {})) {
      if (stackPorts.has(port))
        issues.push(`${lab.id}: port ${port} (${name}) is a stack port (stack/services.ts)`);
      const other = seenPorts.get(port);
      if (other) issues.push(`${lab.id}: port ${port} (${name}) is already used by ${other}`);
      seenPorts.set(port, lab.id);
    }
    if (new Set(lab.files).size !== lab.files.length) issues.push(`${lab.id}: files lists a file twice`);
  });
  return issues;
}

/** Validates the manifest; throws ManifestError listing every problem, each with its place. */
export function parseManifest(raw: unknown, source = 'labs/manifest.ts'): readonly LabEntry[] {
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const [index, ...rest] = issue.path;
      const entry = typeof index === 'number' ? (raw as { id?: unknown }[])[index] : undefined;
      const id =
        typeof entry?.id === 'string' ? entry.id : typeof index === 'number' ? `labs[${index}]` : 'manifest';
      const field = rest.map(String).join('.') || '(entry)';
      return `  ${id}: ${field}: ${issue.message}`;
    });
    throw new ManifestError(`${source} is invalid:\n${lines.join('\n')}`);
  }
  const issues = crossCheck(parsed.data);
  if (issues.length > 0)
    throw new ManifestError(`${source} is invalid:\n${issues.map((i) => `  ${i}`).join('\n')}`);
  return parsed.data;
}
