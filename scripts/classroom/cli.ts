/**
 * npm run classroom -- <verb>: the instructor's side of the classroom board. `start` creates a
 * classroom (id, join code) and runs its ingest gateway in the foreground; `stop` ends it from
 * another terminal; `status` says what runs and prints the learners' join command again.
 * Exit codes: 0 ok, 1 failure, 2 usage.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { boardQueries } from '../../site/lib/classroom/board-queries.ts';
import { siteUrl } from '../../site/lib/guard/site-address.ts';
import { tenantHeader } from '../../stack/services.ts';
import { processStartTime } from '../../labs/kit/lab-lock.ts';
import type { HelpRow } from '../lib/cli-help.ts';
import { commandsHelp } from '../lib/cli-help.ts';
import { sleep } from '../lib/sleep.ts';
import { bold, dim, green, probe, red, serviceUrl, yellow } from '../stack/index.ts';
import type { ClassroomState } from './classroom-state.ts';
import {
  gatewayRunning,
  readClassroomState,
  removeClassroomState,
  writeClassroomState,
} from './classroom-state.ts';
import { newClassroom } from './credentials.ts';
import type { GatewayLogEntry } from './gateway.ts';
import { createGateway } from './gateway.ts';
import { defaultListen, isLoopbackOnly, learnerUrls, listenSchema } from './listen-address.ts';
import { classroomTenant, pushPath } from './protocol.ts';
import type { Upstream } from './upstream.ts';
import { credentialEnv, credentialsFromEnv, mimirUpstream, remoteWriteUpstream } from './upstream.ts';

class UsageError extends Error {
  override name = 'UsageError';
}

const parse = (argv: readonly string[]) =>
  parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      listen: { type: 'string' },
      mimir: { type: 'string' },
      'remote-write': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
type Values = ReturnType<typeof parse>['values'];

const mimirSchema = z
  .url({ protocol: /^https?$/, error: 'an http(s) URL, e.g. http://127.0.0.1:9009' })
  .transform((url) => url.replace(/\/+$/, ''));

const remoteWriteSchema = z.url({
  protocol: /^https?$/,
  error: "the endpoint's full http(s) push URL, e.g. https://prometheus.example.com/api/prom/push",
});

/** Where the classroom's results go: --mimir (default: the stack's) or --remote-write. */
function upstreamOf(values: Values, tenant: string): Upstream {
  if (values.mimir !== undefined && values['remote-write'] !== undefined)
    throw new UsageError('give --mimir or --remote-write, not both');
  let credentials;
  try {
    credentials = credentialsFromEnv();
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values['remote-write'] !== undefined)
    return remoteWriteUpstream(flag('remote-write', remoteWriteSchema, values['remote-write']), credentials);
  return mimirUpstream(flag('mimir', mimirSchema, values.mimir ?? serviceUrl('mimir')), tenant, credentials);
}

/** A flag's value through its schema, or a usage error naming the flag. */
function flag<T>(name: string, schema: z.ZodType<T>, text: string): T {
  const parsed = schema.safeParse(text);
  if (!parsed.success) throw new UsageError(`--${name}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data;
}

const joinCommand = (url: string, code: string): string =>
  `npm run lab -- join ${url} --code ${code} --name "<your name>"`;

/** The site's board of a classroom (`scripts/workshop start` serves it). */
const boardUrl = (id: string): string => `${siteUrl}/en/instructors/classroom-board/?classroom=${id}`;

function printJoin(state: Pick<ClassroomState, 'id' | 'urls' | 'code' | 'writesTo' | 'tenant'>): void {
  console.log('Learners join with (one of):');
  for (const url of state.urls) console.log(`  ${bold(joinCommand(url, state.code))}`);
  if (state.writesTo === `${serviceUrl('mimir')}${pushPath}`)
    console.log(`The board: ${bold(boardUrl(state.id))}`);
  else
    console.log(
      `The site's board reads the stack's Mimir only. Chart ${state.tenant ? `tenant ${state.tenant}` : `classroom="${state.id}"`} where ${state.writesTo} stores it with the board's queries: \`npm run classroom -- queries\` prints them.`,
    );
}

const logLine = (entry: GatewayLogEntry): string => {
  const mark = entry.status < 300 ? green(String(entry.status)) : red(String(entry.status));
  return `${dim(new Date().toISOString())} ${mark} ${entry.learner ?? '-'}: ${entry.reason}`;
};

async function start(values: Values): Promise<number> {
  const listen = flag('listen', listenSchema, values.listen ?? defaultListen);
  const { id, code } = newClassroom();
  const upstream = upstreamOf(values, classroomTenant(id));
  const running = readClassroomState();
  if (running && gatewayRunning(running))
    throw new Error(
      `classroom ${running.id} already runs (pid ${running.pid}, ${running.listen}): \`npm run classroom -- stop\` first`,
    );
  const server = createGateway({
    code,
    upstream,
    onRequest: (e) => {
      console.log(logLine(e));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.host, resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : listen.port;
  const bound = `${listen.host.includes(':') ? `[${listen.host}]` : listen.host}:${port}`;
  const state = {
    id,
    code,
    urls: learnerUrls(listen.host, port),
    listen: bound,
    writesTo: upstream.pushUrl,
    ...(upstream.tenant ? { tenant: upstream.tenant } : {}),
    pid: process.pid,
    ...(processStartTime(process.pid) ? { startTime: processStartTime(process.pid) } : {}),
    startedAt: new Date().toISOString(),
  };
  writeClassroomState(state);
  const as = upstream.tenant ? ` as tenant ${bold(upstream.tenant)}` : ` with the label classroom="${id}"`;
  console.log(
    `Classroom ${bold(id)}: gateway on ${bound}, writing to ${upstream.pushUrl}${as}${upstream.auth ? ` (${upstream.auth})` : ''}`,
  );
  if (!isLoopbackOnly(listen))
    console.log(
      yellow(
        `warning: ${bound} is reachable from other machines. Anyone with the join code can write check results into this classroom (nothing else); share the code with your class only, and stop the classroom when the workshop ends.`,
      ),
    );
  // A hosted endpoint has no /ready: only a Mimir is probed.
  const mimirBase = upstream.tenant ? upstream.pushUrl.slice(0, -pushPath.length) : undefined;
  const ready = mimirBase ? await probe(`${mimirBase}/ready`) : { ok: true, detail: '' };
  if (!ready.ok)
    console.log(
      yellow(
        `warning: Mimir does not answer at ${mimirBase ?? ''}/ready (${ready.detail}); pushes fail until it does`,
      ),
    );
  printJoin(state);
  console.log(dim('Ctrl-C here, or `npm run classroom -- stop`, ends the classroom.'));
  await new Promise<void>((resolve) => {
    const end = (): void => {
      server.close(() => {
        resolve();
      });
      server.closeAllConnections();
    };
    process.once('SIGINT', end);
    process.once('SIGTERM', end);
  });
  // Another `start` may have replaced the record after a crash of this one: remove only our own.
  if (readClassroomState()?.pid === process.pid) removeClassroomState();
  console.log(`classroom ${id} stopped`);
  return 0;
}

async function stop(): Promise<number> {
  const state = readClassroomState();
  if (!state) {
    console.log(dim('no classroom is running'));
    return 0;
  }
  if (!gatewayRunning(state)) {
    removeClassroomState();
    console.log(dim(`classroom ${state.id} was not running any more (its record is removed)`));
    return 0;
  }
  process.kill(state.pid, 'SIGTERM');
  const deadline = Date.now() + 10_000;
  while (gatewayRunning(state) && Date.now() < deadline) await sleep(100);
  if (gatewayRunning(state)) {
    console.error(`${red('error:')} the gateway (pid ${state.pid}) did not stop within 10 s`);
    return 1;
  }
  removeClassroomState();
  console.log(`${green('✓')} classroom ${state.id} stopped`);
  return 0;
}

function status(): number {
  const state = readClassroomState();
  if (!state) {
    console.log('no classroom is running: `npm run classroom -- start` starts one');
    return 1;
  }
  const up = gatewayRunning(state);
  console.log(`classroom  ${bold(state.id)} ${up ? green('running') : red('not running (stale record)')}`);
  console.log(
    `writes to  ${state.writesTo}${state.tenant ? ` as tenant ${state.tenant}` : ` with classroom="${state.id}"`}`,
  );
  console.log(`gateway    ${state.listen} (pid ${state.pid}, since ${state.startedAt})`);
  if (up) printJoin(state);
  return up ? 0 : 1;
}

/**
 * The board's PromQL for the running classroom, to chart where the site's board cannot read:
 * Grafana's Explore or a dashboard on the store's query URL (a Mimir's /prometheus, a hosted
 * endpoint's query URL), with a `learner` variable for the two per-learner queries.
 */
function queries(): number {
  const state = readClassroomState();
  if (!state) {
    console.log('no classroom is running: `npm run classroom -- start` starts one');
    return 1;
  }
  const all = boardQueries(state.id, 10);
  const where = state.tenant ? ` (tenant ${state.tenant}: header ${tenantHeader})` : '';
  console.log(dim(`# classroom ${state.id}, stored through ${state.writesTo}${where}; stuck = 10 minutes`));
  for (const [name, expr] of Object.entries(all)) console.log(`${bold(name)}\n  ${expr}`);
  return 0;
}

interface Verb extends HelpRow {
  readonly run: (values: Values) => number | Promise<number>;
}

/** Every verb, in help order: main dispatches on it and USAGE is printed from it. */
const verbs: readonly Verb[] = [
  {
    name: 'start',
    args: '[--listen IP:PORT] [--mimir URL | --remote-write URL]',
    summary: `create a classroom and run its ingest gateway here (Ctrl-C ends it);
--listen ${defaultListen} by default (loopback: give e.g. 0.0.0.0:9309 for a class
on the network); results go to --mimir (the stack's by default; tenant
classroom-<id>) or to a hosted --remote-write push URL; credentials from
${credentialEnv.user} + ${credentialEnv.password}, or ${credentialEnv.token}`,
    run: start,
  },
  { name: 'stop', args: '', summary: 'end the running classroom', run: stop },
  {
    name: 'status',
    args: '',
    summary: "the running classroom, its tenant and the learners' join command",
    run: status,
  },
  {
    name: 'queries',
    args: '',
    summary: "the board's PromQL for the running classroom, for a Grafana on another store",
    run: queries,
  },
];

const USAGE = `Usage: npm run classroom -- <command> [options]

Commands:
${commandsHelp(verbs, 42)}`;

async function main(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parse(argv);
  const [verb, ...rest] = positionals;
  if (values.help || !verb) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  const command = verbs.find((v) => v.name === verb);
  if (!command) throw new UsageError(`unknown command "${verb}"`);
  if (rest.length > 0) throw new UsageError(`${verb} takes no arguments (got ${rest.join(' ')})`);
  return command.run(values);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const usage =
      error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    console.error(`${red('error:')} ${(error as Error).message}${usage ? `\n\n${USAGE}` : ''}`);
    process.exitCode = usage ? 2 : 1;
  },
);
