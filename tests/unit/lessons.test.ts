import { access, readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { lessonFields } from '../../site/lesson-schema.ts';
import { manifest } from '../../labs/manifest.ts';
import { sidebar } from '../../site/lib/sidebar.ts';
import { displayVersion, loadVersions, modes, recipes } from '../../scripts/stack/index.ts';
import type { ServiceName } from '../../stack/services.ts';

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
  try {
    return parse(match[1]) as Record<string, unknown>;
  } catch (err) {
    throw new Error(`${file}: front matter is not valid YAML: ${(err as Error).message}`, { cause: err });
  }
}

const all = await pages(docsRoot);
const lessons: { file: string; data: Record<string, unknown>; source: string }[] = [];
for (const file of all) {
  const source = await readFile(file, 'utf8');
  const data = frontMatter(source, file);
  if (data['template'] !== 'splash') lessons.push({ file, data, source });
}

/** A lesson's path under its locale, as labs/manifest.ts writes it: "prometheus/scrape-config". */
function lessonPath(file: string): string {
  return relative(docsRoot, file)
    .replace(/^[a-z]{2}\//, '')
    .replace(/\.mdx?$/, '');
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
    const parsed = lessonFields.safeParse({ duration: 10, level: 'beginner', services: ['tempo'] });
    expect(parsed.success).toBe(false);
    expect(JSON.stringify(parsed.error?.issues)).toContain('prometheus');
  });

  it('every Japanese lesson has an English original', () => {
    const en = new Set(all.filter((f) => f.includes('/en/')).map((f) => f.replace('/en/', '/')));
    const orphans = all.filter((f) => f.includes('/ja/') && !en.has(f.replace('/ja/', '/')));
    expect(orphans).toEqual([]);
  });
});

/** A lesson's "Try this" section: from its heading to the next `## ` heading. */
function tryThis(source: string): string[] | undefined {
  const lines = source.split('\n');
  const start = lines.findIndex((l) => /^## (Try this|やってみよう)\s*$/.test(l));
  if (start < 0) return undefined;
  const end = lines.findIndex((l, i) => i > start && l.startsWith('## '));
  return lines.slice(start + 1, end < 0 ? undefined : end);
}

describe('Try this', () => {
  const withSection = lessons.flatMap((l) => {
    const section = tryThis(l.source);
    return section ? [[relative(docsRoot, l.file), section] as const] : [];
  });

  it('is in lessons to check', () => {
    expect(withSection.length).toBeGreaterThan(10);
  });

  it.each(withSection)('%s: every exercise has a collapsible answer', (_file, section) => {
    // An exercise starts with a bold title at the start of a paragraph; its answer is the
    // <details> before the next one.
    const titles = section.flatMap((l, i) => (/^\*\*[^*]+\*\*/.test(l) ? [i] : []));
    expect(titles.length, 'exercises with a bold title').toBeGreaterThan(0);
    const unanswered = titles.filter((at, k) => {
      const next = titles[k + 1] ?? section.length;
      return !section.slice(at, next).some((l) => l.trim() === '<details>');
    });
    expect(unanswered.map((i) => section[i]?.slice(0, 60))).toEqual([]);
  });
});

describe('lessons and labs', () => {
  const withLab = lessons.filter((l) => typeof l.data['lab'] === 'string');

  it.each(withLab.map((l) => [relative(docsRoot, l.file), l] as const))(
    '%s ends in a lab that names it back',
    (_file, lesson) => {
      const lab = manifest.find((entry) => entry.id === lesson.data['lab']);
      expect(lab, `lab "${String(lesson.data['lab'])}" is not in labs/manifest.ts`).toBeDefined();
      expect(lab?.lesson).toBe(lessonPath(lesson.file));
    },
  );

  it.each(withLab.map((l) => [relative(docsRoot, l.file), l] as const))(
    '%s shows its lab panel (which names the start command and checks the work)',
    (_file, lesson) => {
      expect(lesson.source).toMatch(/<LabPanel\s*\/>/);
    },
  );

  it('only lessons with a lab show a lab panel', () => {
    const stray = lessons
      .filter((l) => typeof l.data['lab'] !== 'string' && l.source.includes('<LabPanel'))
      .map((l) => relative(docsRoot, l.file));
    expect(stray).toEqual([]);
  });

  it('the sidebar lists every English lesson once, and the lab lessons in lab order', () => {
    const english = lessons.filter((l) => l.file.includes('/en/'));
    const order = (l: (typeof lessons)[number]): number =>
      (l.data['sidebar'] as { order?: number } | undefined)?.order ?? Infinity;
    const listed = sidebar.flatMap((group) =>
      group.items.flatMap((item) =>
        'slug' in item
          ? [item.slug]
          : english
              .filter((l) => lessonPath(l.file).startsWith(`${item.autogenerate.directory}/`))
              .sort((a, b) => order(a) - order(b) || a.file.localeCompare(b.file))
              .map((l) => lessonPath(l.file)),
      ),
    );
    expect([...listed].sort(), 'each lesson once').toEqual(english.map((l) => lessonPath(l.file)).sort());
    const labLessons = listed.filter((path) => manifest.some((lab) => lab.lesson === path));
    expect(labLessons).toEqual([...new Set(manifest.map((lab) => lab.lesson))]);
  });

  it('every lab in the manifest has its English lesson', () => {
    const english = new Set(lessons.filter((l) => l.file.includes('/en/')).map((l) => lessonPath(l.file)));
    const missing = manifest
      .filter((lab) => !english.has(lab.lesson))
      .map((lab) => `${lab.id} → ${lab.lesson}`);
    expect(missing).toEqual([]);
  });
});

describe('repository files shown in lessons', () => {
  const shown = lessons.flatMap((l) =>
    [...l.source.matchAll(/<RepoFile\s[^>]*\bpath="([^"]+)"/g)].map(
      (m) => [relative(docsRoot, l.file), m[1] ?? ''] as const,
    ),
  );

  it('finds RepoFile uses to check', () => {
    expect(shown.length).toBeGreaterThan(0);
  });

  it.each(shown)('%s shows %s, which exists', async (_file, path) => {
    await expect(access(path)).resolves.toBeUndefined();
  });
});

describe('versions named in learner-facing text', () => {
  const versions = loadVersions();
  const builtVersions = recipes(versions);
  const shown = {
    Prometheus: 'prometheus',
    Alloy: 'alloy',
    Mimir: 'mimir',
    Grafana: 'grafana',
    Loki: 'loki',
    k6: 'k6',
  } as const satisfies Readonly<Record<string, ServiceName>>;
  /** What a page may name for each: the version of either mode (they differ for Mimir alone). */
  const named: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
    Object.entries(shown).map(([name, service]) => [
      name,
      [...new Set(modes.map((mode) => displayVersion(versions, service, mode)))],
    ]),
  );

  it('are the versions stack/versions.env pins ("Written for" asides, .stack/bin paths)', async () => {
    const files = [
      ...(await pages(docsRoot)),
      ...(await pages('labs')).filter((f) => f.endsWith('README.md')),
    ];
    const stale: string[] = [];
    let seen = 0;
    for (const file of files) {
      const text = await readFile(file, 'utf8');
      for (const [, name, version] of text.matchAll(
        /\b(Prometheus|Alloy|Mimir|Grafana|Loki|k6) \*\*([^*]+)\*\*/g,
      )) {
        seen++;
        const pinned = named[name ?? ''] ?? [];
        if (!pinned.includes(version ?? ''))
          stale.push(`${file}: ${name} **${version}**, pinned ${pinned.join(' / ')}`);
        // A page naming one mode's version where the modes differ names the other one too.
        for (const other of pinned)
          if (!text.includes(`**${other}**`))
            stale.push(`${file}: names ${name} **${version}** but not **${other}** (the other mode's)`);
      }
      for (const [path, name, version] of text.matchAll(/\.stack\/bin\/([a-z0-9]+)\/([^/\s`]+)\//g)) {
        seen++;
        const recipe = builtVersions[name as keyof typeof builtVersions] as { version: string } | undefined;
        if (version !== recipe?.version)
          stale.push(`${file}: ${path}, pinned ${recipe?.version ?? '(no such build)'}`);
      }
    }
    expect(seen).toBeGreaterThan(10);
    expect(stale).toEqual([]);
  });
});

describe('Japanese prose', () => {
  // A line break inside a paragraph renders as a space, and between Japanese characters (or after
  // Japanese punctuation) that space is a visible gap mid-sentence: write such sentences on one line.
  // Emphasis and code markup at the break (`…ための⏎_フレームワーク_`, `**リソース**⏎属性`) render no
  // character of their own, so the test looks through `*`, `_` and backticks on either side.
  const cjk = '\\u3040-\\u30ff\\u3400-\\u4dbf\\u4e00-\\u9fff\\uff01-\\uff60ー、。・「」『』（）【】〜';
  const punct = '、。，．：；！？（）「」『』【】';
  const markup = '[*_`]*';
  const gap = new RegExp(
    `[${cjk}]${markup}[ \\t]*\\n[ \\t]*${markup}[${cjk}]|[${punct}]${markup}[ \\t]*\\n[ \\t]*(?![-*+] |\\d+\\. |[|<#>]|\\s|$)`,
    'gu',
  );

  it('has no line break inside a sentence (it would show as a gap)', async () => {
    const gaps: string[] = [];
    for (const file of (await pages(docsRoot)).filter((f) => f.includes('/ja/'))) {
      const source = await readFile(file, 'utf8');
      // Front matter and fenced code keep their line breaks.
      const prose = source
        .replace(/^---\n[\s\S]*?\n---\n/, (m) => m.replace(/[^\n]/g, ' '))
        .replace(/^```[\s\S]*?^```/gm, (m) => m.replace(/[^\n]/g, ' '));
      for (const match of prose.matchAll(gap)) {
        const line = prose.slice(0, match.index).split('\n').length;
        gaps.push(`${file}:${line}: …${source.split('\n')[line - 1]?.slice(-12) ?? ''}⏎`);
      }
    }
    expect(gaps).toEqual([]);
  });
});
