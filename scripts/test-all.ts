/**
 * `npm test`: every check the project has, in the order a failure is cheapest to find.
 * The whole run keeps its state in a fresh WORKSHOP_STATE_DIR (scripts/stack/paths.ts), so the
 * native stack it brings up, the lab checks and the site see their own workspace, progress,
 * drop-ins, data and logs, never the learner's. The stack's ports are fixed, so it refuses to
 * start while anything answers on them: it would restart the learner's services.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run, step } from './lib/run.ts';
import {
  describeOwner,
  formatDuration,
  portState,
  portsFor,
  probeService,
  STATE_DIR_VARIABLE,
} from './stack/index.ts';
import { isNative, serviceNames, services } from '../stack/services.ts';
import { sitePort } from '../site/lib/guard/site-address.ts';

interface Step {
  readonly name: string;
  readonly command: readonly [string, ...string[]];
  /** Steps that talk to the running stack are not run when it failed to come up. */
  readonly needsStack?: boolean;
}

const npm = (...args: string[]): readonly [string, ...string[]] => ['npm', 'run', '--silent', ...args];

const before: readonly Step[] = [
  { name: 'lint (eslint + prettier)', command: npm('lint') },
  { name: 'type check (astro check)', command: npm('check') },
  { name: 'unit tests (vitest)', command: npm('test:unit') },
  { name: 'sample app tests (go test)', command: npm('test:app') },
  { name: 'stack binaries (native build, cached)', command: npm('stack', '--', 'build') },
];
// Native, so its data lives in the run's state folder (Docker mode would use the learner's
// compose volumes). The profiles' services run in Docker mode only; their lessons' panels are
// tested for the notice that says so.
const stackUp: Step = {
  name: 'stack up (native)',
  command: npm('stack', '--', 'up', '--mode', 'native'),
};
const withStack: readonly Step[] = [
  { name: 'stack tests (vitest, real processes)', command: npm('test:stack'), needsStack: true },
  {
    name: 'labs dev-check (each checker on start/, solution/, alternatives, mistakes, sequences)',
    command: npm('test:labs'),
    needsStack: true,
  },
  { name: 'browser tests (playwright, built site)', command: npm('test:e2e'), needsStack: true },
  // What a learner runs the day before, end to end, on the stack and site the steps above left.
  {
    name: 'learner pre-flight (scripts/workshop preflight)',
    command: npm('preflight', '--', '--mode', 'native'),
    needsStack: true,
  },
];
const stackDown: Step = { name: 'stack down', command: npm('stack', '--', 'down') };
// After the native stack is down, since both modes bind the same fixed ports. It prepares its
// own daemon, Compose and images (scripts/test-docker.ts), so it needs nothing from the steps above
// but the native binaries its stand-in images are made of.
const docker: Step = {
  name: 'docker suite (compose.yaml and the CLI in Docker mode)',
  command: npm('test:docker'),
};

/** Each port the tests' stack and site need that something holds or answers on, described. */
async function takenPorts(): Promise<string[]> {
  const native = serviceNames.filter(isNative);
  const needs = [...portsFor(native), { service: 'site', name: 'HTTP', port: sitePort }];
  const taken: string[] = [];
  for (const need of needs) {
    const state = await portState(need.port);
    if (state.busy)
      taken.push(
        `${need.service} ${need.name} 127.0.0.1:${need.port}, held by ${describeOwner(state.owner)}`,
      );
  }
  // portState reads /proc (Linux): elsewhere a service that answers its ready path tells instead.
  for (const name of native)
    if (!taken.some((t) => t.startsWith(`${name} HTTP `)) && (await probeService(name)).ok)
      taken.push(`${name} HTTP 127.0.0.1:${services[name].port}, answering`);
  return taken;
}

interface Outcome {
  readonly name: string;
  readonly status: 'passed' | 'failed' | 'not run';
  readonly ms: number;
  readonly why?: string;
}

async function runStep(s: Step, outcomes: Outcome[]): Promise<boolean> {
  step(`${s.name}: ${s.command.join(' ')}`);
  const [command, ...args] = s.command;
  const { code, ms } = await run(command, args);
  const passed = code === 0;
  outcomes.push({ name: s.name, status: passed ? 'passed' : 'failed', ms });
  step(`${s.name}: ${passed ? 'passed' : `FAILED (exit ${code})`} in ${formatDuration(ms)}`);
  return passed;
}

async function main(): Promise<number> {
  const taken = await takenPorts();
  if (taken.length > 0) {
    console.error(
      [
        'npm test starts its own stack and site on the workshop’s fixed ports, and these are in use:',
        ...taken.map((t) => `  ${t}`),
        'The tests would restart those services. If it is your workshop stack, stop it with `npm run stack -- down`, then re-run (stop `npm start` first if the site runs).',
      ].join('\n'),
    );
    return 1;
  }
  const stateDir = mkdtempSync(join(tmpdir(), 'workshop-test-'));
  // Every child (vitest, the stack CLI, dev-check, playwright and the site it starts) inherits it.
  process.env[STATE_DIR_VARIABLE] = stateDir;
  step(`this run's stack state, lab workspace and logs: ${stateDir} (${STATE_DIR_VARIABLE})`);

  const outcomes: Outcome[] = [];
  const started = Date.now();

  for (const s of before) await runStep(s, outcomes);

  const up = await runStep(stackUp, outcomes);
  try {
    for (const s of withStack) {
      if (s.needsStack && !up) {
        outcomes.push({
          name: s.name,
          status: 'not run',
          ms: 0,
          why: 'the stack did not come up (see above)',
        });
        continue;
      }
      await runStep(s, outcomes);
    }
  } finally {
    await runStep(stackDown, outcomes);
  }
  await runStep(docker, outcomes);

  console.log('\nSummary');
  for (const o of outcomes) {
    const mark = o.status === 'passed' ? '✓' : o.status === 'failed' ? '✗' : '-';
    console.log(
      `  ${mark} ${o.name.padEnd(68)} ${o.status.padEnd(8)} ${formatDuration(o.ms)}${o.why ? `  ${o.why}` : ''}`,
    );
  }
  const passed = outcomes.filter((o) => o.status === 'passed').length;
  const failed = outcomes.length - passed;
  console.log(`\ntotal time ${formatDuration(Date.now() - started)}`);
  // The plain closing line CI reads: steps, not individual tests (each runner printed its own).
  console.log(`workshop: ${passed} passed, ${failed} failed`);
  // Kept after a failure: the logs of the stack and of the lab processes are in it.
  if (failed === 0) rmSync(stateDir, { recursive: true, force: true });
  else console.log(`this run's state and logs are kept in ${stateDir}`);
  return failed === 0 ? 0 : 1;
}

process.exitCode = await main();
