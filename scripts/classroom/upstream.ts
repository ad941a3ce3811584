/**
 * Where the gateway writes a classroom's results, and the headers that go with every push:
 *
 *   --mimir URL         a Mimir (the stack's, or a cluster's gateway): URL/api/v1/push, with
 *                       X-Scope-OrgID: classroom-<id>, so each classroom is its own tenant;
 *   --remote-write URL  any Prometheus remote-write endpoint (a hosted Prometheus or Mimir),
 *                       as given: its credentials choose the tenant, and the `classroom` label on
 *                       every series keeps classrooms apart.
 *
 * Credentials come from the environment, never from the command line (where `ps` shows them):
 * CLASSROOM_REMOTE_WRITE_USER with CLASSROOM_REMOTE_WRITE_PASSWORD (basic auth), or
 * CLASSROOM_REMOTE_WRITE_TOKEN (bearer). They apply to either kind.
 */
import { tenantHeader } from '../../stack/services.ts';
import { pushPath } from './protocol.ts';

export interface Upstream {
  /** The URL pushes go to; no secret is in it. */
  readonly pushUrl: string;
  /** Sent with every push, after remote-write's own headers. */
  readonly headers: Readonly<Record<string, string>>;
  /** The Mimir tenant, when the gateway chooses it (--mimir). */
  readonly tenant?: string;
  /** How the credentials were given, for `classroom start` to say: "basic auth as USER", "a bearer token". */
  readonly auth?: string;
}

export const credentialEnv = {
  user: 'CLASSROOM_REMOTE_WRITE_USER',
  password: 'CLASSROOM_REMOTE_WRITE_PASSWORD',
  token: 'CLASSROOM_REMOTE_WRITE_TOKEN',
} as const;

interface Credentials {
  readonly header: string;
  readonly auth: string;
}

/** The Authorization header the environment asks for, or an error naming the variable to fix. */
export function credentialsFromEnv(env: NodeJS.ProcessEnv = process.env): Credentials | undefined {
  const user = env[credentialEnv.user];
  const password = env[credentialEnv.password];
  const token = env[credentialEnv.token];
  if (token !== undefined && (user !== undefined || password !== undefined))
    throw new Error(
      `set either ${credentialEnv.token} or ${credentialEnv.user} and ${credentialEnv.password}, not both`,
    );
  if (token !== undefined) {
    if (token.trim() === '') throw new Error(`${credentialEnv.token} is empty`);
    return { header: `Bearer ${token.trim()}`, auth: 'a bearer token' };
  }
  if (user === undefined && password === undefined) return undefined;
  if (!user || password === undefined)
    throw new Error(`basic auth needs both ${credentialEnv.user} and ${credentialEnv.password}`);
  if (user.includes(':'))
    throw new Error(`${credentialEnv.user} may not contain ":" (basic auth splits there)`);
  return {
    header: `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`,
    auth: `basic auth as ${user}`,
  };
}

const withCredentials = (credentials: Credentials | undefined) =>
  credentials ? { headers: { Authorization: credentials.header }, auth: credentials.auth } : { headers: {} };

/** A Mimir at `base`: its push path, the classroom's tenant. */
export function mimirUpstream(base: string, tenant: string, credentials?: Credentials): Upstream {
  const { headers, ...auth } = withCredentials(credentials);
  return { pushUrl: `${base}${pushPath}`, headers: { ...headers, [tenantHeader]: tenant }, tenant, ...auth };
}

/** A remote-write endpoint, as given. */
export function remoteWriteUpstream(url: string, credentials?: Credentials): Upstream {
  const { headers, ...auth } = withCredentials(credentials);
  return { pushUrl: url, headers, ...auth };
}
