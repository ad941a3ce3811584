import {
  serviceNames,
  services,
  tenantHeader,
  tenants,
  type ClassroomTenant,
  type ServiceName,
  type Tenant,
} from '../../../stack/services.ts';

/**
 * The URL space of the site's stack proxy, shared by the browser (which builds URLs) and the
 * server (which checks them), so the two cannot drift apart.
 */

/** Where the proxy lives on the site. */
export const proxyBase = '/api/stack';

/**
 * What the proxy forwards to: the stack's two PromQL services and Loki (LogQL), and the PromQL
 * exercises' own Prometheus over the fixed dataset (labs/kit/exercise-prometheus.ts).
 */
export const proxyServices = ['prometheus', 'mimir', 'loki', 'exercises'] as const;
export type ProxyService = (typeof proxyServices)[number];

/**
 * Services of an optional profile that a panel can depend on without querying them: k6 writes
 * the series Mimir answers. The proxy checks the one a panel names before it forwards.
 */
export const requirableServices: readonly ServiceName[] = serviceNames.filter((s) => services[s].profile);

/** The header that names the service a panel requires (StackTarget `requires`). */
export const requiresHeader = 'X-Stack-Requires';

/** The header that carries a Mimir tenant, from the browser to the proxy and on to Mimir (stack/services.ts). */
export { tenantHeader };

/** Every tenant the stack writes to; the proxy refuses any other but a classroom's. */
export const knownTenants: readonly Tenant[] = [...new Set(Object.values(tenants))];

/** A tenant a panel may read: one the stack writes to, or a classroom's (the instructor's board). */
export type ReadableTenant = Tenant | ClassroomTenant;

/**
 * What a panel queries: Prometheus itself, one Mimir tenant, or Loki; and the optional service
 * its data comes from, when that is another one (k6).
 */
type TargetOf<T extends ReadableTenant> = (
  | { readonly source: 'prometheus' }
  | { readonly source: 'mimir'; readonly tenant: T }
  | { readonly source: 'loki' }
) & { readonly requires?: ServiceName };
export type StackTarget = TargetOf<ReadableTenant>;

/** What a lesson's panel or a dashboard file may name: a tenant the stack writes to. */
export type LessonTarget = TargetOf<Tenant>;

/** The exercises' Prometheus: the editor, the explain tree and the result of an exercise query it. */
export interface ExerciseTarget {
  readonly source: 'exercises';
}

/** Anything the editor and the explain tree can query. */
export type QueryTarget = StackTarget | ExerciseTarget;

/** The service a panel's notice names when it finds no data source: the one it requires, else the one it queries. */
export const neededService = (target: StackTarget): ServiceName => target.requires ?? target.source;

/**
 * Where each service serves its query API: the Prometheus HTTP API (Mimir mounts it under
 * /prometheus), and Loki's, which mirrors its endpoint names and its matrix/vector replies.
 */
const apiPrefix: Readonly<Record<ProxyService, string>> = {
  prometheus: '/api/v1',
  mimir: '/prometheus/api/v1',
  loki: '/loki/api/v1',
  exercises: '/api/v1',
};

/** The upstream path prefix of a service's query API (Prometheus's, or Loki's for Loki). */
export function upstreamApiPrefix(service: ProxyService): string {
  return apiPrefix[service];
}

/** The proxy URL of one query API endpoint (e.g. "query_range") for a target. */
export function proxyApiUrl(target: QueryTarget, endpoint: string): string {
  return `${proxyBase}/${target.source}${apiPrefix[target.source]}/${endpoint}`;
}

/** Headers the proxy needs for a target: the tenant for Mimir, and the service it requires. */
export function targetHeaders(target: QueryTarget): Record<string, string> {
  if (target.source === 'exercises') return {};
  return {
    ...(target.source === 'mimir' ? { [tenantHeader]: target.tenant } : {}),
    ...(target.requires ? { [requiresHeader]: target.requires } : {}),
  };
}
