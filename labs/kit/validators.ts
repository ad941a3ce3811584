/**
 * The real validators, run on the learner's files: promtool check config|rules|metrics,
 * alloy fmt, go build, and Mimir's own config loading. Their messages reach the learner
 * verbatim, with every path rewritten to the file as the learner sees it, and are also
 * parsed into file:line problems for --json.
 */
import { repoRoot, run } from '../../scripts/stack/index.ts';
import {
  dockerRunArgs,
  imageProblem,
  imageStatus,
  isDockerFailure,
  learnerUser,
  readOnlyMounts,
} from './docker-run.ts';
import type { ImageTool, Tool } from './tools.ts';
import { tool } from './tools.ts';
import type { Final, Problem } from './verdict.ts';
import { fail, pass } from './verdict.ts';

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Replaces each alias (absolute path, rendered copy, ./name) with the path the learner knows. */
export function rewritePaths(output: string, aliases: readonly string[], shown: string): string {
  let text = output;
  for (const alias of [...aliases].filter(Boolean).sort((a, b) => b.length - a.length)) {
    text = text.replace(new RegExp(`(^|[\\s"'(:=])${escape(alias)}(?=$|[\\s"':),])`, 'gm'), `$1${shown}`);
  }
  return text;
}

/**
 * file:line[:col] locations in a tool's output, for the files the learner edits:
 * "f:12:3: msg" (go, alloy), "f: 12:3: msg" (promtool rules), and "line 12: msg" inside a
 * block that names f (YAML unmarshal errors from promtool and Mimir).
 */
export function parseProblems(output: string, files: readonly string[]): Problem[] {
  const problems: Problem[] = [];
  const names = files.map(escape).join('|');
  if (!names) return problems;
  const located = new RegExp(`(${names}):\\s?(\\d+):(?:(\\d+):)?\\s*(.+)$`);
  const mentioned = new RegExp(`(${names})`);
  let current: string | undefined;
  for (const raw of output.split('\n')) {
    const line = raw.trim();
    const hit = located.exec(line);
    if (hit?.[1] && hit[2] && hit[4]) {
      const problem: Problem = { file: hit[1], line: Number(hit[2]), message: hit[4].trim() };
      problems.push(hit[3] ? { ...problem, column: Number(hit[3]) } : problem);
      current = hit[1];
      continue;
    }
    const file = mentioned.exec(line)?.[1];
    if (file) current = file;
    const yamlLine = /^line (\d+): (.+)$/.exec(line);
    if (yamlLine?.[1] && yamlLine[2] && current) {
      problems.push({ file: current, line: Number(yamlLine[1]), message: yamlLine[2] });
    }
  }
  return problems;
}

export interface ToolOutput {
  readonly code: number;
  /** stdout and stderr together, paths rewritten. */
  readonly output: string;
}

interface ToolOptions {
  readonly input?: string;
  readonly timeoutMs?: number;
  /** Files it reads: the container mounts their folders read-only. */
  readonly files?: readonly string[];
  /** Folders it writes into (promtool's backfill output): mounted writable. */
  readonly writableDirs?: readonly string[];
}

/**
 * Runs a stack tool (natively or in its image, as tools.ts decides) from the repository root.
 * A missing binary or image says what fetches it.
 */
export async function runTool(
  name: Tool,
  args: readonly string[],
  options: ToolOptions = {},
): Promise<ToolOutput | Final> {
  const info = tool(name);
  if (info.mode === 'docker') return runInImage(name, info, args, options);
  if (!info.exists)
    return fail(`${name} is not built yet (${info.path})`, {
      hint: `run \`${info.buildCommand}\` (or \`npm run stack -- up\`, which builds what is missing)`,
    });
  const result = await run(info.path, args, {
    cwd: repoRoot,
    timeoutMs: options.timeoutMs ?? 60_000,
    ...(options.input === undefined ? {} : { input: options.input }),
  });
  if (result.error) return fail(`${name} could not run: ${result.error}`);
  return { code: result.code, output: `${result.stdout}${result.stderr}`.replace(/\s+$/, '') };
}

/** The docker run arguments of a validator: no network, the learner's user, its files read-only. */
export function validatorArgs(info: ImageTool, args: readonly string[], options: ToolOptions): string[] {
  return dockerRunArgs(
    {
      image: info.image,
      entrypoint: info.path,
      user: learnerUser(),
      network: 'none',
      mounts: [
        ...readOnlyMounts(options.files ?? []),
        ...(options.writableDirs ?? []).map((dir) => ({ dir, writable: true })),
      ],
      stdin: options.input !== undefined,
    },
    args,
  );
}

async function runInImage(
  name: Tool,
  info: ImageTool,
  args: readonly string[],
  options: ToolOptions,
): Promise<ToolOutput | Final> {
  const image = await imageStatus(info);
  if (!image.ok) return fail(image.reason, { hint: image.hint });
  const result = await run('docker', validatorArgs(info, args, options), {
    cwd: repoRoot,
    timeoutMs: options.timeoutMs ?? 60_000,
    ...(options.input === undefined ? {} : { input: options.input }),
  });
  const output = `${result.stdout}${result.stderr}`.replace(/\s+$/, '');
  if (result.error) return fail(`${name} could not run in ${info.image}: ${result.error}`);
  if (isDockerFailure(result.code)) {
    const problem = imageProblem(info, output);
    return fail(`${name} could not run in ${info.image}:`, { output, hint: problem.hint });
  }
  return { code: result.code, output };
}

const isFinal = (value: ToolOutput | Final): value is Final => 'kind' in value;

interface FileArgs {
  /** Absolute path of the file to validate. */
  readonly path: string;
  /** How the learner sees it. */
  readonly shown: string;
  /** Other paths the tool may print for the same file (a rendered copy). */
  readonly aliases?: readonly string[];
}

function verdictFrom(result: ToolOutput, file: FileArgs, failMessage: string, hint?: string): Final {
  if (result.code === 0) return pass();
  const output = rewritePaths(result.output, [file.path, ...(file.aliases ?? [])], file.shown);
  return fail(failMessage, {
    output,
    problems: parseProblems(output, [file.shown]),
    ...(hint ? { hint } : {}),
  });
}

/** `promtool check config`: a full prometheus.yml, or a scrape_config_files drop-in. */
export async function promtoolCheckConfig(file: FileArgs, hint?: string): Promise<Final> {
  const result = await runTool('promtool', ['check', 'config', file.path], { files: [file.path] });
  if (isFinal(result)) return result;
  return verdictFrom(result, file, `promtool rejects ${file.shown}:`, hint);
}

/** `promtool check rules`: a Prometheus rule file (the format Mimir's ruler takes too). */
export async function promtoolCheckRules(file: FileArgs, hint?: string): Promise<Final> {
  const result = await runTool('promtool', ['check', 'rules', file.path], { files: [file.path] });
  if (isFinal(result)) return result;
  return verdictFrom(result, file, `promtool rejects ${file.shown}:`, hint);
}

/** `promtool check metrics` on an exposition (stdin); its lint findings are failures. */
export async function promtoolCheckMetrics(exposition: string, source: string): Promise<Final> {
  const result = await runTool('promtool', ['check', 'metrics'], { input: exposition });
  if (isFinal(result)) return result;
  if (result.code === 0 && result.output === '') return pass();
  return fail(`promtool check metrics finds problems in ${source}:`, { output: result.output });
}

/** `alloy fmt`: parses the file as Alloy syntax (it does not evaluate components). */
export async function alloyFmt(file: FileArgs, hint?: string): Promise<Final> {
  const result = await runTool('alloy', ['fmt', file.path], { files: [file.path] });
  if (isFinal(result)) return result;
  return verdictFrom(result, file, `alloy fmt rejects ${file.shown}:`, hint);
}
