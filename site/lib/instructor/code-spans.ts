/** Catalogue text with `backtick` code, cut into plain and code parts for a component to render (never as HTML). */
export interface Span {
  readonly code: boolean;
  readonly text: string;
}

export const codeSpans = (text: string): Span[] =>
  text
    .split('`')
    .map((part, i) => ({ code: i % 2 === 1, text: part }))
    .filter((span) => span.text !== '');
