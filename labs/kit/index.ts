/**
 * What a lab's check.ts and cases.ts import: one barrel over the kit's small modules. A lab
 * file imports only this, labs/manifest.ts and packages (eslint.config.js says so).
 */
export type { Check, CheckContext, Lab } from './define.ts';
export { check, defineLab } from './define.ts';
export type { Final, Problem, Verdict } from './verdict.ts';
export { CheckFailure, fail, pass, wait } from './verdict.ts';
export type { Alternative, Edit, Mistake, Sequence, Step } from './cases.ts';
export { defineCases } from './cases.ts';
export { labEntry, labPort, labTenant } from './lab-entry.ts';
export { labMemory } from './lab-memory.ts';
export type { Budget, Term } from './timing.ts';
export { budget, defaults, formatMs, parseDuration } from './timing.ts';
export type { JobTiming, PrometheusTiming } from './timing.ts';
export {
  deliveryTerm,
  longest,
  prometheusTiming,
  scrapeTerm,
  stackPrometheusConfig,
  termText,
  timeoutTerm,
} from './timing.ts';
export type { Sample, Source } from './promql.ts';
export { formatLabels, labelValues, mimir, query, queryValue, quote, stackPrometheus } from './promql.ts';
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
  currentTargets,
  lastReload,
  lastScrapeMs,
  latestSamples,
  poolSyncs,
  relabelledNow,
  remoteWriteQueues,
  seriesCountsByName,
  shortfall,
  staticAddresses,
  targetLabels,
} from './prometheus-api.ts';
export type { FileGroup, FileRule, GroupState, RuleState } from './mimir-api.ts';
export {
  deleteRuleNamespace,
  evaluatedAt,
  parseStoredGroups,
  ruleFileGroups,
  ruleStates,
  storedRuleGroups,
  tenantsWithData,
  uploadRuleGroup,
} from './mimir-api.ts';
export type { GroupText, Normalise, Stored } from './rule-upload.ts';
export {
  groupTexts,
  loadedDifference,
  promqlNormaliser,
  replaceNamespace,
  storedNamespace,
} from './rule-upload.ts';
export type { AlertState, World } from './rule-tests.ts';
export { alertInWorld, evaluateInWorld } from './rule-tests.ts';
export type { Body, Component, ComponentDetail, LoadedConfig, ScrapeTarget } from './alloy-api.ts';
export { componentDetail, components, componentsOfKind, loadedConfig, scrapeTargets } from './alloy-api.ts';
export type { Expected, Labels, Sighting } from './find-data.ts';
export {
  federated,
  labelValuesOf,
  rawSamples,
  selectorOf,
  seriesSince,
  servedNames,
  tenantsHolding,
  whereItWent,
} from './find-data.ts';
export { request } from './http.ts';
export { promtoolCheckConfig, promtoolCheckMetrics, promtoolCheckRules } from './validators.ts';
export { closest, didYouMean, listOf } from './suggest.ts';
export type { GoDurationCall, GoLabState } from './go.ts';
export { goDurationCalls, goProgramRuns } from './go.ts';
export type { LogProblem } from './processes.ts';
export { problemLines, runLog } from './processes.ts';
export { LAB_DISCOVERY_MS, RUN_LABEL, ensureLabPrometheus } from './lab-services.ts';
export { applyDropIn, reloadPrometheus, removeDropIn } from './drop-in.ts';
export type { TrafficResult } from './traffic.ts';
export { durationSumProblem, sendTraffic } from './traffic.ts';
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
export type { AlloyLabState, LabAlloy, PipelineTimes, ScrapeClock } from './alloy-checks.ts';
export {
  alloyDefaults,
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
