/**
 * The site's own UI strings: every locale translates every key English has, so a Japanese page
 * never falls back to English in the middle of a panel, and the keys the components look up exist.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { labStringKeys } from '../../site/lib/labs/strings.ts';
import { explainStringKeys } from '../../site/lib/live/explain-keys.ts';
import { liveStringKeys } from '../../site/lib/live/strings.ts';

const dir = 'site/content/i18n';
const load = (file: string): Record<string, string> =>
  JSON.parse(readFileSync(join(dir, file), 'utf8')) as Record<string, string>;
const en = load('en.json');

describe('UI strings (site/content/i18n)', () => {
  it('English defines every key the live components, the explain tree and the lab panel use', () => {
    for (const key of [...liveStringKeys, ...explainStringKeys, ...labStringKeys])
      expect(en, key).toHaveProperty(key);
  });

  it.each(readdirSync(dir).filter((f) => f !== 'en.json'))('%s translates every English key', (file) => {
    const strings = load(file);
    expect(Object.keys(strings).sort()).toEqual(Object.keys(en).sort());
    for (const [key, value] of Object.entries(strings)) expect(value.trim(), key).not.toBe('');
  });
});
