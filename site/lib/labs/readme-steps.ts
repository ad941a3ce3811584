/**
 * The "Steps" of a lab's README.md (labs/<id>/README.md), for the lab panel at the end of its
 * lesson: each numbered item as text and inline code, and fenced code blocks inside an item.
 * The README stays the one place a lab's steps are written.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A run of a step: plain text, `inline code`, or a fenced block. */
export type Piece =
  | { readonly kind: 'text' | 'code'; readonly text: string }
  | { readonly kind: 'block'; readonly text: string };

/** Splits `a `b` c` into text and code pieces. */
export function inline(text: string): Piece[] {
  return text
    .split(/(`[^`]+`)/)
    .filter((part) => part !== '')
    .map((part) =>
      part.startsWith('`') && part.endsWith('`')
        ? { kind: 'code', text: part.slice(1, -1) }
        : { kind: 'text', text: part },
    );
}

/** The numbered items under "## Steps", joined across their continuation lines. */
export function parseSteps(readme: string): Piece[][] {
  const section = /^## Steps\s*$([\s\S]*?)(?=^## |(?![\s\S]))/m.exec(readme)?.[1] ?? '';
  const steps: Piece[][] = [];
  let text: string[] = [];
  let pieces: Piece[] = [];
  let block: string[] | undefined;
  const flushText = (): void => {
    if (text.length > 0) pieces.push(...inline(text.join(' ')));
    text = [];
  };
  for (const line of section.split('\n')) {
    const trimmed = line.trim();
    if (block) {
      if (trimmed.startsWith('```')) {
        pieces.push({ kind: 'block', text: block.join('\n') });
        block = undefined;
      } else block.push(line.replace(/^ {3}/, ''));
      continue;
    }
    if (trimmed.startsWith('```')) {
      flushText();
      block = [];
      continue;
    }
    const item = /^\d+\.\s+(.*)$/.exec(line);
    if (item) {
      flushText();
      if (pieces.length > 0) steps.push(pieces);
      pieces = [];
      text = [item[1] ?? ''];
    } else if (trimmed !== '' && (pieces.length > 0 || text.length > 0)) text.push(trimmed);
  }
  flushText();
  if (pieces.length > 0) steps.push(pieces);
  return steps;
}

export function labSteps(labId: string, root = process.cwd()): Piece[][] {
  return parseSteps(readFileSync(join(root, 'labs', labId, 'README.md'), 'utf8'));
}
