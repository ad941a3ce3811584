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
export type { Sample, Source } from './promql.ts';
export { formatLabels, labelValues, mimir, query, queryValue, quote, stackPrometheus } from './promql.ts';
// The stack's own tenants and Alloy's OTLP ports, from the service catalogue.
export { otlpPorts, tenants } from '../../stack/services.ts';
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
export { promtoolCheckConfig, promtoolCheckMetrics, promtoolCheckRules } from './validators.ts';
export { closest, didYouMean, listOf } from './suggest.ts';
export type { GoLabState } from './go.ts';
export { goProgramRuns } from './go.ts';
export { RUN_LABEL, ensureLabPrometheus } from './lab-services.ts';
export { applyDropIn, removeDropIn } from './drop-in.ts';
export { sendTraffic } from './traffic.ts';
export type { Family } from './exposition.ts';
export { OPENMETRICS_ACCEPT, isOpenMetrics, parseExposition, sampleValue } from './exposition.ts';
export { deliveryProbe } from './remote-write.ts';
export type { AlloyLabState, LabAlloy } from './alloy-checks.ts';
export { alloyFileRuns, componentsHealthy, requireAlloy, sinceStart, unwired } from './alloy-checks.ts';
export type { ToolSource } from './tools.ts';
export { tool } from './tools.ts';
export { dockerCommandLine } from './docker-run.ts';
export { shownPath } from './shown.ts';
