/**
 * `npm test`: every check the project has, in the order a failure is cheapest to find.
 * The stack is brought up once for all suites that need it and stopped again at the end
 * unless it was already running before the tests started.
 */
import { run, step } from './lib/run.ts';
import { formatDuration } from './stack/output.ts';
import { probeService } from './stack/health.ts';
import { coreServices, profileNames, services } from '../stack/services.ts';

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
// Every profile too: the Loki and k6 lessons show live data from them.
const stackUp: Step = {
  name: 'stack up (with every profile)',
  command: npm('stack', '--', 'up', ...profileNames.flatMap((p) => ['--profile', p])),
};
const withStack: readonly Step[] = [
  { name: 'stack tests (vitest, real processes)', command: npm('test:stack'), needsStack: true },
  {
    name: 'labs dev-check (each checker fails on start/, passes on solution/)',
    command: npm('test:labs'),
    needsStack: true,
  },
  { name: 'browser tests (playwright, built site)', command: npm('test:e2e'), needsStack: true },
];
const stackDown: Step = { name: 'stack down', command: npm('stack', '--', 'down') };

/** True when every core service that runs natively answers its ready endpoint already. */
async function stackAlreadyUp(): Promise<boolean> {
  const probes = coreServices.filter((name) => services[name].native).map((name) => probeService(name));
  return (await Promise.all(probes)).every((p) => p.ok);
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
  const outcomes: Outcome[] = [];
  const started = Date.now();

  for (const s of before) await runStep(s, outcomes);

  const wasUp = await stackAlreadyUp();
  if (wasUp) step('the stack is already running: the tests use it and leave it running');
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
    if (!wasUp) await runStep(stackDown, outcomes);
  }

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
  return failed === 0 ? 0 : 1;
}

process.exitCode = await main();
