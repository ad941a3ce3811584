/**
 * The stack's programmatic interface: bring it up (Docker or native), down, restart one
 * service, reload configs, report status. The CLI (cli.ts), scripts/start.ts,
 * scripts/test-all.ts and the test helpers all go through these functions.
 */
import type { ProfileName, ServiceName } from '../../stack/services.ts';
import {
  coreServices,
  dockerOnly,
  isNative,
  profileServices,
  serviceNames,
  services,
  stopGraceMs,
} from '../../stack/services.ts';
import {
  compose,
  composeBuild,
  composeDown,
  composePull,
  composeRemove,
  composeRss,
  composeUp,
  imageLabels,
  learnerIds,
  missingImages,
  projectContainers,
  serviceImages,
} from './docker.ts';
import { dockerInfo } from './docker-info.ts';
import {
  cleanupAfterFailedUp,
  composeDownNeeded,
  composeEnv,
  nativeFallbackNotice,
  standInRefusal,
  standIns,
} from './docker-plan.ts';
import { probe, probeService, readyUrl, serviceUrl, waitReady } from './health.ts';
import type { BuildTarget } from './native/build.ts';
import { ensureBuilt, webUiBuildFailure } from './native/build.ts';
import type { NativeService } from './native/commands.ts';
import { launchSpec, nativeServices, nativeStartOrder } from './native/commands.ts';
import {
  logTail,
  otherRecordedProcesses,
  rssBytes,
  runningRecord,
  startProcess,
  stopProcess,
  stopRecorded,
} from './native/processes.ts';
import { renderConfigs } from './native/render.ts';
import { hasWebUi } from './native/web-ui.ts';
import { quarantineForDocker } from './prometheus-drop-ins.ts';
import { reloadPrometheus } from './prometheus-reload.ts';
import type { WebUiState } from './web-ui-probe.ts';
import { probeWebUi } from './web-ui-probe.ts';
import type { Reporter } from './output.ts';
import { StackError, consoleReporter, formatDuration } from './output.ts';
import type { StackPaths } from './paths.ts';
import { logFile, stackPaths } from './paths.ts';
import { describeOwner, portState, portsFor } from './ports.ts';
import type { Mode } from './state.ts';
import { clearState, readState, writeState } from './state.ts';
import { displayVersion, loadVersions, parseEnvFile } from './versions.ts';
import { mkdirSync, readFileSync } from 'node:fs';

export type ModeChoice = Mode | 'auto';

/** Lab processes are small single-purpose servers (a lab Prometheus, a learner's program). */
const labStopGraceMs = 10_000;

/** What native mode says of a service it does not run, with the command that runs it. */
export function dockerOnlyNote(service: ServiceName): string | undefined {
  const only = dockerOnly(service);
  if (!only) return undefined;
  return `${service}: Docker mode only (${only.why}). With Docker: \`npm run stack -- down\`, then \`${only.command}\`. The rest of the stack works without it.`;
}

export interface UpOptions {
  readonly mode?: ModeChoice;
  /** Services to start (with their dependencies); the core services by default. */
  readonly services?: readonly ServiceName[];
  /** Optional profiles to start as well as `services` (or the core services). */
  readonly profiles?: readonly ProfileName[];
  readonly reporter?: Reporter;
  readonly paths?: StackPaths;
}

export interface UpResult {
  readonly mode: Mode;
  /** Start-to-ready time of each service this call started, in ms. */
  readonly readyMs: Partial<Record<ServiceName, number>>;
  /** Services that were already running and left alone. */
  readonly alreadyRunning: readonly ServiceName[];
  /** Targets compiled by this call (empty on a warm start). */
  readonly built: readonly BuildTarget[];
}

export function withDependencies(selected: readonly ServiceName[]): ServiceName[] {
  const out = new Set<ServiceName>();
  const add = (s: ServiceName): void => {
    for (const d of services[s].dependencies) add(d);
    out.add(s);
  };
  for (const s of selected) add(s);
  return serviceNames.filter((s) => out.has(s));
}

/**
 * Chooses Docker when a daemon runs and the selected services' images are here or pullable;
 * native otherwise, saying so loudly.
 */
export async function chooseMode(
  choice: ModeChoice,
  paths: StackPaths,
  selected: readonly ServiceName[],
  reporter: Reporter,
): Promise<Mode> {
  if (choice !== 'auto') return choice;
  const docker = await dockerInfo();
  if (docker.problem) {
    reporter.note(nativeFallbackNotice(docker.problem));
    return 'native';
  }
  const pulled = await pullMissing(paths, selected, reporter);
  if (pulled) {
    reporter.note(nativeFallbackNotice(pulled));
    return 'native';
  }
  return 'docker';
}

/** Pulls the images of the selected services that are not here; returns why it failed, if it did. */
async function pullMissing(
  paths: StackPaths,
  selected: readonly ServiceName[],
  reporter: Reporter,
): Promise<string | undefined> {
  const env = parseEnvFile(readFileSync(paths.versionsFile, 'utf8'));
  const images = serviceImages(paths, env, selected);
  // Built services (no versions.env pin) are left out: their build pulls its base images.
  const pulled = selected.filter((s) => services[s].versionVariable !== undefined);
  const missing = await missingImages(pulled.flatMap((s) => images[s] ?? []));
  const toPull = pulled.filter((s) => images[s]?.some((i) => missing.includes(i)));
  if (toPull.length === 0) return undefined;
  const stream = reporter.progress !== undefined;
  reporter.step(
    `docker compose pull (${missing.join(', ')}): a first pull is several hundred MB${stream ? '' : '; no progress is shown here'}`,
  );
  const start = performance.now();
  const pull = await composePull(paths, toPull, stream);
  if (pull.code === 0) {
    reporter.ok(`images pulled in ${formatDuration(performance.now() - start)}`);
    return undefined;
  }
  return `docker compose pull failed for ${missing.join(', ')}${pull.stderr ? `:\n${pull.stderr.trim()}` : ' (its output is above)'}`;
}

export async function stackUp(options: UpOptions = {}): Promise<UpResult> {
  const paths = options.paths ?? stackPaths();
  const reporter = options.reporter ?? consoleReporter;
  const current = readState(paths);
  const requested = options.mode ?? 'auto';
  const named = options.services?.length ? options.services : coreServices;
  const selected = withDependencies([...named, ...(options.profiles ?? []).flatMap(profileServices)]);
  const mode =
    requested === 'auto' && current ? current.mode : await chooseMode(requested, paths, selected, reporter);
  if (current && current.mode !== mode && (await anyRunning(paths, current.mode))) {
    throw new StackError(`the stack is running in ${current.mode} mode; run \`npm run stack -- down\` first`);
  }
  return mode === 'docker' ? dockerUp(paths, selected, reporter) : nativeUp(paths, selected, reporter);
}

async function anyRunning(paths: StackPaths, mode: Mode): Promise<boolean> {
  if (mode === 'native') return nativeServices.some((s) => runningRecord(paths, s));
  const results = await Promise.all(serviceNames.map((s) => probeService(s)));
  return results.some((r) => r.ok);
}

async function nativeUp(
  paths: StackPaths,
  selected: readonly ServiceName[],
  reporter: Reporter,
): Promise<UpResult> {
  const versions = loadVersions(paths.versionsFile);
  for (const service of selected) {
    const note = dockerOnlyNote(service);
    if (note) reporter.note(note);
  }
  const wanted = nativeServices.filter((s) => selected.includes(s));
  const alreadyRunning = wanted.filter((s) => runningRecord(paths, s));
  const toStart = wanted.filter((s) => !alreadyRunning.includes(s));

  // Every port must be free before anything starts.
  const clashes = await portClashes(toStart);
  if (clashes.length > 0) {
    reporter.fail(`cannot start: ${clashes.length} port(s) in use`, clashes.join('\n'));
    throw new StackError(
      `ports in use: stop what holds them (or \`npm run stack -- down\` if it is an old stack), then retry`,
    );
  }

  const builds = await ensureBuilt(paths, versions, toStart, { reporter });
  renderConfigs(paths, reporter.fail);
  for (const s of alreadyRunning) reporter.ok(`${s}: already running (${serviceUrl(s)})`);

  const readyMs: Partial<Record<ServiceName, number>> = {};
  const startedNow: NativeService[] = [];
  for (const wave of nativeStartOrder) {
    const batch = wave.filter((s) => toStart.includes(s));
    const results = await Promise.all(
      batch.map(async (service) => {
        const spec = launchSpec(service, paths, versions);
        const started = startProcess(paths, spec);
        startedNow.push(service);
        const wait = await waitReady(service, {
          timeoutMs: services[service].readyTimeoutMs,
          abort: started.exited,
        });
        return { service, started, wait };
      }),
    );
    const failed = results.filter((r) => !r.wait.ready);
    for (const r of results) if (r.wait.ready) readyMs[r.service] = r.wait.ms;
    for (const r of results.filter((x) => x.wait.ready))
      reporter.ok(`${r.service} ready in ${formatDuration(r.wait.ms)} · ${serviceUrl(r.service)}`);
    if (failed.length > 0) {
      for (const r of failed) {
        const reason = r.wait.ready ? '' : r.wait.reason;
        reporter.fail(
          `${r.service} ${reason}; last lines of ${logFile(paths, r.service)}:`,
          logTail(paths, r.service, 25, r.started.logOffset),
        );
      }
      for (const s of [...startedNow].reverse()) await stopProcess(paths, s, stopGraceMs(s));
      throw new StackError(
        `native stack did not come up (${failed.map((f) => f.service).join(', ')}); stopped what this run started. Logs: ${paths.logs}`,
      );
    }
  }
  writeState(paths, 'native');
  return { mode: 'native', readyMs, alreadyRunning, built: builds.filter((b) => b.built).map((b) => b.name) };
}

/** Each port of these services that something holds, with its owner. */
async function portClashes(selected: readonly ServiceName[]): Promise<string[]> {
  const clashes: string[] = [];
  for (const need of portsFor(selected)) {
    const state = await portState(need.port);
    if (state.busy)
      clashes.push(
        `port ${need.port} (${need.service} ${need.name}) is taken by ${describeOwner(state.owner)}`,
      );
  }
  return clashes;
}

async function dockerUp(
  paths: StackPaths,
  selected: readonly ServiceName[],
  reporter: Reporter,
): Promise<UpResult> {
  const docker = await dockerInfo();
  if (docker.problem) throw new StackError(`Docker mode: ${docker.problem}. Or use --mode native.`);
  const env = parseEnvFile(readFileSync(paths.versionsFile, 'utf8'));
  const refusal = standInRefusal(
    standIns(await imageLabels(Object.values(serviceImages(paths, env, selected)).flat())),
    process.env,
  );
  if (refusal) throw new StackError(refusal);
  const pullFailure = await pullMissing(paths, selected, reporter);
  if (pullFailure) throw new StackError(pullFailure);

  const runningBefore = (await projectContainers(paths, 'running')) ?? [];
  // Made here, or the daemon would create the mounted folder as root.
  mkdirSync(paths.dropIns, { recursive: true });
  const runEnv = {
    ...composeEnv(selected, runningBefore, learnerIds()),
    WORKSHOP_DROP_INS_DIR: paths.dropIns,
  };
  const stream = reporter.progress !== undefined;
  const built = selected.filter((s) => services[s].versionVariable === undefined);
  if (built.length > 0) {
    reporter.step(`docker compose build (${built.join(', ')})`);
    const build = await composeBuild(paths, built, runEnv, stream);
    if (build.code !== 0) {
      reporter.fail('docker compose build failed', build.stderr || build.stdout || undefined);
      throw new StackError('docker compose build failed; its output is above');
    }
  }

  if (selected.includes('prometheus')) quarantineForDocker(paths, reporter);
  reporter.step(`docker compose up (${selected.join(', ')})`);
  const start = performance.now();
  const failed = async (message: string): Promise<never> => {
    await cleanUpFailedUp(paths, runningBefore, selected, reporter);
    throw new StackError(message);
  };
  const up = await composeUp(paths, selected, runEnv);
  if (up.code !== 0) {
    reporter.fail('docker compose up failed', up.stderr || up.stdout);
    await cleanUpFailedUp(paths, runningBefore, selected, reporter);
    // After the clean-up, so the ports this run's own containers held are free again.
    const clashes = await portClashes(selected.filter((s) => !runningBefore.includes(s)));
    if (clashes.length > 0) reporter.fail(`${clashes.length} port(s) in use`, clashes.join('\n'));
    throw new StackError('docker compose up failed; stopped what this run started');
  }
  const readyMs: Partial<Record<ServiceName, number>> = {};
  for (const service of selected) {
    const wait = await waitReady(service, { timeoutMs: services[service].readyTimeoutMs });
    if (!wait.ready) {
      const logs = await compose(paths, ['logs', '--tail', '25', service], 30_000);
      reporter.fail(`${service}: ${wait.reason}`, logs.stdout);
      return failed(`${service} did not become ready in Docker mode; stopped what this run started`);
    }
    readyMs[service] = performance.now() - start;
    reporter.ok(`${service} ready · ${serviceUrl(service)}`);
  }
  writeState(paths, 'docker');
  return { mode: 'docker', readyMs, alreadyRunning: [], built: [] };
}

/** Tears down what a failed Docker `up` started, so its ports do not block the next try. */
async function cleanUpFailedUp(
  paths: StackPaths,
  runningBefore: readonly string[],
  selected: readonly ServiceName[],
  reporter: Reporter,
): Promise<void> {
  const plan = cleanupAfterFailedUp(runningBefore, selected);
  const result = plan.kind === 'down' ? await composeDown(paths) : await composeRemove(paths, plan.services);
  if (result.code === 0)
    reporter.note(
      `removed the containers this run started (docker compose ${plan.kind === 'down' ? 'down' : 'rm'})`,
    );
  else reporter.fail('could not remove the containers this run started', result.stderr);
}

export interface DownOptions {
  readonly reporter?: Reporter;
  readonly paths?: StackPaths;
}

/**
 * Stops whatever runs: any process a lab checker started, then the compose project and the
 * native processes (in reverse start order). Idempotent.
 */
export async function stackDown(options: DownOptions = {}): Promise<void> {
  const paths = options.paths ?? stackPaths();
  const reporter = options.reporter ?? consoleReporter;
  const state = readState(paths);
  // What lab checkers started (a lab's own Prometheus, the learner's program) talks to the
  // stack: it goes first, so a failing compose down below cannot leave it running.
  await Promise.all(
    otherRecordedProcesses(paths, nativeServices).map(async (record) => {
      reporter.ok(`${record.service} ${await stopRecorded(paths, record, labStopGraceMs)}`);
    }),
  );
  let composeFailure: string | undefined;
  if (composeDownNeeded(state?.mode, await projectContainers(paths, 'all'))) {
    const down = await composeDown(paths);
    if (down.code === 0) reporter.ok('docker compose project stopped');
    else composeFailure = `docker compose down failed: ${down.stderr}`;
  }
  for (const wave of [...nativeStartOrder].reverse()) {
    await Promise.all(
      wave.map(async (service) => {
        const outcome = await stopProcess(paths, service, stopGraceMs(service));
        if (outcome !== 'not running') reporter.ok(`${service} ${outcome}`);
      }),
    );
  }
  // The state stays while containers may still run, so the next `down` tries again.
  if (composeFailure) throw new StackError(composeFailure);
  clearState(paths);
}

/** Stops and starts one service (configs re-rendered natively); waits until it is ready. */
export async function stackRestart(service: ServiceName, options: DownOptions = {}): Promise<number> {
  const paths = options.paths ?? stackPaths();
  const reporter = options.reporter ?? consoleReporter;
  const mode = readState(paths)?.mode ?? 'native';
  if (mode === 'docker') {
    const restarted = await compose(paths, ['restart', service], 180_000);
    if (restarted.code !== 0)
      throw new StackError(`docker compose restart ${service} failed: ${restarted.stderr}`);
  } else {
    if (!isNative(service)) throw new StackError(dockerOnlyNote(service) ?? service);
    const outcome = await stopProcess(paths, service, stopGraceMs(service));
    reporter.ok(`${service} ${outcome}`);
  }
  if (mode === 'native') {
    const up = await stackUp({ mode: 'native', services: [service], reporter, paths });
    return up.readyMs[service] ?? 0;
  }
  const wait = await waitReady(service, { timeoutMs: services[service].readyTimeoutMs });
  if (!wait.ready) throw new StackError(`${service}: ${wait.reason}`);
  reporter.ok(`${service} ready in ${formatDuration(wait.ms)}`);
  return wait.ms;
}

/**
 * Re-renders configs (native) and has Prometheus (SIGHUP) or Alloy (POST /-/reload) re-read
 * them. Prometheus runs without its lifecycle API: prometheus-reload.ts says why.
 */
export async function stackReload(service: 'prometheus' | 'alloy', options: DownOptions = {}): Promise<void> {
  const paths = options.paths ?? stackPaths();
  const mode = readState(paths)?.mode ?? 'native';
  if (mode === 'native') renderConfigs(paths);
  if (mode === 'docker' && service === 'prometheus')
    quarantineForDocker(paths, options.reporter ?? consoleReporter);
  if (service === 'prometheus') await reloadPrometheus(paths, mode);
  else await reloadOverHttp(service);
  (options.reporter ?? consoleReporter).ok(`${service} reloaded its configuration`);
}

async function reloadOverHttp(service: 'alloy'): Promise<void> {
  const response = await fetch(`${serviceUrl(service)}/-/reload`, {
    method: 'POST',
    signal: AbortSignal.timeout(30_000),
  }).catch((error: unknown) => {
    throw new StackError(
      `${service} is not reachable at ${serviceUrl(service)}: ${(error as Error).message}`,
    );
  });
  const body = await response.text();
  if (!response.ok)
    throw new StackError(`${service} rejected the reload (HTTP ${response.status}): ${body.trim()}`);
}

export interface ServiceStatus {
  readonly service: ServiceName;
  /** "native", "docker", or "-" when not running. */
  readonly mode: Mode | '-';
  readonly url: string;
  /** "ready", "not ready (HTTP 503)", "stopped", "off (up --profile logs)", "Docker mode only: <command>". */
  readonly health: string;
  readonly ready: boolean;
  readonly version: string;
  readonly pid: number | undefined;
  readonly rssBytes: number | undefined;
  /** Its web UI, for a ready service that has one (stack/services.ts `webUi`). */
  readonly webUi?: WebUiState;
  /** Why the native binary was built without its web UI (build.json), when it was. */
  readonly webUiBuildFailure?: { readonly error: string; readonly log: string };
}

export async function stackStatus(options: { readonly paths?: StackPaths } = {}): Promise<ServiceStatus[]> {
  const paths = options.paths ?? stackPaths();
  const versions = loadVersions(paths.versionsFile);
  const state = readState(paths);
  const dockerRss = state?.mode === 'docker' ? await composeRss(paths) : {};
  return Promise.all(
    serviceNames.map(async (service): Promise<ServiceStatus> => {
      const result = await probe(readyUrl(service), 1500);
      const url = serviceUrl(service);
      const webUi = result.ok ? await probeWebUi(service) : undefined;
      const base = { service, url, ready: result.ok, ...(webUi ? { webUi } : {}) };
      if (isNative(service)) {
        const record = runningRecord(paths, service);
        if (record) {
          const failure =
            webUi && !webUi.served && hasWebUi(service)
              ? webUiBuildFailure(paths, versions, service)
              : undefined;
          return {
            ...base,
            ...(failure ? { webUiBuildFailure: failure } : {}),
            mode: 'native',
            health: result.ok ? 'ready' : `not ready (${result.detail})`,
            version: record.version,
            pid: record.pid,
            rssBytes: rssBytes(record.pid),
          };
        }
      }
      if (state?.mode === 'docker') {
        const version = displayVersion(versions, service, 'docker');
        return {
          ...base,
          mode: 'docker',
          health: result.ok ? 'ready' : `not ready (${result.detail})`,
          version,
          pid: undefined,
          rssBytes: dockerRss[service],
        };
      }
      const profile = services[service].profile;
      const only = dockerOnly(service);
      const health = result.ok
        ? 'answering (not started by this CLI)'
        : only
          ? `Docker mode only: ${only.command}`
          : profile
            ? `off (up --profile ${profile})`
            : 'stopped';
      return { ...base, mode: '-', health, version: '-', pid: undefined, rssBytes: undefined };
    }),
  );
}
