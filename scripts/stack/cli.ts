/**
 * npm run stack -- <verb>: runs the workshop's observability stack.
 * Exit codes: 0 ok, 1 failure, 2 usage.
 */
import { parseArgs } from 'node:util';
import type { HelpRow } from '../lib/cli-help.ts';
import { commandsHelp } from '../lib/cli-help.ts';
import type { ProfileName, ServiceName } from '../../stack/services.ts';
import { profileNames, profileServices, serviceNames } from '../../stack/services.ts';
import { stackDown, stackReload, stackRestart, stackStatus, stackUp } from './api.ts';
import { convertPrometheusConfig } from './convert.ts';
import { doctor } from './doctor.ts';
import { showLogs } from './logs.ts';
import type { BuildTarget } from './native/build.ts';
import { buildTargets, ensureBuilt } from './native/build.ts';
import type { Reporter } from './output.ts';
import { StackError, consoleReporter, formatDuration, red } from './output.ts';
import type { StackPaths } from './paths.ts';
import { stackPaths } from './paths.ts';
import { readState } from './state.ts';
import { formatStatus } from './status.ts';
import { loadVersions } from './versions.ts';

class UsageError extends Error {
  override name = 'UsageError';
}

const isService = (s: string): s is ServiceName => (serviceNames as readonly string[]).includes(s);

function servicesFrom(args: readonly string[]): ServiceName[] {
  const bad = args.filter((a) => !isService(a));
  if (bad.length > 0)
    throw new UsageError(`unknown service(s): ${bad.join(', ')} (choose from ${serviceNames.join(', ')})`);
  return args.filter(isService);
}

function profilesFrom(args: readonly string[]): ProfileName[] {
  const isProfile = (p: string): p is ProfileName => (profileNames as readonly string[]).includes(p);
  const bad = args.filter((p) => !isProfile(p));
  if (bad.length > 0)
    throw new UsageError(`unknown profile(s): ${bad.join(', ')} (choose from ${profileNames.join(', ')})`);
  return args.filter(isProfile);
}

function oneService(args: readonly string[], verb: string): ServiceName {
  const [service, ...extra] = servicesFrom(args);
  if (!service || extra.length > 0)
    throw new UsageError(`${verb} takes exactly one service (${serviceNames.join(', ')})`);
  return service;
}

const parse = (argv: readonly string[]) =>
  parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      mode: { type: 'string', default: 'auto' },
      follow: { type: 'boolean', short: 'f', default: false },
      json: { type: 'boolean', default: false },
      force: { type: 'boolean', default: false },
      profile: { type: 'string', multiple: true, default: [] },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });

/** What a verb runs with: the words after it, the parsed flags, and where the stack lives. */
interface Invocation {
  readonly rest: readonly string[];
  readonly values: ReturnType<typeof parse>['values'];
  readonly paths: StackPaths;
  readonly reporter: Reporter;
}

interface Verb extends HelpRow {
  readonly run: (call: Invocation) => Promise<number>;
}

/** Every verb the CLI knows, in help order: `main` dispatches on it and USAGE is printed from it. */
const verbs: readonly Verb[] = [
  {
    name: 'up',
    args: '[--mode docker|native|auto] [--profile p] [service...]',
    summary: 'start the stack (auto: Docker when usable, else native)',
    run: async ({ rest, values, reporter }) => {
      const mode = values.mode;
      if (mode !== 'auto' && mode !== 'docker' && mode !== 'native')
        throw new UsageError(`--mode must be docker, native or auto (got "${mode}")`);
      const start = performance.now();
      const result = await stackUp({
        mode,
        services: servicesFrom(rest),
        profiles: profilesFrom(values.profile),
        reporter,
      });
      reporter.step(`stack up in ${result.mode} mode after ${formatDuration(performance.now() - start)}`);
      console.log(formatStatus(await stackStatus()));
      return 0;
    },
  },
  {
    name: 'down',
    args: '',
    summary: 'stop everything this CLI started',
    run: async ({ reporter }) => {
      await stackDown({ reporter });
      reporter.ok('stack is down');
      return 0;
    },
  },
  {
    name: 'restart',
    args: '<service>',
    summary: 'stop and start one service, wait until ready',
    run: async ({ rest, reporter }) => {
      await stackRestart(oneService(rest, 'restart'), { reporter });
      return 0;
    },
  },
  {
    name: 'reload',
    args: '<prometheus|alloy>',
    summary: 're-read configs (after editing stack/prometheus/labs)',
    run: async ({ rest, reporter }) => {
      const service = oneService(rest, 'reload');
      if (service !== 'prometheus' && service !== 'alloy')
        throw new UsageError('reload works for prometheus and alloy');
      await stackReload(service, { reporter });
      return 0;
    },
  },
  {
    name: 'status',
    args: '[--json]',
    summary: 'service, mode, URL, health, version, RSS',
    run: async ({ values }) => {
      const rows = await stackStatus();
      console.log(values.json ? JSON.stringify(rows, null, 2) : formatStatus(rows));
      return 0;
    },
  },
  {
    name: 'logs',
    args: '<service> [-f]',
    summary: "a service's log (-f: follow)",
    run: ({ rest, values, paths }) => showLogs(paths, oneService(rest, 'logs'), values.follow),
  },
  {
    name: 'doctor',
    args: '',
    summary: 'ports, Docker, Go, disk, memory, built binaries',
    run: async ({ paths, reporter }) => ((await doctor(paths, reporter)) > 0 ? 1 : 0),
  },
  {
    name: 'build',
    args: '[--force] [target...]',
    summary: `compile native binaries (${buildTargets.join(', ')})`,
    run: async ({ rest, values, paths, reporter }) => {
      const targets = rest.length > 0 ? rest : buildTargets;
      const bad = targets.filter((t) => !(buildTargets as readonly string[]).includes(t));
      if (bad.length > 0)
        throw new UsageError(
          `unknown build target(s): ${bad.join(', ')} (choose from ${buildTargets.join(', ')})`,
        );
      const outcomes = await ensureBuilt(paths, loadVersions(paths.versionsFile), targets as BuildTarget[], {
        reporter,
        force: values.force,
      });
      for (const o of outcomes.filter((x) => !x.built))
        reporter.ok(`${o.name} ${o.version}: up to date (built ${o.stamp.builtAt})`);
      return 0;
    },
  },
  {
    name: 'convert',
    args: '',
    summary: 'alloy convert stack/prometheus/prometheus.yml',
    run: async ({ paths, reporter }) => {
      const result = await convertPrometheusConfig(
        paths,
        loadVersions(paths.versionsFile),
        readState(paths)?.mode ?? 'native',
      );
      if (result.dropped.length > 0)
        reporter.note(
          `dropped before converting (newer than Alloy's Prometheus parser): ${result.dropped.join(', ')}`,
        );
      reporter.ok(`wrote ${result.output} (alloy fmt accepts it)`);
      return 0;
    },
  },
];

const USAGE = `Usage: npm run stack -- <command> [options]

Commands:
${commandsHelp(verbs, 46)}

Services: ${serviceNames.join(', ')}
Profiles (optional services, repeat --profile for several): ${profileNames
  .map((p) => `${p} (${profileServices(p).join(', ')})`)
  .join(', ')}`;

async function main(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parse(argv);
  const [verb, ...rest] = positionals;
  if (values.help || !verb) {
    console.log(USAGE);
    return verb || values.help ? 0 : 2;
  }
  const paths = stackPaths();
  const command = verbs.find((v) => v.name === verb);
  if (!command) throw new UsageError(`unknown command "${verb}"`);
  return command.run({ rest, values, paths, reporter: consoleReporter });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`${red('error:')} ${(error as Error).message}\n\n${USAGE}`);
      process.exitCode = 2;
    } else if (error instanceof StackError) {
      console.error(`${red('error:')} ${error.message}`);
      process.exitCode = 1;
    } else {
      console.error(error);
      process.exitCode = 1;
    }
  },
);
