/**
 * npm run lab -- <verb>: the workshop's labs, rustlings-style.
 * Exit codes: 0 ok (a check passed), 1 failure (a check failed), 2 usage.
 */
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import type { HelpRow } from '../lib/cli-help.ts';
import { commandsHelp } from '../lib/cli-help.ts';
import { LabBusyError, setLockWait } from '../../labs/kit/lab-lock.ts';
import { ManifestError } from '../../labs/kit/manifest-schema.ts';
import type { LabEntry } from '../../labs/manifest.ts';
import { red } from '../../labs/kit/report.ts';
import { devCheck } from './dev-check.ts';
import { LabError, findLab } from './labs.ts';
import { check, hint, list, reset, solution, start, stopAll, stopVerb, workspaceOrThrow } from './verbs.ts';
import { watch } from './watch.ts';
import type { Exercise } from '../../labs/kit/exercise-schema.ts';
import { exercisePrometheusPort } from '../../labs/promql/exercises.ts';
import {
  checkExercise,
  exercisesSummary,
  findExercise,
  hintExercise,
  prepareExercises,
  resetExercise,
  solutionExercise,
  startExercise,
  stopExercises,
} from './exercise-verbs.ts';

class UsageError extends Error {
  override name = 'UsageError';
}

async function askYesNo(question: string): Promise<boolean> {
  const prompt = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^y(es)?$/i.test((await prompt.question(question)).trim());
  } finally {
    prompt.close();
  }
}

const parse = (argv: readonly string[]) =>
  parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      force: { type: 'boolean', default: false },
      static: { type: 'boolean', default: false },
      wait: { type: 'string' },
      repeat: { type: 'string' },
      jobs: { type: 'string' },
      only: { type: 'string' },
      code: { type: 'string' },
      name: { type: 'string' },
      status: { type: 'boolean', default: false },
      query: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });

type Values = ReturnType<typeof parse>['values'];

/** A flag's count: a whole number from 1 to `max`, 1 when the flag is absent. */
function count(flag: string, text: string | undefined, max: number): number {
  if (text === undefined) return 1;
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || n < 1 || n > max)
    throw new UsageError(`${flag} takes a count from 1 to ${max} (got "${text}")`);
  return n;
}

/** The one lab a verb works on: exactly one name after the verb, resolved in the manifest. */
function oneLab(verb: string, rest: readonly string[]): LabEntry {
  const [name, ...extra] = rest;
  if (!name) throw new UsageError(`${verb} needs a lab`);
  if (extra.length > 0) throw new UsageError(`${verb} takes one lab (got ${rest.join(' ')})`);
  return findLab(name);
}

/** The one PromQL exercise a verb works on, when the name after the verb is one (promql-NN). */
function oneExercise(verb: string, rest: readonly string[]): Exercise | undefined {
  const [name, ...extra] = rest;
  if (!name) return undefined;
  const exercise = findExercise(name);
  if (exercise && extra.length > 0)
    throw new UsageError(`${verb} takes one exercise (got ${rest.join(' ')})`);
  return exercise;
}

interface Verb extends HelpRow {
  /** Runs the verb with the words after it and the parsed flags; resolves with the exit code. */
  readonly run: (rest: readonly string[], values: Values) => number | Promise<number>;
}

/** Every verb the CLI knows, in help order: `main` dispatches on it and USAGE is printed from it. */
const verbs: readonly Verb[] = [
  {
    name: 'list',
    args: '[--json]',
    summary: 'every lab, in order, with your progress',
    run: (_rest, values) => {
      const code = list(values.json);
      if (!values.json) console.log(exercisesSummary());
      return code;
    },
  },
  {
    name: 'start',
    args: '<lab | promql-NN>',
    summary: `copy the lab's files into workspace/<lab>/ (keeps files you already edited);
for a PromQL exercise, write its question into workspace/promql-NN/query.promql`,
    run: (rest) => {
      const exercise = oneExercise('start', rest);
      return exercise ? startExercise(exercise) : start(oneLab('start', rest));
    },
  },
  {
    name: 'check',
    args: '<lab | promql-NN> [--json] [--query Q]',
    summary: `check your work against the running stack (exit 0 pass, 1 fail); an
exercise grades its query.promql, or --query Q, on the exercise dataset`,
    run: (rest, values) => {
      const exercise = oneExercise('check', rest);
      if (exercise)
        return checkExercise(exercise, {
          json: values.json,
          ...(values.query === undefined ? {} : { query: values.query }),
        });
      if (values.query !== undefined) throw new UsageError('--query is for the PromQL exercises (promql-NN)');
      return check(oneLab('check', rest), values.json);
    },
  },
  {
    name: 'watch',
    args: '<lab>',
    summary: 'check again on every save (Ctrl-C to stop)',
    run: async (rest) => {
      const entry = oneLab('watch', rest);
      const stop = new AbortController();
      // Held for the whole watch: a drop-in being applied then undoes itself and leaves the exit to us.
      const onSignal = (): void => {
        stop.abort();
      };
      process.on('SIGINT', onSignal);
      try {
        await watch(entry, workspaceOrThrow(entry), stop.signal);
      } finally {
        process.off('SIGINT', onSignal);
      }
      return stop.signal.aborted ? 130 : 0;
    },
  },
  {
    name: 'hint',
    args: '<lab | promql-NN> [--json]',
    summary: 'the next hint (--json: every hint shown so far)',
    run: (rest, values) => {
      const exercise = oneExercise('hint', rest);
      return exercise ? hintExercise(exercise, values.json) : hint(oneLab('hint', rest), values.json);
    },
  },
  {
    name: 'solution',
    args: '<lab | promql-NN> [--force]',
    summary: `copy the reference into workspace/solutions/<lab>/ (after a pass, or --force);
a copy there that you changed is moved to workspace/.trash/ first; for an
exercise, print a reference query and others that pass`,
    run: (rest, values) => {
      const exercise = oneExercise('solution', rest);
      return exercise
        ? solutionExercise(exercise, values.force)
        : solution(oneLab('solution', rest), values.force);
    },
  },
  {
    name: 'reset',
    args: '<lab | promql-NN> [--force]',
    summary: `start the lab over from its starting files (stops its processes); your
files go to workspace/.trash/. Asks first when they differ from the
starting files; without a terminal to ask in, needs --force. An exercise's
query goes to workspace/.trash/ too, and its question is written again`,
    run: (rest, values) => {
      const exercise = oneExercise('reset', rest);
      if (exercise) return resetExercise(exercise);
      return reset(oneLab('reset', rest), {
        force: values.force,
        ...(process.stdin.isTTY && process.stdout.isTTY ? { confirm: askYesNo } : {}),
      });
    },
  },
  {
    name: 'stop',
    args: '[lab | promql]',
    summary: `take the lab's changes out of the stack, stop the processes it started
(no lab: every lab and the exercises' Prometheus; promql: that alone)`,
    run: async (rest) => {
      if (rest.length === 1 && /^promql(?:-\d{1,2})?$/i.test(rest[0] ?? '')) return stopExercises();
      if (rest.length > 0) return stopVerb(oneLab('stop', rest));
      const labs = await stopAll();
      return Math.max(labs, await stopExercises());
    },
  },
  {
    name: 'join',
    args: 'URL --code CODE --name NAME | --status',
    summary: `send your check results to your instructor's classroom board (opt-in);
--status shows what is sent, where, and the last send`,
    // join.ts (with the sender's HTTP and TLS) loads only for these verbs, not for every command.
    run: async (rest, values) => {
      const { join, joinStatus, parseJoinArgs } = await import('./join.ts');
      if (values.status) return joinStatus();
      const [url, ...extra] = rest;
      if (extra.length > 0) throw new UsageError(`join takes one URL (got ${rest.join(' ')})`);
      const args = parseJoinArgs({ url, code: values.code, name: values.name });
      if (typeof args === 'string') throw new UsageError(`join: ${args}`);
      return join(args);
    },
  },
  {
    name: 'leave',
    args: '',
    summary: 'leave the classroom: nothing is sent any more, the queue is dropped',
    run: async () => (await import('./join.ts')).leave(),
  },
  {
    name: 'prepare',
    args: 'promql [--json]',
    summary: `start the PromQL exercises' Prometheus over their dataset (127.0.0.1:${exercisePrometheusPort});
the exercise pages ask for it, and every exercise check starts it too`,
    run: (rest, values) => {
      const [name = '', ...extra] = rest;
      if (!/^promql(?:-\d{1,2})?$/i.test(name) || extra.length > 0)
        throw new UsageError('prepare takes `promql` (or one exercise, promql-NN)');
      return prepareExercises(values.json);
    },
  },
  {
    name: 'dev-check',
    args: '[lab... | promql] [--static] [--repeat N] [--jobs N] [--only TEXT]',
    summary: `for course authors: every lab fails on start/, passes on solution/ and its
alternatives, names its mistakes, and holds its sequences (labs/<id>/cases.ts);
then every PromQL exercise's reference and alternatives pass and its mistakes
get their message (\`promql\` alone: only the exercises);
--repeat N runs it all N times and fails if a verdict changes; --jobs N
checks N labs at once; --only runs the cases whose name contains TEXT`,
    run: (rest, values) =>
      devCheck(
        rest.filter((name) => name !== 'promql').map((name) => findLab(name)),
        {
          exercises:
            rest.length === 0
              ? 'with'
              : rest.includes('promql')
                ? rest.length === 1
                  ? 'only'
                  : 'with'
                : 'without',
          staticOnly: values.static,
          repeat: count('--repeat', values.repeat, 20),
          jobs: count('--jobs', values.jobs, 8),
          ...(values.only === undefined ? {} : { only: values.only }),
        },
      ),
  },
];

const USAGE = `Usage: npm run lab -- <command> [lab] [options]

Commands:
${commandsHelp(verbs, 26)}

<lab> is an id (04-remote-write-tenant), its number (4) or its slug (remote-write-tenant).
Commands that touch a lab wait while another one (lab watch, Check my work) uses it: up to 30 s,
or --wait <seconds>.`;

async function main(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parse(argv);
  if (values.wait !== undefined) {
    const seconds = Number(values.wait);
    if (values.wait.trim() === '' || !Number.isFinite(seconds) || seconds < 0 || seconds > 3600)
      throw new UsageError(`--wait takes seconds, from 0 to 3600 (got "${values.wait}")`);
    setLockWait(seconds * 1000);
  }
  const [verb, ...rest] = positionals;
  if (values.help || !verb) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  const command = verbs.find((v) => v.name === verb);
  if (command) return command.run(rest, values);
  // An unknown verb has its lab checked first, as the CLI always has: `lab foo` says "foo needs a lab".
  oneLab(verb, rest);
  throw new UsageError(`unknown command "${verb}"`);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`${red('error:')} ${(error as Error).message}\n\n${USAGE}`);
      process.exitCode = 2;
    } else if (error instanceof LabError || error instanceof ManifestError || error instanceof LabBusyError) {
      console.error(`${red('error:')} ${error.message}`);
      process.exitCode = 1;
    } else {
      console.error(error);
      process.exitCode = 1;
    }
  },
);
