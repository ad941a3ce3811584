/**
 * `scripts/workshop preflight` (`npm run preflight`): what a learner runs the day before a
 * workshop. It does everything that would otherwise happen on the day (Docker pulls or the
 * native build, the labs' Go modules and first compile, the site's build), proves the stack
 * starts and its data reaches Mimir, and ends in a green/red table and one line to paste to the
 * instructor. A stack that was not running before is stopped again; one that was is left alone.
 * Exit codes: 0 ready, 1 something to fix, 2 usage.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { arch, availableParallelism, platform, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { step } from '../lib/run.ts';
import { stackPaths } from '../stack/index.ts';
import {
  goVersionOf,
  labsOutcome,
  machineOutcome,
  portsOutcome,
  siteOutcome,
  stackOutcome,
} from './checks.ts';
import type { MachineFacts, Outcome } from './summary.ts';
import { formatSummary, passed, reportLine } from './summary.ts';

const USAGE = `Usage: scripts/workshop preflight [--mode auto|docker|native] [--keep-running]

Prepares this machine for the workshop and says whether it is ready:
  machine   memory, cores, disk
  ports     the stack's, the labs' and the site's ports are free (or this stack's)
  stack     Docker images pulled or native binaries built; the stack starts, data reaches Mimir
  labs      the Go labs' modules downloaded and their first compile done
  site      the workshop site built
Ends with a line to paste to your instructor.`;

async function main(argv: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      mode: { type: 'string', default: 'auto' },
      'keep-running': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const mode = values.mode;
  if (mode !== 'auto' && mode !== 'docker' && mode !== 'native') {
    console.error(`--mode must be auto, docker or native (got "${mode}")\n\n${USAGE}`);
    return 2;
  }
  const outcomes: Outcome[] = [];
  step('preflight: machine');
  outcomes.push(machineOutcome());
  step('preflight: ports');
  outcomes.push(await portsOutcome());
  step('preflight: stack (pulls or builds what the day needs; a cold native build takes 25–35 minutes)');
  const stack = await stackOutcome(mode, values['keep-running']);
  outcomes.push(stack.outcome);
  const go = await goVersionOf();
  step('preflight: labs');
  outcomes.push(await labsOutcome(go));
  step('preflight: site');
  outcomes.push(await siteOutcome());

  const machine: MachineFacts = {
    platform: `${platform()}-${arch()}`,
    cores: availableParallelism(),
    memoryBytes: totalmem(),
    node: process.version,
    ...(go ? { go } : {}),
    ...(stack.mode ? { mode: stack.mode } : {}),
  };
  const line = reportLine(outcomes, machine, new Date());
  const paths = stackPaths();
  mkdirSync(paths.state, { recursive: true });
  const file = join(paths.state, 'preflight-report.txt');
  writeFileSync(file, `${formatSummary(outcomes)}\n${line}\n`);
  step(
    passed(outcomes)
      ? 'preflight: ready for the workshop'
      : 'preflight: fix the red lines, then run it again',
  );
  console.log(formatSummary(outcomes));
  console.log(`\nPaste this to your instructor (also in ${file}):\n${line}`);
  return passed(outcomes) ? 0 : 1;
}

process.exitCode = await main(process.argv.slice(2));
