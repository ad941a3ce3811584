import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { lessonFields } from '../../site/lesson-schema.ts';

const docsRoot = 'site/content/docs';

async function pages(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && /\.mdx?$/.test(e.name))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

function frontMatter(source: string, file: string): Record<string, unknown> {
  const match = /^---\n([\s\S]*?)\n---/.exec(source);
  if (!match?.[1]) throw new Error(`${file}: no front matter`);
  return parse(match[1]) as Record<string, unknown>;
}

const all = await pages(docsRoot);
const lessons: { file: string; data: Record<string, unknown> }[] = [];
for (const file of all) {
  const data = frontMatter(await readFile(file, 'utf8'), file);
  if (data['template'] !== 'splash') lessons.push({ file, data });
}

describe('lesson front matter', () => {
  it('finds lessons to check', () => {
    expect(lessons.length).toBeGreaterThan(0);
  });

  it.each(lessons.map((l) => [relative(docsRoot, l.file), l.data] as const))(
    '%s has a duration, a level and valid services',
    (_file, data) => {
      const parsed = lessonFields.required({ duration: true, level: true }).safeParse(data);
      expect(parsed.error?.issues ?? []).toEqual([]);
    },
  );

  it('rejects a lesson with an unknown service, naming the allowed ones', () => {
    const parsed = lessonFields.safeParse({ duration: 10, level: 'beginner', services: ['loki'] });
    expect(parsed.success).toBe(false);
    expect(JSON.stringify(parsed.error?.issues)).toContain('prometheus');
  });

  it('every Japanese lesson has an English original', () => {
    const en = new Set(all.filter((f) => f.includes('/en/')).map((f) => f.replace('/en/', '/')));
    const orphans = all.filter((f) => f.includes('/ja/') && !en.has(f.replace('/ja/', '/')));
    expect(orphans).toEqual([]);
  });
});
