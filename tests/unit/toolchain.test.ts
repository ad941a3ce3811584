import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';

const versions = await readFile('stack/versions.env', 'utf8');
const pkg = JSON.parse(await readFile('package.json', 'utf8')) as { engines: { node: string } };

function compare(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

describe('toolchain pins', () => {
  it('the Node that scripts/workshop installs satisfies package.json engines', () => {
    const pinned = /^NODE_VERSION=(\d+\.\d+\.\d+)$/m.exec(versions)?.[1];
    const minimum = /^>=(\d+\.\d+\.\d+)$/.exec(pkg.engines.node)?.[1];
    expect(pinned, 'NODE_VERSION in stack/versions.env').toBeDefined();
    expect(minimum, 'engines.node in package.json').toBeDefined();
    expect(compare(pinned ?? '0', minimum ?? '99')).toBeGreaterThanOrEqual(0);
  });
});
