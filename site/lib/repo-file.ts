import { readFile } from 'node:fs/promises';
import { extname, isAbsolute, normalize, resolve } from 'node:path';

/** Extension → Expressive Code language, for the files lessons show. */
const languages: Readonly<Record<string, string>> = {
  '.yml': 'yaml',
  '.yaml': 'yaml',
  // Shiki has no Alloy grammar; HCL's blocks, attributes and strings match its syntax closely.
  '.alloy': 'hcl',
  '.go': 'go',
  '.ts': 'ts',
  '.json': 'json',
  '.env': 'sh',
  '.sh': 'sh',
  '.mod': 'go',
  '': 'text',
};

export interface RepoFile {
  readonly code: string;
  readonly lang: string;
}

const markerLine = (kind: 'region' | 'endregion', name: string) =>
  new RegExp(`^\\s*(#|//)\\s*${kind}\\s+${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);

/** Cuts the lines between `region NAME` and `endregion NAME` comment markers, markers excluded. */
export function extractRegion(source: string, name: string, path: string): string {
  const lines = source.split('\n');
  const start = lines.findIndex((l) => markerLine('region', name).test(l));
  const end = lines.findIndex((l, i) => i > start && markerLine('endregion', name).test(l));
  if (start === -1 || end === -1) {
    throw new Error(`${path}: no "region ${name}" … "endregion ${name}" comment markers`);
  }
  return lines.slice(start + 1, end).join('\n');
}

/** Drops region marker comments so a whole-file view shows the file as it runs. */
function stripMarkers(source: string): string {
  return source
    .split('\n')
    .filter((l) => !/^\s*(#|\/\/)\s*(end)?region\s+\S+\s*$/.test(l))
    .join('\n');
}

/** Reads a repository file for a lesson; paths stay inside the repository. */
export async function readRepoFile(path: string, region?: string, root = process.cwd()): Promise<RepoFile> {
  if (isAbsolute(path) || normalize(path).startsWith('..')) {
    throw new Error(`RepoFile path "${path}" must be relative to the repository root`);
  }
  const source = await readFile(resolve(root, path), 'utf8').catch((err: unknown) => {
    throw new Error(`RepoFile: cannot read "${path}" (${(err as Error).message})`);
  });
  const code = region === undefined ? stripMarkers(source) : extractRegion(source, region, path);
  const ext = path.endsWith('.env') ? '.env' : extname(path);
  return { code: code.trimEnd(), lang: languages[ext] ?? 'text' };
}
