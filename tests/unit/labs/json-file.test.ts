import { describe, expect, it } from 'vitest';
import { readJson } from '../../../labs/kit/json-file.ts';

describe('readJson', () => {
  it('reads what Go’s encoding/json reads', () => {
    expect(readJson('[{ "targets": ["app:8080"] }]\n', 'targets.json')).toEqual({
      ok: true,
      value: [{ targets: ['app:8080'] }],
    });
  });

  it.each([
    [
      'a trailing comma',
      '[\n  { "targets": [] },\n]\n',
      'targets.json line 3, column 1: not valid JSON (value expected)',
    ],
    ['a comment', '[] // none\n', 'targets.json line 1, column 4: not valid JSON (invalid comment token)'],
    [
      'a key without quotes',
      '[{ targets: [] }]',
      'targets.json line 1, column 4: not valid JSON (invalid symbol)',
    ],
  ])('names the line and column of %s', (_what, text, error) => {
    expect(readJson(text, 'targets.json')).toEqual({ ok: false, error });
  });
});
