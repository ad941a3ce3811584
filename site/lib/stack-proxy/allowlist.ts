import { isClassroomTenant, type ServiceName } from '../../../stack/services.ts';
import {
  knownTenants,
  proxyBase,
  proxyServices,
  requirableServices,
  requiresHeader,
  upstreamApiPrefix,
  type ProxyService,
  type ReadableTenant,
} from './routes.ts';

/**
 * Decides whether the proxy may forward a request, and where to. Pure, so every rule is unit
 * tested: only Prometheus, Mimir and Loki, only read-only query endpoints, only GET or a form POST,
 * and for Mimir only a tenant the stack writes to or a classroom's (read by the instructor's board:
 * the proxy answers this machine's browser only, and a classroom's tenant holds check results).
 */

/** What the proxy knows about an incoming request. */
export interface ProxyRequestInfo {
  /** HTTP method, upper case. */
  readonly method: string;
  /** The raw (still percent-encoded) path of the request URL. */
  readonly pathname: string;
  /** Value of the X-Scope-OrgID header, if sent. */
  readonly tenant: string | null;
  /** Value of the Content-Type header, if sent. */
  readonly contentType: string | null;
  /** Value of the X-Stack-Requires header, if sent. */
  readonly requires?: string | null;
}

/** The JSON body of every refusal. */
export interface ProxyErrorBody {
  /** Machine-readable reason, stable for tests and the browser. */
  readonly error: string;
  /** What went wrong, for a human. */
  readonly message: string;
  /** The accepted values, where a value was refused. */
  readonly allowed?: readonly string[];
}

export type ProxyResolution =
  | {
      readonly ok: true;
      readonly service: ProxyService;
      readonly upstreamPath: string;
      readonly tenant?: ReadableTenant;
      /** An optional service that must answer before the query is forwarded. */
      readonly requires?: ServiceName;
    }
  | { readonly ok: false; readonly status: 400 | 403 | 404 | 405 | 415; readonly body: ProxyErrorBody };

/** Read-only endpoints of the Prometheus HTTP API, relative to its /api/v1 prefix (Loki's share the names). */
const readEndpoints = [
  /^query$/,
  /^query_range$/,
  /^series$/,
  /^labels$/,
  /^metadata$/,
  /^label\/[A-Za-z_][A-Za-z0-9_]*\/values$/,
];

/** Endpoint names as a learner reads them in a refusal. */
const readEndpointNames = ['query', 'query_range', 'series', 'labels', 'label/<name>/values', 'metadata'];

export const allowedMethods = ['GET', 'POST'] as const;

const formContentType = 'application/x-www-form-urlencoded';

function refuse(status: 400 | 403 | 404 | 405 | 415, body: ProxyErrorBody): ProxyResolution {
  return { ok: false, status, body };
}

function isProxyService(name: string): name is ProxyService {
  return (proxyServices as readonly string[]).includes(name);
}

function isReadableTenant(name: string): name is ReadableTenant {
  return (knownTenants as readonly string[]).includes(name) || isClassroomTenant(name);
}

function isRequirable(name: string): name is ServiceName {
  return (requirableServices as readonly string[]).includes(name);
}

export function resolveProxyRequest(req: ProxyRequestInfo): ProxyResolution {
  const resolved = resolveTarget(req);
  if (!resolved.ok || !req.requires) return resolved;
  if (!isRequirable(req.requires)) {
    return refuse(400, {
      error: 'requires-not-allowed',
      message: `${requiresHeader} names one of the stack's optional services.`,
      allowed: requirableServices,
    });
  }
  return { ...resolved, requires: req.requires };
}

function resolveTarget(req: ProxyRequestInfo): ProxyResolution {
  const rest = req.pathname.startsWith(`${proxyBase}/`) ? req.pathname.slice(proxyBase.length + 1) : '';
  const slash = rest.indexOf('/');
  const serviceName = slash === -1 ? rest : rest.slice(0, slash);
  if (!isProxyService(serviceName)) {
    return refuse(404, {
      error: 'unknown-service',
      message: `The stack proxy only talks to ${proxyServices.slice(0, -1).join(', ')} and ${proxyServices.at(-1) ?? ''}.`,
      allowed: proxyServices,
    });
  }

  const upstreamPath = slash === -1 ? '' : rest.slice(slash);
  const prefix = `${upstreamApiPrefix(serviceName)}/`;
  const endpoint = upstreamPath.startsWith(prefix) ? upstreamPath.slice(prefix.length) : null;
  if (endpoint === null || !readEndpoints.some((re) => re.test(endpoint))) {
    return refuse(403, {
      error: 'path-not-allowed',
      message: `Only read-only query endpoints under ${prefix} are forwarded to ${serviceName}.`,
      allowed: readEndpointNames,
    });
  }

  if (!(allowedMethods as readonly string[]).includes(req.method)) {
    return refuse(405, {
      error: 'method-not-allowed',
      message: 'The stack proxy forwards GET and form POST requests only.',
      allowed: allowedMethods,
    });
  }
  if (req.method === 'POST' && req.contentType?.split(';')[0]?.trim().toLowerCase() !== formContentType) {
    return refuse(415, {
      error: 'unsupported-content-type',
      message: `POST bodies must be ${formContentType}, as the Prometheus API expects.`,
      allowed: [formContentType],
    });
  }

  // Prometheus has no tenants; the stack's Loki has one, which the forwarder adds.
  if (serviceName !== 'mimir') return { ok: true, service: serviceName, upstreamPath };

  if (req.tenant === null || req.tenant === '') {
    return refuse(400, {
      error: 'tenant-required',
      message: 'Mimir queries need a tenant in the X-Scope-OrgID header.',
      allowed: knownTenants,
    });
  }
  if (!isReadableTenant(req.tenant)) {
    return refuse(403, {
      error: 'tenant-not-allowed',
      message: `"${req.tenant}" is neither a tenant the stack writes to nor a classroom's (classroom-<id>).`,
      allowed: knownTenants,
    });
  }
  return { ok: true, service: serviceName, upstreamPath, tenant: req.tenant };
}
