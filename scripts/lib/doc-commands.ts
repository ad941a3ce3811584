/**
 * The curl commands a learner copies from the lessons (site/content/docs/<locale>/) and the lab
 * READMEs: from shell code blocks (a `\` at a line's end continues it) and from inline code
 * spans, each with its file and line, and the port it talks to.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export interface DocCommand {
  /** The file, relative to the repository root, and the line the command starts on. */
  readonly where: string;
  readonly command: string;
  /** The 127.0.0.1 port it calls, if it names one. */
  readonly port?: number;
  /** The text says the command is meant to fail (a comment line before it says so). */
  readonly failsOnPurpose: boolean;
}

const PORT = /(?:127\.0\.0\.1|localhost):(\d{2,5})/;

function filesUnder(dir: string, ext: RegExp): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return filesUnder(full, ext);
    return ext.test(name) ? [full] : [];
  });
}

const command = (where: string, text: string, before = ''): DocCommand => {
  const port = PORT.exec(text)?.[1];
  const failsOnPurpose = /^\s*#.*(fails|失敗)/i.test(before);
  return { where, command: text, failsOnPurpose, ...(port === undefined ? {} : { port: Number(port) }) };
};

/** The curl commands in one Markdown or MDX text. */
export function curlCommands(text: string, file: string): DocCommand[] {
  const found: DocCommand[] = [];
  const lines = text.split('\n');
  let inBlock = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (/^\s*```/.test(line)) {
      inBlock = !inBlock;
      continue;
    }
    if (inBlock) {
      const start = /^\s*(?:\$\s+)?(curl\s.*)$/.exec(line)?.[1];
      if (start === undefined) continue;
      let joined = start;
      const first = i;
      while (joined.endsWith('\\') && i + 1 < lines.length) {
        i++;
        joined = `${joined.slice(0, -1).trimEnd()} ${(lines[i] ?? '').trim()}`;
      }
      // A trailing "# comment" outside quotes is the lesson's explanation, not the command.
      found.push(command(`${file}:${first + 1}`, joined.replace(/\s+#\s[^'"]*$/, ''), lines[first - 1]));
      continue;
    }
    for (const span of line.matchAll(/`(curl\s[^`]+)`/g))
      if (span[1] !== undefined) found.push(command(`${file}:${i + 1}`, span[1]));
  }
  return found;
}

/** The lessons (every locale) and the lab READMEs: where learners copy commands from. */
function docFiles(root: string): string[] {
  return [
    ...filesUnder(join(root, 'site', 'content', 'docs'), /\.mdx?$/),
    ...filesUnder(join(root, 'labs'), /^README\.md$/),
  ];
}

/** Every curl command in the lessons (every locale) and the lab READMEs. */
export function docCurlCommands(root: string): DocCommand[] {
  return docFiles(root).flatMap((file) => curlCommands(readFileSync(file, 'utf8'), relative(root, file)));
}

/** A shell command of a code block that is not curl, with its file and line. */
export interface DocShellCommand {
  readonly where: string;
  readonly command: string;
}

/**
 * The other commands of the shell code blocks (```sh): one per line, a `\` at a line's end
 * continuing it, a trailing `# comment` cut; comment lines and curl commands left out.
 */
export function shellCommands(text: string, file: string): DocShellCommand[] {
  const found: DocShellCommand[] = [];
  const lines = text.split('\n');
  let shell: boolean | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const fence = /^\s*```(\w*)/.exec(line);
    if (fence) {
      shell = shell === undefined ? /^(sh|bash|shell)$/.test(fence[1] ?? '') : undefined;
      continue;
    }
    if (!shell) continue;
    const first = i;
    let joined = line.trim().replace(/^\$\s+/, '');
    while (joined.endsWith('\\') && i + 1 < lines.length) {
      i++;
      joined = `${joined.slice(0, -1).trimEnd()} ${(lines[i] ?? '').trim()}`;
    }
    if (joined === '' || joined.startsWith('#') || /^curl\s/.test(joined)) continue;
    found.push({ where: `${file}:${first + 1}`, command: joined.replace(/\s+#\s[^'"]*$/, '').trim() });
  }
  return found;
}

/** Every such command in the lessons (every locale) and the lab READMEs. */
export function docShellCommands(root: string): DocShellCommand[] {
  return docFiles(root).flatMap((file) => shellCommands(readFileSync(file, 'utf8'), relative(root, file)));
}

/** Last stages of a pipe whose empty output means the data was not there. */
const PRINTS_DATA = new Set(['curl', 'jq', 'grep']);

/**
 * Why a doc command's run does not do what the text promises, or undefined when it does: it
 * must exit 0 (curl refuses an unquoted `{}` glob or a raw space with exit 3, a grep at the end
 * of a pipe that finds nothing exits 1), print something where it prints data, and where it
 * gets a Prometheus-API JSON answer, get "success" unless the text says it fails on purpose.
 */
export function unmetPromise(
  command: DocCommand,
  result: { readonly code: number | null; readonly stdout: string; readonly stderr: string },
): string | undefined {
  const output = `${result.stdout}${result.stderr}`.trim().slice(0, 400);
  if (result.code !== 0) return `exited ${String(result.code)}: ${output}`;
  const last = command.command.split('|').at(-1)?.trim().split(/\s+/)[0] ?? '';
  if (PRINTS_DATA.has(last) && result.stdout.trim() === '') return 'printed nothing';
  // Only the Prometheus HTTP API (Prometheus', Mimir's) answers with a status field to judge.
  if (!/\/api\/v1\//.test(command.command) || !/^\s*\{/.test(result.stdout)) return undefined;
  let status: unknown;
  try {
    status = (JSON.parse(result.stdout) as { status?: unknown }).status;
  } catch {
    return undefined;
  }
  const wanted = command.failsOnPurpose ? 'error' : 'success';
  if (status !== undefined && status !== wanted)
    return `answered status ${JSON.stringify(status)}, not "${wanted}": ${output}`;
  return undefined;
}
