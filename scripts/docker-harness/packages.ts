/**
 * The Debian packages the Docker test harness needs, installed with apt-get when missing:
 * the daemon (docker.io), the busybox the stand-ins' shells come from, and mmdebstrap for the
 * Debian root filesystems. CI runs on Debian 12 as root; elsewhere the harness says what to install.
 */
import { existsSync } from 'node:fs';
import { run } from '../stack/index.ts';

interface Need {
  readonly pkg: string;
  /** A file the package installs: present means installed. */
  readonly file: string;
}

const needs: readonly Need[] = [
  { pkg: 'docker.io', file: '/usr/sbin/dockerd' },
  { pkg: 'busybox-static', file: '/bin/busybox' },
  { pkg: 'mmdebstrap', file: '/usr/bin/mmdebstrap' },
];

export async function ensurePackages(log: (line: string) => void): Promise<void> {
  const missing = needs.filter((n) => !existsSync(n.file)).map((n) => n.pkg);
  if (missing.length === 0) return;
  const root = process.getuid?.() === 0;
  if (!existsSync('/usr/bin/apt-get') || !root)
    throw new Error(
      `the Docker test harness needs ${missing.join(', ')}: install them (Debian/Ubuntu: sudo apt-get install ${missing.join(' ')})`,
    );
  log(`installing ${missing.join(', ')} from Debian's packages (apt-get)`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = await run('apt-get', ['update', '-qq'], { env, timeoutMs: 600_000 });
  if (update.code !== 0) throw new Error(`apt-get update failed:\n${update.stderr}`);
  const install = await run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], {
    env,
    timeoutMs: 1_200_000,
  });
  if (install.code !== 0)
    throw new Error(`apt-get could not install ${missing.join(', ')}:\n${install.stderr}`);
}
