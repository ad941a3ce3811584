/** What a lab's check.ts imports: one barrel over the kit's small modules. */
export type { Check, CheckContext, Lab } from './define.ts';
export { check, defineLab } from './define.ts';
export type { Final, Problem, Verdict } from './verdict.ts';
export { CheckFailure, fail, pass, wait } from './verdict.ts';
export type { Budget, Term } from './timing.ts';
export { budget, defaults, formatMs, parseDuration } from './timing.ts';
export type { Sample, Source } from './promql.ts';
export {
  formatLabels,
  labPrometheus,
  labelValues,
  mimir,
  query,
  queryValue,
  quote,
  stackPrometheus,
} from './promql.ts';
export type { Target } from './prometheus-api.ts';
export { scrapePools, targets } from './prometheus-api.ts';
export type { GroupState, RuleState } from './mimir-api.ts';
export {
  deleteRuleNamespace,
  ruleStates,
  storedRuleGroups,
  tenantsWithData,
  uploadRuleGroup,
} from './mimir-api.ts';
export type { Component, ScrapeTarget } from './alloy-api.ts';
export { components, scrapeTargets } from './alloy-api.ts';
export { request } from './http.ts';
export {
  alloyFmt,
  mimirConfigCheck,
  promtoolCheckConfig,
  promtoolCheckMetrics,
  promtoolCheckRules,
  rewritePaths,
} from './validators.ts';
export { closest, didYouMean, listOf } from './suggest.ts';
export { goBuild, goBuildCheck, runGoProgram } from './go.ts';
export { ensureProcess, labHome, labLogFile, stopLabProcesses } from './processes.ts';
export { RUN_LABEL, ensureLabAlloy, ensureLabPrometheus } from './lab-services.ts';
export { applyDropIn, removeDropIn } from './drop-in.ts';
export { sendTraffic } from './traffic.ts';
export type { Family } from './exposition.ts';
export { OPENMETRICS_ACCEPT, isOpenMetrics, parseExposition, sampleValue } from './exposition.ts';
export type { QueueCounters } from './remote-write.ts';
export { deliveryProbe, missingTenant, remoteWriteCounters, remoteWriteErrors } from './remote-write.ts';
export type { AlloyLabState, LabAlloy } from './alloy-checks.ts';
export { alloyFileRuns, componentsHealthy, runLabAlloy, sinceStart, unwired } from './alloy-checks.ts';
export type { ToolSource } from './tools.ts';
export { tool } from './tools.ts';
export { dockerCommandLine } from './docker-run.ts';
export { shownPath } from './shown.ts';
