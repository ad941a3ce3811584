/**
 * The pre-flight's areas, each judged into one outcome: the machine's size, the ports, the
 * stack (started, data through to Mimir), the Go labs' modules and first compile, the site's
 * build. Each says what to do when it is red.
 */
import { statfsSync } from 'node:fs';
import { arch, availableParallelism, platform, totalmem } from 'node:os';
import { mimir, query, stackPrometheus } from '../../labs/kit/promql.ts';
import { manifest } from '../../labs/manifest.ts';
import { sitePort } from '../../site/lib/guard/site-address.ts';
import { coreServices, tenants } from '../../stack/services.ts';
import { run as runInherited } from '../lib/run.ts';
import { siteIsStale } from '../lib/site-build.ts';
import { sleep } from '../lib/sleep.ts';
import {
  consoleReporter,
  describeOwner,
  formatDuration,
  portState,
  portsFor,
  probeService,
  run,
  stackDown,
  stackPaths,
  stackUp,
} from '../stack/index.ts';
import { goLabs, prepareLabPrograms } from './lab-programs.ts';
import type { Outcome } from './summary.ts';

/** Below these the stack, a lab and the browser do not fit (the stack alone takes ~0.5 GiB). */
const MIN_MEMORY = 4 * 1024 ** 3;
const LOW_MEMORY = 8 * 1024 ** 3;
const MIN_FREE_DISK = 5 * 1024 ** 3;
/** How long the app's `up` may take to reach Mimir after a start: a scrape plus a remote_write batch. */
const DATA_TIMEOUT_MS = 90_000;

export function machineOutcome(): Outcome {
  const memory = totalmem();
  const disk = statfsSync(stackPaths().root);
  const free = disk.bavail * disk.bsize;
  const facts = `${platform()}-${arch()}, ${String(availableParallelism())} cores, ${(memory / 1024 ** 3).toFixed(1)} GiB memory, ${(free / 1024 ** 3).toFixed(0)} GiB free disk`;
  if (memory < MIN_MEMORY)
    return {
      area: 'machine',
      status: 'fail',
      detail: `${facts}: the workshop needs 4 GiB of memory or more`,
    };
  if (free < MIN_FREE_DISK)
    return {
      area: 'machine',
      status: 'fail',
      detail: `${facts}: free 5 GiB of disk at ${stackPaths().root}`,
    };
  if (memory < LOW_MEMORY)
    return {
      area: 'machine',
      status: 'warn',
      detail: `${facts}: close other programs on the day (8 GiB is comfortable)`,
    };
  return { area: 'machine', status: 'ok', detail: facts };
}

/** Every port the workshop listens on: free, or held by this stack's own service. */
export async function portsOutcome(): Promise<Outcome> {
  const needs = [
    ...portsFor(coreServices),
    ...manifest.flatMap((lab) =>
      Object.entries(lab.ports ?? {}).map(([name, port]) => ({ service: `lab ${lab.id}`, name, port })),
    ),
    { service: 'site', name: 'HTTP', port: sitePort },
  ];
  // A service of this stack that answers holds all its ports (in Docker mode through docker-proxy).
  const ours = new Set<number>();
  for (const service of coreServices)
    if ((await probeService(service)).ok) for (const need of portsFor([service])) ours.add(need.port);
  const taken: string[] = [];
  for (const need of needs) {
    const state = await portState(need.port);
    if (state.busy && !ours.has(need.port))
      taken.push(
        `${String(need.port)} (${need.service} ${need.name}) is taken by ${describeOwner(state.owner)}`,
      );
  }
  return taken.length === 0
    ? { area: 'ports', status: 'ok', detail: `${String(needs.length)} ports free or this stack's` }
    : { area: 'ports', status: 'fail', detail: `${taken.join('; ')}: stop it, or ask your instructor` };
}

/** Polls until `expr` has a series in Prometheus and in Mimir's prometheus tenant. */
async function dataArrives(): Promise<string | undefined> {
  const start = performance.now();
  let missing = 'Prometheus';
  while (performance.now() - start < DATA_TIMEOUT_MS) {
    try {
      const local = await query(stackPrometheus, 'up{job="app"} == 1');
      const stored = local.length > 0 ? await query(mimir(tenants.prometheus), 'up{job="app"}') : [];
      if (stored.length > 0) return undefined;
      missing = local.length > 0 ? `Mimir (tenant ${tenants.prometheus})` : 'Prometheus';
    } catch (error) {
      missing = (error as Error).message;
    }
    await sleep(2_000);
  }
  return `no up{job="app"} in ${missing} after ${formatDuration(DATA_TIMEOUT_MS)}`;
}

export async function stackOutcome(
  mode: 'auto' | 'docker' | 'native',
  keepRunning: boolean,
): Promise<{ outcome: Outcome; mode?: string }> {
  const runningBefore = (await Promise.all(coreServices.map((s) => probeService(s)))).every((p) => p.ok);
  const start = performance.now();
  try {
    const up = await stackUp({ mode, reporter: consoleReporter });
    const problem = await dataArrives();
    const took = formatDuration(performance.now() - start);
    const built = up.built.length > 0 ? `, built ${up.built.join(', ')}` : '';
    const outcome: Outcome = problem
      ? {
          area: 'stack',
          status: 'fail',
          detail: `${up.mode} mode: ${problem} (npm run stack -- logs prometheus)`,
        }
      : {
          area: 'stack',
          status: 'ok',
          detail: `${up.mode} mode: up, data in Prometheus and Mimir, in ${took}${built}`,
        };
    if (!runningBefore && !keepRunning) await stackDown({ reporter: consoleReporter });
    return { outcome, mode: up.mode };
  } catch (error) {
    return {
      outcome: {
        area: 'stack',
        status: 'fail',
        detail: `${(error as Error).message} (npm run stack -- doctor shows what is in the way)`,
      },
    };
  }
}

export async function labsOutcome(go: string | undefined): Promise<Outcome> {
  const labs = goLabs();
  if (!go)
    return {
      area: 'labs',
      status: 'fail',
      detail: `labs ${labs.join(', ')} build your Go program on this machine in either mode: install Go 1.26 (https://go.dev/dl/)`,
    };
  const results = await prepareLabPrograms();
  const failed = results.filter((r) => !r.ok);
  return failed.length === 0
    ? { area: 'labs', status: 'ok', detail: `Go modules of ${labs.join(', ')} downloaded, solutions compile` }
    : {
        area: 'labs',
        status: 'fail',
        detail: failed.map((r) => `${r.lab}: ${r.error ?? 'go build failed'}`).join('; '),
      };
}

export async function siteOutcome(): Promise<Outcome> {
  if (!(await siteIsStale())) return { area: 'site', status: 'ok', detail: 'built, up to date' };
  const build = await runInherited('npm', ['run', '--silent', 'build']);
  return build.code === 0
    ? { area: 'site', status: 'ok', detail: `built in ${formatDuration(build.ms)}` }
    : { area: 'site', status: 'fail', detail: 'npm run build failed: its output is above' };
}

export async function goVersionOf(): Promise<string | undefined> {
  const result = await run('go', ['env', 'GOVERSION']);
  return result.code === 0 ? result.stdout.trim() : undefined;
}
