/**
 * `npm run stack -- doctor`: what this machine offers the stack. Busy ports and their owners,
 * Docker, Compose and buildx (and any test stand-in images), Go, disk, memory, and which native
 * binaries are built.
 */
import { readFileSync, statfsSync } from 'node:fs';
import { freemem, totalmem } from 'node:os';
import { serviceNames } from '../../stack/services.ts';
import { imageLabels, serviceImages } from './docker.ts';
import { dockerInfo } from './docker-info.ts';
import { ALLOW_STAND_INS_VARIABLE, standInRefusal, standIns } from './docker-plan.ts';
import { currentBuilds, goVersion } from './native/build.ts';
import { recipes } from './native/components.ts';
import { nativeServices, type NativeService } from './native/commands.ts';
import { runningRecord } from './native/processes.ts';
import type { Reporter } from './output.ts';
import { formatDuration } from './output.ts';
import type { StackPaths } from './paths.ts';
import { describeOwner, portState, portsFor } from './ports.ts';
import { formatBytes } from './status.ts';
import { loadVersions, parseEnvFile } from './versions.ts';

/** Docker Engine releases before this one route LAN traffic to 127.0.0.1-published ports. */
const firstEngineGuardingLoopback = 28;

/** Minimums below which a native build is likely to fail or crawl. */
const MIN_FREE_DISK = 10 * 1024 ** 3;
const MIN_MEMORY = 4 * 1024 ** 3;

/** Prints the report; returns how many blocking problems it found. */
export async function doctor(paths: StackPaths, reporter: Reporter): Promise<number> {
  let problems = 0;
  const versions = loadVersions(paths.versionsFile);

  reporter.step('ports');
  const ours = new Set(
    nativeServices.flatMap((s: NativeService) =>
      runningRecord(paths, s) ? [runningRecord(paths, s)?.pid] : [],
    ),
  );
  for (const need of portsFor(serviceNames)) {
    const state = await portState(need.port);
    if (!state.busy) reporter.ok(`${need.port} free (${need.service} ${need.name})`);
    else if (state.owner && ours.has(state.owner.pid))
      reporter.ok(`${need.port} used by this stack's ${need.service}`);
    else
      reporter.note(`${need.port} (${need.service} ${need.name}) is taken by ${describeOwner(state.owner)}`);
  }

  reporter.step('Docker');
  const docker = await dockerInfo();
  if (docker.client) reporter.ok(`client: ${docker.client}`);
  if (docker.compose) reporter.ok(`compose: ${docker.compose}`);
  if (docker.buildx) reporter.ok(`buildx: ${docker.buildx}`);
  if (docker.problem)
    reporter.note(`Docker mode not available: ${docker.problem} (native mode works without it)`);
  else reporter.ok('daemon answers, Compose v2 and buildx found: Docker mode available');
  if (docker.daemon) {
    const env = parseEnvFile(readFileSync(paths.versionsFile, 'utf8'));
    const found = standIns(await imageLabels(Object.values(serviceImages(paths, env, serviceNames)).flat()));
    const refusal = standInRefusal(found, process.env);
    if (refusal) reporter.note(`Docker mode will refuse to start: ${refusal}`);
    else if (found.length > 0)
      reporter.note(
        `test stand-in images present (${ALLOW_STAND_INS_VARIABLE}=1 allows them): ${found.join(', ')}`,
      );
  }
  const engineMajor = Number(docker.engine?.split('.')[0]);
  if (Number.isInteger(engineMajor) && engineMajor < firstEngineGuardingLoopback)
    reporter.note(
      `Docker Engine ${docker.engine ?? ''} lets hosts on your local network reach ports published on 127.0.0.1 (moby/moby#45610, fixed in ${firstEngineGuardingLoopback}.0): upgrade Docker before a workshop on shared Wi-Fi`,
    );

  reporter.step('Go (native mode)');
  const go = await goVersion();
  if (go) reporter.ok(go);
  else {
    reporter.fail('go not found: native mode needs Go 1.26 or newer');
    if (docker.problem) problems++;
  }

  reporter.step('resources');
  const disk = statfsSync(paths.root);
  const free = disk.bavail * disk.bsize;
  (free < MIN_FREE_DISK ? reporter.note : reporter.ok)(`disk free at ${paths.root}: ${formatBytes(free)}`);
  (totalmem() < MIN_MEMORY ? reporter.note : reporter.ok)(
    `memory: ${formatBytes(totalmem())} total, ${formatBytes(freemem())} free`,
  );

  reporter.step('native binaries');
  if (go) {
    const builds = currentBuilds(paths, versions, go);
    const all = recipes(versions);
    for (const [name, stamp] of Object.entries(builds)) {
      const wants = name === 'app' ? 'stack/app sources' : all[name as keyof typeof all].version;
      if (stamp)
        reporter.ok(`${name} ${stamp.version}: built ${stamp.builtAt} in ${formatDuration(stamp.totalMs)}`);
      else reporter.note(`${name}: not built for ${wants} (the next \`up\` or \`build\` compiles it)`);
    }
  }
  return problems;
}
