/**
 * The instructors' agendas against the lessons as they are: every agenda names lessons that
 * exist in every locale with a duration, fits its length, and every lesson it names has a demo.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Agenda } from '../../site/lib/instructor/agendas.ts';
import { agendas, demos, schedule } from '../../site/lib/instructor/agendas.ts';
import { codeSpans } from '../../site/lib/instructor/code-spans.ts';
import { localeCodes } from '../../site/lib/locales.ts';

async function duration(locale: string, lesson: string): Promise<number | undefined> {
  const source = await readFile(`site/content/docs/${locale}/${lesson}.mdx`, 'utf8').catch(() => '');
  const front = /^---\n([\s\S]*?)\n---/.exec(source)?.[1];
  return front ? ((parse(front) as { duration?: number }).duration ?? undefined) : undefined;
}

const lessonsOf = (agenda: Agenda): string[] =>
  agenda.items.flatMap((item) => ('lesson' in item ? [item.lesson] : []));

describe.each(Object.entries(agendas))('agenda %s', (name, agenda: Agenda) => {
  it.each(localeCodes)('fits its length with the %s lessons’ durations', async (locale) => {
    const durations = new Map<string, number>();
    for (const lesson of lessonsOf(agenda)) {
      const minutes = await duration(locale, lesson);
      if (minutes !== undefined) durations.set(lesson, minutes);
    }
    const planned = schedule(name, agenda, durations);
    expect(planned.totalMinutes).toBeLessThanOrEqual(agenda.lengthMinutes);
    expect(planned.rows[0]?.at).toBe(agenda.starts);
  });

  it('has a demo for every lesson, in every locale', () => {
    for (const lesson of lessonsOf(agenda))
      for (const locale of localeCodes) expect(demos[lesson]?.[locale], `${lesson} ${locale}`).toBeTruthy();
  });
});

describe('schedule', () => {
  const agenda: Agenda = {
    title: { en: 't', ja: 't' },
    starts: '09:50',
    lengthMinutes: 60,
    items: [{ lesson: 'a' }, { pause: 'break', minutes: 10 }, { lesson: 'b' }],
  };

  it('starts each item where the one before ended', () => {
    const planned = schedule(
      'x',
      agenda,
      new Map([
        ['a', 20],
        ['b', 25],
      ]),
    );
    expect(planned.rows.map((r) => r.at)).toEqual(['09:50', '10:10', '10:20']);
    expect(planned.ends).toBe('10:45');
  });

  it('refuses an agenda that overruns, or names a lesson without a duration', () => {
    expect(() =>
      schedule(
        'x',
        agenda,
        new Map([
          ['a', 40],
          ['b', 25],
        ]),
      ),
    ).toThrow('agenda x: 75 minutes of lessons and breaks do not fit in 60');
    expect(() => schedule('x', agenda, new Map([['a', 20]]))).toThrow(
      'lesson "b" has no page with a duration',
    );
  });
});

describe('codeSpans', () => {
  it('cuts backtick code out of catalogue text', () => {
    expect(codeSpans('run `npm start`, then `x`')).toEqual([
      { code: false, text: 'run ' },
      { code: true, text: 'npm start' },
      { code: false, text: ', then ' },
      { code: true, text: 'x' },
    ]);
  });
});
