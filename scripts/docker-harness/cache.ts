/**
 * Where the harness keeps what outlives a checkout: the Compose and buildx binaries and the
 * Debian minbase, keyed by version, so CI's clean clones do not rebuild them every run.
 * $XDG_CACHE_HOME/grafana-stack-workshop/docker-harness, or ~/.cache/… without it.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

export const harnessCache = (env: NodeJS.ProcessEnv = process.env): string =>
  join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'grafana-stack-workshop', 'docker-harness');
