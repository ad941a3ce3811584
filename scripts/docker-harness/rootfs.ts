/**
 * Root filesystems for the stand-in images, each made of Debian packages from this machine's
 * apt sources and nothing downloaded from elsewhere (stack/images.ts names the bases):
 * busybox-static with applet links for exactly an image's tools, a bookworm minbase from
 * mmdebstrap, or a distroless-like tree of account files, CA certificates and time zones.
 */
import {
  chmodSync,
  chownSync,
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import type { StandInBase, UpstreamImage } from '../../stack/images.ts';
import { run } from '../stack/index.ts';

/** Accounts every base has, as distroless's /etc/passwd lists them. */
const baseUsers = [
  { name: 'root', uid: 0, home: '/root' },
  { name: 'nobody', uid: 65534, home: '/nonexistent' },
] as const;

interface Account {
  readonly name: string;
  readonly uid: number;
  readonly home: string;
}

/** Writes (`w`) or appends (`a`) these accounts' passwd and group lines. */
function addAccounts(root: string, users: readonly Account[], shell: string, flag: 'w' | 'a'): void {
  mkdirSync(join(root, 'etc'), { recursive: true });
  const passwd = users.map((u) => `${u.name}:x:${u.uid}:${u.uid}:${u.name}:${u.home}:${shell}\n`);
  writeFileSync(join(root, 'etc/passwd'), passwd.join(''), { flag });
  writeFileSync(join(root, 'etc/group'), users.map((u) => `${u.name}:x:${u.uid}:\n`).join(''), { flag });
}

/** The image's users, owning their homes; on Debian beside its own accounts, elsewhere with the base ones. */
function writeAccounts(root: string, image: UpstreamImage): void {
  if (image.standInBase === 'debian') addAccounts(root, image.users, '/usr/sbin/nologin', 'a');
  else {
    const seen = new Set<number>();
    const users = [...baseUsers, ...image.users].filter((u) => !seen.has(u.uid) && seen.add(u.uid));
    addAccounts(root, users, '/sbin/nologin', 'w');
  }
  for (const u of image.users) {
    mkdirSync(join(root, u.home), { recursive: true });
    chownSync(join(root, u.home), u.uid, u.uid);
  }
}

function busybox(root: string, image: UpstreamImage): void {
  mkdirSync(join(root, 'bin'), { recursive: true });
  copyFileSync('/bin/busybox', join(root, 'bin/busybox'));
  chmodSync(join(root, 'bin/busybox'), 0o755);
  for (const tool of image.tools) symlinkSync('busybox', join(root, 'bin', tool));
}

function distrolessStatic(root: string): void {
  hostCertificates(root);
  cpSync('/usr/share/zoneinfo', join(root, 'usr/share/zoneinfo'), { recursive: true, dereference: true });
  mkdirSync(join(root, 'tmp'), { recursive: true });
  chmodSync(join(root, 'tmp'), 0o1777);
}

/** bookworm minbase, made once into the harness cache (about half a minute) and unpacked per image. */
async function debian(root: string, cache: string, log: (line: string) => void): Promise<void> {
  const tarball = join(cache, 'bookworm-minbase.tar');
  if (!existsSync(tarball)) {
    log('making a Debian bookworm minbase root filesystem (mmdebstrap, once)');
    mkdirSync(cache, { recursive: true });
    const made = await run(
      'mmdebstrap',
      [
        '--quiet',
        '--variant=minbase',
        '--format=tar',
        '--include=ca-certificates',
        'bookworm',
        `${tarball}.part`,
      ],
      { timeoutMs: 1_200_000 },
    );
    if (made.code !== 0) throw new Error(`mmdebstrap failed:\n${made.stderr}`);
    await run('mv', [`${tarball}.part`, tarball]);
  }
  const unpacked = await run('tar', ['-x', '--numeric-owner', '-f', tarball, '-C', root]);
  if (unpacked.code !== 0) throw new Error(`unpacking ${tarball}: ${unpacked.stderr}`);
  hostCertificates(root);
}

/**
 * This machine's CA bundle, which trusts whatever the machine trusts on its way to the Go
 * module proxy (a build stand-in downloads modules as the host does).
 */
function hostCertificates(root: string): void {
  mkdirSync(join(root, 'etc/ssl/certs'), { recursive: true });
  copyFileSync('/etc/ssl/certs/ca-certificates.crt', join(root, 'etc/ssl/certs/ca-certificates.crt'));
}

/** Fills `root` with the base, the accounts and the directories the image's facts list. */
export async function makeRootfs(
  root: string,
  image: UpstreamImage,
  cache: string,
  log: (line: string) => void,
): Promise<void> {
  mkdirSync(root, { recursive: true });
  const bases: Record<StandInBase, () => Promise<void> | void> = {
    busybox: () => {
      busybox(root, image);
    },
    debian: () => debian(root, cache, log),
    'distroless-static': () => {
      distrolessStatic(root);
    },
  };
  await bases[image.standInBase]();
  writeAccounts(root, image);
  for (const d of image.directories) {
    const path = join(root, d.path);
    mkdirSync(path, { recursive: true });
    const [uid = 0, gid = uid] = d.owner.split(':').map(Number);
    chownSync(path, uid, gid);
    chmodSync(path, Number.parseInt(d.mode, 8));
  }
}

/** Copies a file or a folder (the Go toolchain) to its path inside `root`. */
export function placeBinary(root: string, source: string, path: string): void {
  const target = join(root, path);
  mkdirSync(dirname(target), { recursive: true });
  cpSync(source, target, { recursive: true, dereference: true });
  chmodSync(target, 0o755);
}
