/** The lab panel's steps come from each lab's README: every lab's README has them, parsed whole. */
import { describe, expect, it } from 'vitest';
import { manifest } from '../../../labs/manifest.ts';
import { inline, labSteps, parseSteps } from '../../../site/lib/labs/readme-steps.ts';

describe('parseSteps', () => {
  it('reads numbered items with their continuation lines, inline code and fenced blocks', () => {
    const readme = [
      '# Lab',
      '## Steps',
      '',
      '1. Open `a.yml`. It already',
      '   scrapes the app.',
      '2. Convert:',
      '',
      '   ```sh',
      '   alloy convert x',
      '   ```',
      '',
      '   Then read it.',
      '## Check your work',
      '1. not a step',
    ].join('\n');
    expect(parseSteps(readme)).toEqual([
      [
        { kind: 'text', text: 'Open ' },
        { kind: 'code', text: 'a.yml' },
        { kind: 'text', text: '. It already scrapes the app.' },
      ],
      [
        { kind: 'text', text: 'Convert:' },
        { kind: 'block', text: 'alloy convert x' },
        { kind: 'text', text: 'Then read it.' },
      ],
    ]);
  });

  it('splits inline code', () => {
    expect(inline('`a` b')).toEqual([
      { kind: 'code', text: 'a' },
      { kind: 'text', text: ' b' },
    ]);
  });

  it.each(manifest.map((l) => l.id))('%s: its README has at least three steps', (id) => {
    expect(labSteps(id).length).toBeGreaterThanOrEqual(3);
  });
});
