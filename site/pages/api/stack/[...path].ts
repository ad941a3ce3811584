import type { APIRoute } from 'astro';
import { LOOPBACK, services } from '../../../../stack/services.ts';
import { allowedMethods, resolveProxyRequest } from '../../../lib/stack-proxy/allowlist.ts';
import { forwardToStack, json } from '../../../lib/stack-proxy/forward.ts';
import { requiresHeader, tenantHeader } from '../../../lib/stack-proxy/routes.ts';
import { exercisePrometheusPort } from '../../../../labs/promql/exercises.ts';

/**
 * The stack proxy: live panels query Prometheus, Mimir and Loki through the site's own origin, so
 * the browser needs no CORS, Mimir's tenant header is checked before it reaches Mimir, and Loki
 * gets the stack's own tenant from the forwarder.
 */
export const prerender = false;

export const ALL: APIRoute = async ({ request }) => {
  const resolution = resolveProxyRequest({
    method: request.method,
    pathname: new URL(request.url).pathname,
    tenant: request.headers.get(tenantHeader),
    contentType: request.headers.get('content-type'),
    requires: request.headers.get(requiresHeader),
  });
  if (!resolution.ok) {
    const allow: Record<string, string> =
      resolution.status === 405 ? { allow: allowedMethods.join(', ') } : {};
    return json(resolution.status, resolution.body, allow);
  }
  return forwardToStack(resolution, request, {
    origin: (service) =>
      `http://${LOOPBACK}:${service === 'exercises' ? exercisePrometheusPort : services[service].port}`,
  });
};
