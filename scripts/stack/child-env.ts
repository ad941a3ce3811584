/**
 * The environment the stack's processes, the lab processes and the learner's Go builds and
 * programs start with: an allowlist of what a tool needs to run on this machine, plus the
 * variables the launch spec sets. Anything else the shell exported stays out: OTEL_* would
 * redirect a program's telemetry, GOFLAGS would change how a learner's program builds.
 */

/** Variables passed through as they are. */
const passed: readonly string[] = [
  'PATH',
  'HOME',
  'USER',
  'LOGNAME',
  'TMPDIR',
  'TZ',
  'LANG',
  // Go's caches and toolchain: shared with the learner's own go commands, so nothing is downloaded twice.
  'GOROOT',
  'GOPATH',
  'GOCACHE',
  'GOMODCACHE',
  // Module downloads behind a proxy or a private mirror, as the machine is set up for them.
  'GOPROXY',
  'GONOPROXY',
  'GOSUMDB',
  'GONOSUMDB',
  'GOPRIVATE',
  'GOINSECURE',
  // The C compiler cgo builds (Alloy) use, where the machine names one.
  'CC',
  'CXX',
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'NO_PROXY',
  'http_proxy',
  'https_proxy',
  'no_proxy',
  'SSL_CERT_FILE',
  'SSL_CERT_DIR',
];

/** Variable families passed through: the locale categories (LC_ALL, LC_CTYPE, …). */
const passedPrefixes: readonly string[] = ['LC_'];

const isPassed = (name: string): boolean =>
  passed.includes(name) || passedPrefixes.some((prefix) => name.startsWith(prefix));

/** The allowlisted part of `from` (the CLI's own environment), then `own` on top. */
export function childEnv(
  own: Readonly<Record<string, string>> = {},
  from: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(from))
    if (value !== undefined && isPassed(name)) env[name] = value;
  return { ...env, ...own };
}
