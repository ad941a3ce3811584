// The stack library's public face: the lab kit, the lab and dashboard CLIs, scripts/*.ts and the tests import the stack
// platform from here and nowhere else (eslint.config.js enforces it), so scripts/stack's internals can
// move without touching its callers. Export only what a caller outside scripts/stack uses.
export { stackDown, stackReload, stackRestart, stackUp } from './api.ts';
export { childEnv } from './child-env.ts';
export { convertPrometheusConfig } from './convert.ts';
export { compose, composeImages, composeProfiles, composeProject } from './docker.ts';
export { dockerInfo } from './docker-info.ts';
export { ALLOW_STAND_INS_VARIABLE, standInRefusal } from './docker-plan.ts';
export { run } from './exec.ts';
export type { RunResult } from './exec.ts';
export { probe, probeService, serviceUrl, waitReady } from './health.ts';
export { ensureBuilt, goEnv, upstreamBinDir } from './native/build.ts';
export { launchSpec, prometheusWebFlags, sharedFlags, toolComponent, toolPath } from './native/commands.ts';
export type { Tool, UpstreamBinary } from './native/commands.ts';
export { recipes } from './native/components.ts';
export {
  fileTail,
  isAlive,
  liveRecords,
  recordSchema,
  removeRecord,
  spawnDetached,
  startProcess,
  stopProcess,
  stopRecorded,
} from './native/processes.ts';
export { renderConfigs, renderedPath, rewriteHosts } from './native/render.ts';
export { bold, consoleReporter, dim, formatDuration, green, red, silentReporter, yellow } from './output.ts';
export { repoRoot, STATE_DIR_VARIABLE, stackPaths } from './paths.ts';
export type { StackPaths } from './paths.ts';
export { describeOwner, portState, portsFor, socketRows } from './ports.ts';
export type { PortState } from './ports.ts';
export {
  checkWithDropIns,
  labFilesDir,
  nativePromtool,
  quarantineDir,
  readDropIns,
} from './prometheus-drop-ins.ts';
export type { Promtool } from './prometheus-drop-ins.ts';
export { parseReloadGauges } from './prometheus-reload.ts';
export { auditProcessGroup, decodeProcAddress, describeSocket, offLoopbackReport } from './socket-audit.ts';
export type { ListeningSocket } from './socket-audit.ts';
export { modes, readState, writeState } from './state.ts';
export { displayVersion, loadVersions, parseEnvFile } from './versions.ts';
export type { Versions } from './versions.ts';
