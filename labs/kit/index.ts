/**
 * What a lab's check.ts imports: one barrel over the kit's small modules. A checker imports
 * only this, labs/manifest.ts and packages; its cases.ts only ./cases.ts (eslint.config.js says so).
 */
export type { Check, CheckContext, Lab } from './define.ts';
export { check, defineLab } from './define.ts';
export type { Final, Problem, Verdict } from './verdict.ts';
export { fail, pass, wait } from './verdict.ts';

export { labEntry, labPort, labTenant } from './lab-entry.ts';
export { labMemory } from './lab-memory.ts';
export type { Budget, Term } from './timing.ts';
export { budget, defaults, formatMs, parseDuration } from './timing.ts';
export type { JobTiming, PrometheusTiming } from './timing.ts';
export {
  deliveryTerm,
  prometheusTiming,
  scrapeTerm,
  stackPrometheusConfig,
  termText,
  timeoutTerm,
} from './timing.ts';
export type { RawPoint, RawSeries, Sample, Source } from './promql.ts';
export {
  formatLabels,
  labelValues,
  mimir,
  query,
  queryValue,
  quote,
  rawSeries,
  stackPrometheus,
} from './promql.ts';
// The stack's own tenants and Alloy's OTLP ports, from the service catalogue.
export { otlpPorts, tenants } from '../../stack/services.ts';
export type { Target } from './prometheus-api.ts';
export { scrapePools, targets } from './prometheus-api.ts';
export type {
  PoolExpectation,
  PoolGeneration,
  Queue,
  Reload,
  Shortfall,
  TimedSample,
} from './prometheus-api.ts';
export {
  asWritten,
  currentTargets,
  sameAddress,
  lastReload,
  lastScrapeMs,
  latestSamples,
  poolSyncs,
  remoteWriteQueues,
  scrapeJob,
  seriesCountsByName,
  shortfall,
  staticAddresses,
} from './prometheus-api.ts';
export type { FileGroup } from './mimir-api.ts';
export { evaluatedAt, ruleFileGroups, ruleStates } from './mimir-api.ts';
export type { AlertmanagerAlert, Notification } from './alertmanager-api.ts';
export {
  alertmanagerAlerts,
  configHash,
  deleteAlertmanagerConfig,
  renderForStack,
  runningConfigHash,
  silence,
  storedAlertmanagerConfig,
  uploadAlertmanagerConfig,
  webhookNotifications,
  webhookPath,
} from './alertmanager-api.ts';

export type { Recorded, RulePlace } from './rule-evaluation.ts';
export {
  alertHasReadRecord,
  evaluationMs,
  evaluationTerm,
  requireRule,
  ruleNamed,
  rulePlace,
  rulesOf,
} from './rule-evaluation.ts';
export type { RulerUploadState } from './ruler-checks.ts';
export { removeUpload, rulerRunsUpload } from './ruler-checks.ts';
export type { AlertState, World } from './rule-tests.ts';
export { alertInWorld, evaluateInWorld } from './rule-tests.ts';
export type { Body, Component, ComponentDetail, LoadedConfig, ScrapeTarget } from './alloy-api.ts';
export { components, scrapeTargets } from './alloy-api.ts';
export type { Expected, Labels, Sighting } from './find-data.ts';
export { selectorOf, seriesSince, servedNames, tenantsHolding, whereItWent } from './find-data.ts';
export { request } from './http.ts';
export { promtoolCheckConfig, promtoolCheckMetrics, promtoolCheckRules } from './validators.ts';
export { didYouMean, listOf } from './suggest.ts';
export type { GoDurationCall, GoLabState } from './go.ts';
export { goProgramRuns } from './go.ts';
export type { LogProblem } from './processes.ts';
export { runLog } from './processes.ts';
export { LAB_DISCOVERY_MS, RUN_LABEL, ensureLabPrometheus } from './lab-services.ts';
export { FEEDER_DEADLINE_MS, FEEDER_SCRAPE_MS, appReachesTenant } from './app-feeder.ts';
export { applyDropIn, reloadPrometheus, removeDropIn } from './drop-in.ts';
export type { DropInJob, DropInJobState, TargetHints } from './drop-in-job.ts';
export { dropInOpeningChecks, dropInTargetsUp, dropInTiming } from './drop-in-job.ts';
export type { TrafficResult } from './traffic.ts';
export { durationSumVerdict, sendTraffic } from './traffic.ts';
export type { Family } from './exposition.ts';
export {
  OPENMETRICS_ACCEPT,
  bucketBounds,
  isOpenMetrics,
  parseExposition,
  sampleValue,
} from './exposition.ts';
export type { Judgement, Question } from './answers.ts';
export { judgeAnswer } from './answers.ts';
export { deliveryProbe } from './remote-write.ts';
export type { ExportInterval } from './otlp-program.ts';
export { exportErrors, otlpExportInterval } from './otlp-program.ts';
export type { AlloyLabState, LabAlloy, PipelineTimes, ScrapeClock } from './alloy-checks.ts';
export {
  alloyFileRuns,
  componentsHealthy,
  pipelineTimes,
  requireAlloy,
  scrapeClock,
  sinceStart,
  targetsScrapedProbe,
  unwired,
} from './alloy-checks.ts';
export type { ToolSource } from './tools.ts';
export { tool } from './tools.ts';
export { dockerCommandLine } from './docker-run.ts';
export { shownPath } from './shown.ts';
export type { JsonRead } from './json-file.ts';
export { readJson } from './json-file.ts';
