/**
 * A learner's JSON file, read strictly (no comments, no trailing comma: what Go's
 * encoding/json, and so Prometheus, accepts), with the line and column of the first error.
 * JSON.parse names a position for some errors only.
 */
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';

export type JsonRead =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: string };

/** "line 14, column 1", 1-based, for an offset into text. */
function place(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1}`;
}

/** What Prometheus would read: the value, or `<shown> line L, column C: <error>`. */
export function readJson(text: string, shown: string): JsonRead {
  const errors: ParseError[] = [];
  const value: unknown = parse(text, errors, { disallowComments: true, allowTrailingComma: false });
  const first = errors[0];
  if (first === undefined) return { ok: true, value };
  const what = printParseErrorCode(first.error)
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
  return { ok: false, error: `${shown} ${place(text, first.offset)}: not valid JSON (${what})` };
}
