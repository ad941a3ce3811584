import { startCommand, tenants, type Tenant } from '../../../stack/services.ts';

/**
 * The URL space of the site's stack proxy, shared by the browser (which builds URLs) and the
 * server (which checks them), so the two cannot drift apart.
 */

/** Where the proxy lives on the site. */
export const proxyBase = '/api/stack';

/** Services the proxy forwards to: the two that answer PromQL, and Loki (LogQL). */
export const proxyServices = ['prometheus', 'mimir', 'loki'] as const;
export type ProxyService = (typeof proxyServices)[number];

/** The command that starts a service, shown wherever a panel finds it down. */
export const stackUpHint = (service: ProxyService): string => startCommand(service);

/** The header that carries a Mimir tenant, from the browser to the proxy and on to Mimir. */
export const tenantHeader = 'X-Scope-OrgID';

/** Every tenant the stack writes to; the proxy refuses any other. */
export const knownTenants: readonly Tenant[] = [...new Set(Object.values(tenants))];

/** What a panel queries: Prometheus itself, one Mimir tenant, or Loki. */
export type StackTarget =
  | { readonly source: 'prometheus' }
  | { readonly source: 'mimir'; readonly tenant: Tenant }
  | { readonly source: 'loki' };

/**
 * Where each service serves its query API: the Prometheus HTTP API (Mimir mounts it under
 * /prometheus), and Loki's, which mirrors its endpoint names and its matrix/vector replies.
 */
const apiPrefix: Readonly<Record<ProxyService, string>> = {
  prometheus: '/api/v1',
  mimir: '/prometheus/api/v1',
  loki: '/loki/api/v1',
};

/** The upstream path prefix of a service's Prometheus API. */
export function upstreamApiPrefix(service: ProxyService): string {
  return apiPrefix[service];
}

/** The proxy URL of one Prometheus API endpoint (e.g. "query_range") for a target. */
export function proxyApiUrl(target: StackTarget, endpoint: string): string {
  return `${proxyBase}/${target.source}${apiPrefix[target.source]}/${endpoint}`;
}

/** Headers the proxy needs for a target: the tenant for Mimir, nothing for Prometheus. */
export function targetHeaders(target: StackTarget): Record<string, string> {
  return target.source === 'mimir' ? { [tenantHeader]: target.tenant } : {};
}
