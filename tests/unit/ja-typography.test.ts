/**
 * Japanese typography and terminology of the ja lessons (site/content/docs/ja/**).
 *
 * - Emphasis: no italic on Japanese text (`_語_` or `*語*` renders as a synthetic oblique, which
 *   Japanese typography does not use; introduce a term with 「」 or bold), no space between a
 *   Japanese character and bold markup around Japanese text (`の **語** です` shows two gaps;
 *   write `の**語**です`), and every `*`/`**` pairs up as CommonMark reads it, so bold written
 *   without spaces still renders as bold and never as literal asterisks.
 * - Terminology: one term per concept, read from site/content/ja-glossary.json: every refused
 *   variant is reported with file:line and the preferred term, and the terms the glossary spells
 *   out are spelt out on their first use in each lesson.
 *
 * Code is never prose: front matter, fenced code blocks, import lines, inline code spans, link
 * targets and URLs are masked (same length, same line breaks) before anything is matched, so
 * identifiers such as `http_requests_total` or `__address__` cannot look like emphasis.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const jaRoot = 'site/content/docs/ja';
const glossaryFile = 'site/content/ja-glossary.json';

const entries = await readdir(jaRoot, { withFileTypes: true, recursive: true });
const files = entries
  .filter((e) => e.isFile() && /\.mdx?$/.test(e.name))
  .map((e) => join(e.parentPath, e.name))
  .sort();
const pages = await Promise.all(files.map(async (file) => ({ file, source: await readFile(file, 'utf8') })));

/** Japanese letters, the long-vowel mark and Japanese (full-width) punctuation. */
const japanese = /[\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff60]/u;
/** Japanese letters only (no punctuation). */
const japaneseLetter = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]/u;

const blank = (text: string): string => text.replace(/[^\n]/g, ' ');
const fill = (text: string): string => text.replace(/[^\n]/g, 'x');

/** `source` with its front matter blanked (same length, same line breaks). */
function withoutFrontMatter(source: string): string {
  return source.replace(/^---\n[\s\S]*?\n---\n/, blank);
}

/** The end (exclusive) of the JSX tag that starts at `start` (`<Name …>`, `</Name>`, `<Name … />`). */
function jsxTagEnd(text: string, start: number): number {
  let quote = '';
  let depth = 0;
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c === '{') depth++;
    else if (c === '}') depth--;
    else if (c === '>' && depth === 0) return i + 1;
  }
  return text.length;
}

/**
 * The text a reader sees, with markup that is not prose masked: fenced code and import lines
 * blanked, inline code, link targets and URLs filled with `x` (their backticks and brackets kept,
 * since CommonMark's emphasis rules look at them), and, with `jsx: false`, component tags and
 * their props blanked (props are strings, not Markdown). Front matter is left to the caller.
 */
function mask(source: string, { jsx }: { jsx: boolean }): string {
  let text = source
    .replace(/^[ \t]*(```+|~~~+)[^\n]*\n[\s\S]*?^[ \t]*\1[ \t]*$/gm, blank)
    .replace(/^(?:import|export) .*$/gm, blank)
    .replace(
      /(?<!`)(`+)(?!`)([\s\S]*?[^`])\1(?!`)/g,
      (_m, ticks: string, code: string) => ticks + fill(code) + ticks,
    )
    .replace(/\]\(([^)\s]*)\)/g, (m) => `](${fill(m.slice(2, -1))})`)
    .replace(/\bhttps?:\/\/[^\s)>'"`]+/g, fill);
  if (!jsx) {
    let out = '';
    let from = 0;
    for (const m of text.matchAll(/<\/?[A-Z][\w.]*/g)) {
      if (m.index < from) continue;
      const end = jsxTagEnd(text, m.index);
      out += text.slice(from, m.index) + blank(text.slice(m.index, end));
      from = end;
    }
    text = out + text.slice(from);
  }
  return text;
}

const lineOf = (text: string, index: number): number => text.slice(0, index).split('\n').length;

/** Orders `file:line: …` reports by file, then line number. */
const byPlace = (a: string, b: string): number => a.localeCompare(b, 'en', { numeric: true });

interface Delimiter {
  char: '*' | '_';
  start: number;
  length: number;
  remaining: number;
  canOpen: boolean;
  canClose: boolean;
}

interface Emphasis {
  /** Index of the opening delimiter (its first character). */
  open: number;
  /** Index just past the closing delimiter. */
  close: number;
  /** 2 for bold, 1 for italic. */
  size: number;
  content: string;
}

/**
 * CommonMark's emphasis: delimiter runs, their flanking, and the pairing of openers and closers
 * (https://spec.commonmark.org/0.31.2/#emphasis-and-strong-emphasis), in one block of prose.
 * Returns the emphasis spans and the `*`/`_` characters left over, which a reader sees as text.
 */
function emphasis(text: string): { spans: Emphasis[]; literal: Delimiter[] } {
  const space = (c: string | undefined): boolean => c === undefined || /\s/u.test(c);
  const punctuation = (c: string | undefined): boolean => c !== undefined && /[\p{P}\p{S}]/u.test(c);
  const delimiters: Delimiter[] = [];
  for (const m of text.matchAll(/(?<!\\)(\*+|_+)/g)) {
    const run = m[0];
    const before = text[m.index - 1];
    const after = text[m.index + run.length];
    const left = !space(after) && (!punctuation(after) || space(before) || punctuation(before));
    const right = !space(before) && (!punctuation(before) || space(after) || punctuation(after));
    const char = run[0] === '*' ? '*' : '_';
    delimiters.push({
      char,
      start: m.index,
      length: run.length,
      remaining: run.length,
      canOpen: char === '*' ? left : left && (!right || punctuation(before)),
      canClose: char === '*' ? right : right && (!left || punctuation(after)),
    });
  }
  const spans: Emphasis[] = [];
  const openers: Delimiter[] = [];
  for (const closer of delimiters) {
    if (closer.canClose) {
      for (;;) {
        const index = openers.findLastIndex(
          (o) =>
            o.char === closer.char &&
            !(
              (o.canClose || closer.canOpen) &&
              (o.length + closer.length) % 3 === 0 &&
              !(o.length % 3 === 0 && closer.length % 3 === 0)
            ),
        );
        const opener = openers[index];
        if (!opener || closer.remaining === 0) break;
        const size = opener.remaining >= 2 && closer.remaining >= 2 ? 2 : 1;
        const open = opener.start + opener.remaining - size;
        const close = closer.start + closer.length - closer.remaining + size;
        spans.push({ open, close, size, content: text.slice(open + size, close - size) });
        opener.remaining -= size;
        closer.remaining -= size;
        // Delimiters between an opener and its closer can no longer pair.
        openers.splice(index + 1);
        if (opener.remaining === 0) openers.splice(index, 1);
      }
    }
    if (closer.remaining > 0 && closer.canOpen) openers.push(closer);
  }
  return { spans, literal: delimiters.filter((d) => d.remaining > 0) };
}

describe('Japanese emphasis (ja lessons)', () => {
  /**
   * Paragraphs of prose (emphasis can span a line break, not a block): consecutive lines, a new
   * block starting at a blank line, a list item, a table row, a heading or a quote.
   */
  const blocks = pages.flatMap(({ file, source }) => {
    const masked = mask(withoutFrontMatter(source), { jsx: false }).split('\n');
    const shown = source.split('\n');
    const found: { file: string; line: number; text: string; shown: string }[] = [];
    masked.forEach((text, i) => {
      const last = found.at(-1);
      const starts = /^\s*$|^\s*(?:[-*+]\s|\d+\.\s|\||#|>)/.test(text) || /^\s*$/.test(masked[i - 1] ?? '');
      if (/^\s*$/.test(text)) return;
      if (last && !starts) {
        last.text += `\n${text}`;
        last.shown += `\n${shown[i] ?? ''}`;
      } else found.push({ file, line: i + 1, text, shown: shown[i] ?? '' });
    });
    return found;
  });

  /** `file:line` of `index` in a block, and the source around it. */
  const at = (block: (typeof blocks)[number], index: number, end = index): string =>
    `${block.file}:${block.line + lineOf(block.text, index) - 1}: ${block.shown.slice(index, end).replace(/\n/g, '⏎')}`;

  it('reads emphasis as CommonMark does', () => {
    const read = (text: string): { spans: string[]; literal: string } => {
      const { spans, literal } = emphasis(text);
      return {
        spans: spans.map((span) => `${span.size}:${span.content}`),
        literal: literal.map((d) => d.char.repeat(d.remaining)).join(''),
      };
    };
    expect(read('これが**プル型モデル**です')).toEqual({ spans: ['2:プル型モデル'], literal: '' });
    expect(read('**スクレイプ**。数秒ごとに')).toEqual({ spans: ['2:スクレイプ'], literal: '' });
    expect(read('「**語**」は')).toEqual({ spans: ['2:語'], literal: '' });
    expect(read('各 _ターゲット_ の')).toEqual({ spans: ['1:ターゲット'], literal: '' });
    // Punctuation just inside the markup, with a letter just outside, stops it pairing.
    expect(read('**スクレイプ。**数秒ごとに')).toEqual({ spans: [], literal: '****' });
    expect(read('の**「語」**は')).toEqual({ spans: [], literal: '****' });
    expect(read('の**`code`**が')).toEqual({ spans: [], literal: '****' });
    // No intraword `_`, and identifiers are not emphasis.
    expect(read('の_語_です')).toEqual({ spans: [], literal: '__' });
    expect(read('x * y, http_requests_total')).toEqual({ spans: [], literal: '*__' });
  });

  it('finds emphasis to check', () => {
    expect(blocks.flatMap((b) => emphasis(b.text).spans).length).toBeGreaterThan(50);
  });

  it('uses no italic on Japanese text (introduce a term with 「」 or bold)', () => {
    const italic: string[] = [];
    for (const block of blocks) {
      for (const span of emphasis(block.text).spans)
        if (span.size === 1 && japanese.test(span.content)) italic.push(at(block, span.open, span.close));
      // `_` between Japanese letters never opens emphasis (CommonMark allows no intraword `_`):
      // it shows as an underscore.
      for (const d of emphasis(block.text).literal)
        if (
          d.char === '_' &&
          (japaneseLetter.test(block.text[d.start - 1] ?? '') ||
            japaneseLetter.test(block.text[d.start + d.length] ?? ''))
        )
          italic.push(`${at(block, Math.max(0, d.start - 6), d.start + d.length + 6)} (a literal _)`);
    }
    expect(italic.sort(byPlace)).toEqual([]);
  });

  it('puts no space between Japanese text and bold or italic markup around Japanese text', () => {
    const spaced: string[] = [];
    for (const block of blocks) {
      for (const span of emphasis(block.text).spans) {
        const before = /(\S)[ \t]+$/u.exec(block.text.slice(0, span.open))?.[1];
        const after = /^[ \t]+(\S)/u.exec(block.text.slice(span.close))?.[1];
        const first = span.content[0];
        const last = span.content.at(-1);
        if (before && japanese.test(before) && first && japanese.test(first))
          spaced.push(`${at(block, span.open, span.close)} (space before)`);
        if (after && japanese.test(after) && last && japanese.test(last))
          spaced.push(`${at(block, span.open, span.close)} (space after)`);
      }
    }
    expect(spaced.sort(byPlace)).toEqual([]);
  });

  it('pairs every * as CommonMark does, so no asterisk shows as text', () => {
    const literal = blocks.flatMap((block) =>
      emphasis(block.text)
        .literal.filter((d) => d.char === '*' && (d.canOpen || d.canClose))
        .map((d) => at(block, Math.max(0, d.start - 8), d.start + d.length + 8)),
    );
    expect(
      literal,
      'bold next to punctuation needs the punctuation outside it: 「**語**」, **語**。',
    ).toEqual([]);
  });
});

interface Glossary {
  terms: { refuse: string; prefer: string; allow?: string[]; why: string }[];
  spellOutOnFirstUse: { term: string; as: string; why: string }[];
}

const glossary = JSON.parse(await readFile(glossaryFile, 'utf8')) as Glossary;

describe(`Japanese terminology (${glossaryFile})`, () => {
  it('has terms, each preferring something other than what it refuses', () => {
    expect(glossary.terms.length).toBeGreaterThan(5);
    for (const term of glossary.terms) {
      expect(term.prefer, term.refuse).not.toBe(term.refuse);
      expect(term.why.trim(), term.refuse).not.toBe('');
    }
  });

  it('finds no refused variant in the ja lessons', () => {
    const found: string[] = [];
    for (const { file, source } of pages) {
      // Front matter and component props are plain strings: code font cannot apply there.
      const everywhere = mask(source, { jsx: true });
      const prose = mask(withoutFrontMatter(source), { jsx: false });
      for (const { refuse, prefer, allow = [], why } of glossary.terms) {
        // An English identifier refused only outside code font is looked for in Markdown prose.
        const codeFont = prefer === `\`${refuse}\``;
        const text = codeFont ? prose : everywhere;
        const word = /^[\w-]|[\w-]$/.test(refuse);
        const escaped = refuse.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        const pattern = new RegExp(word ? `(?<![\\w.-])${escaped}(?![\\w-])` : escaped, 'g');
        for (const m of text.matchAll(pattern)) {
          // クラスタ is part of クラスター; メトリック is part of the allowed メトリッククエリ.
          const within = (whole: string): boolean => {
            for (let at = whole.indexOf(refuse); at !== -1; at = whole.indexOf(refuse, at + 1))
              if (text.startsWith(whole, m.index - at)) return true;
            return false;
          };
          if ((!codeFont && within(prefer.replace(/`/g, ''))) || allow.some(within)) continue;
          found.push(`${file}:${lineOf(text, m.index)}: ${refuse} → ${prefer} (${why})`);
        }
      }
    }
    expect(found.sort(byPlace)).toEqual([]);
  });

  it('spells out its abbreviated terms on their first use in each lesson', () => {
    const missing: string[] = [];
    for (const { file, source } of pages) {
      const text = mask(withoutFrontMatter(source), { jsx: true });
      for (const { term, as } of glossary.spellOutOnFirstUse) {
        const first = text.indexOf(term);
        if (first !== -1 && !text.startsWith(as, first))
          missing.push(`${file}:${lineOf(text, first)}: first ${term} is written ${as}`);
      }
    }
    expect(missing.sort(byPlace)).toEqual([]);
  });
});
