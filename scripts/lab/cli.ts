/**
 * npm run lab -- <verb>: the workshop's labs, rustlings-style.
 * Exit codes: 0 ok (a check passed), 1 failure (a check failed), 2 usage.
 */
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { LabBusyError, setLockWait } from '../../labs/kit/lab-lock.ts';
import { ManifestError } from '../../labs/kit/manifest-schema.ts';
import { red } from '../../labs/kit/report.ts';
import { devCheck } from './dev-check.ts';
import { LabError, findLab } from './labs.ts';
import { check, hint, list, reset, solution, start, stopAll, stopVerb, workspaceOrThrow } from './verbs.ts';
import { watch } from './watch.ts';

const USAGE = `Usage: npm run lab -- <command> [lab] [options]

Commands:
  list [--json]             every lab, in order, with your progress
  start <lab>               copy the lab's files into workspace/<lab>/ (keeps files you already edited)
  check <lab> [--json]      check your work against the running stack (exit 0 pass, 1 fail)
  watch <lab>               check again on every save (Ctrl-C to stop)
  hint <lab> [--json]       the next hint (--json: every hint shown so far)
  solution <lab> [--force]  copy the reference into workspace/solutions/<lab>/ (after a pass, or --force);
                            a copy there that you changed is moved to workspace/.trash/ first
  reset <lab> [--force]     start the lab over from its starting files (stops its processes); your
                            files go to workspace/.trash/. Asks first when they differ from the
                            starting files; without a terminal to ask in, needs --force
  stop [lab]                take the lab's changes out of the stack, stop the processes it started
                            (no lab: every lab)
  dev-check [lab...] [--static]
                            for course authors: every lab fails on start/ and passes on solution/

<lab> is an id (04-remote-write-tenant), its number (4) or its slug (remote-write-tenant).
Commands that touch a lab wait while another one (lab watch, Check my work) uses it: up to 30 s,
or --wait <seconds>.`;

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

async function main(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      force: { type: 'boolean', default: false },
      static: { type: 'boolean', default: false },
      wait: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
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
  if (verb === 'list') return list(values.json);
  if (verb === 'stop' && rest.length === 0) return stopAll();
  if (verb === 'dev-check')
    return devCheck(
      rest.map((name) => findLab(name)),
      { staticOnly: values.static },
    );
  const [name, ...extra] = rest;
  if (!name) throw new UsageError(`${verb} needs a lab`);
  if (extra.length > 0) throw new UsageError(`${verb} takes one lab (got ${rest.join(' ')})`);
  const entry = findLab(name);
  switch (verb) {
    case 'start':
      return start(entry);
    case 'check':
      return check(entry, values.json);
    case 'watch': {
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
    }
    case 'hint':
      return hint(entry, values.json);
    case 'solution':
      return solution(entry, values.force);
    case 'reset':
      return reset(entry, {
        force: values.force,
        ...(process.stdin.isTTY && process.stdout.isTTY ? { confirm: askYesNo } : {}),
      });
    case 'stop':
      return stopVerb(entry);
    default:
      throw new UsageError(`unknown command "${verb}"`);
  }
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
