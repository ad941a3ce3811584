import { describe, expect, it } from 'vitest';
import { extractRegion, readRepoFile } from '../../site/lib/repo-file.ts';

describe('readRepoFile', () => {
  it('reads a real repository file and infers its language', async () => {
    const file = await readRepoFile('stack/versions.env');
    expect(file.lang).toBe('sh');
    expect(file.code).toMatch(/^PROMETHEUS_VERSION=v3\.\d+\.\d+$/m);
  });

  it('refuses paths outside the repository', async () => {
    await expect(readRepoFile('../etc/passwd')).rejects.toThrow(/relative to the repository root/);
    await expect(readRepoFile('/etc/passwd')).rejects.toThrow(/relative to the repository root/);
  });

  it('names the file when it is missing', async () => {
    await expect(readRepoFile('stack/nope.yml')).rejects.toThrow(/stack\/nope\.yml/);
  });
});

describe('extractRegion', () => {
  const source = ['a: 1', '# region scrape', 'b: 2', 'c: 3', '# endregion scrape', 'd: 4'].join('\n');

  it('returns only the lines inside the markers', () => {
    expect(extractRegion(source, 'scrape', 'x.yml')).toBe('b: 2\nc: 3');
  });

  it('names the file and region when the markers are missing', () => {
    expect(() => extractRegion(source, 'rules', 'x.yml')).toThrow(/x\.yml: no "region rules"/);
  });
});
