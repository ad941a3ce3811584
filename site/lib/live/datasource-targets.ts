import { tenants } from '../../../stack/services.ts';
import type { LessonTarget } from '../stack-proxy/routes.ts';

/**
 * The stack's Grafana data sources by uid (stack/grafana/provisioning/datasources/datasources.yaml),
 * as live panels' targets. A dashboard file names a data source uid; a live panel names a source
 * and a tenant: this is the one table between them. A unit test keeps it in step with the YAML.
 */
export const datasourceTargets: Readonly<Record<string, LessonTarget>> = {
  prometheus: { source: 'prometheus' },
  'mimir-prometheus': { source: 'mimir', tenant: tenants.prometheus },
  'mimir-alloy': { source: 'mimir', tenant: tenants.alloy },
  'mimir-otel': { source: 'mimir', tenant: tenants.otel },
};

/** The live target of a data source uid, or undefined when the stack provisions no such uid. */
export function targetOfDatasource(uid: string | undefined): LessonTarget | undefined {
  // hasOwn: a uid like "constructor" must not find Object.prototype's.
  return uid !== undefined && Object.hasOwn(datasourceTargets, uid) ? datasourceTargets[uid] : undefined;
}
