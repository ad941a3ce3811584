/**
 * `npm run test:docker`: the Docker suites (tests/docker) on a machine that may have no daemon,
 * no Compose and no registry. It installs what is missing (scripts/docker-harness), starts
 * dockerd when none answers and stops it afterwards, builds the stand-in images CI needs
 * from stack/images.ts, then runs vitest's docker project. The native stack must be down:
 * both modes bind the same fixed ports.
 */
import {
  ALLOW_STAND_INS_VARIABLE,
  consoleReporter,
  ensureBuilt,
  formatDuration,
  loadVersions,
  stackPaths,
} from './stack/index.ts';
import { run, step } from './lib/run.ts';
import { ensureDaemon } from './docker-harness/daemon.ts';
import { ensurePackages } from './docker-harness/packages.ts';
import { ensurePlugins } from './docker-harness/plugins.ts';
import { ensureStandIns } from './docker-harness/stand-ins.ts';

const log = (line: string): void => {
  step(`docker harness: ${line}`);
};

async function timed<T>(what: string, work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  log(`${what} …`);
  const result = await work();
  log(`${what}: done in ${formatDuration(Date.now() - started)}`);
  return result;
}

async function main(): Promise<number> {
  const paths = stackPaths();
  const versions = loadVersions(paths.versionsFile);
  await timed('Debian packages (docker.io, busybox-static, mmdebstrap)', () => ensurePackages(log));
  // The stand-ins are made of the native binaries; a run of `npm test` has built them already.
  await timed('native binaries the stand-ins carry', () =>
    ensureBuilt(paths, versions, ['prometheus', 'alloy', 'mimir'], { reporter: consoleReporter }),
  );
  const daemon = await timed('Docker daemon', () => ensureDaemon(paths, log));
  try {
    const dockerEnv = await timed('Compose v2 and buildx', () => ensurePlugins(paths, versions, log));
    Object.assign(process.env, dockerEnv);
    const outcomes = await timed('stand-in images (stack/images.ts)', () =>
      ensureStandIns(paths, versions, log),
    );
    for (const o of outcomes) log(`  ${o.ref}: ${o.status}`);
    const tests = await run('npx', ['vitest', 'run', '--project', 'docker'], {
      ...dockerEnv,
      [ALLOW_STAND_INS_VARIABLE]: '1',
      // Ryuk, testcontainers' reaper, is an image that cannot be pulled here; the suites
      // take their environments down themselves.
      TESTCONTAINERS_RYUK_DISABLED: 'true',
      // compose.yaml publishes every port on loopback only. Inside a container (/.dockerenv),
      // testcontainers would otherwise wait on the bridge gateway's address, which has none.
      TESTCONTAINERS_HOST_OVERRIDE: '127.0.0.1',
    });
    log(
      `docker suites: ${tests.code === 0 ? 'passed' : `FAILED (exit ${tests.code})`} in ${formatDuration(tests.ms)}`,
    );
    return tests.code;
  } finally {
    await daemon.stop();
  }
}

try {
  process.exitCode = await main();
} catch (error) {
  console.error(`test:docker: ${(error as Error).message}`);
  process.exitCode = 1;
}
