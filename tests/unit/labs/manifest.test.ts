/** The lab manifest's validation messages, and the course's own consistency. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseManifest } from '../../../labs/kit/manifest-schema.ts';
import { manifest } from '../../../labs/manifest.ts';
import { lintCourse } from '../../../scripts/lab/course-lint.ts';
import { dirsOf, findLab } from '../../../scripts/lab/labs.ts';
import type { Mistake } from '../../../labs/kit/mistakes.ts';

const entry = {
  id: '01-a-lab',
  title: 'A lab',
  lesson: 'prometheus/a-lesson',
  services: ['app'],
  files: ['a.yml'],
  hints: ['one'],
};

describe('parseManifest', () => {
  it('accepts a valid entry', () => {
    expect(parseManifest([entry])).toHaveLength(1);
  });

  it('names the lab and the field that is wrong', () => {
    expect(() => parseManifest([{ ...entry, hints: [] }])).toThrow(
      '01-a-lab: hints: every lab needs at least one hint',
    );
    expect(() => parseManifest([{ ...entry, services: ['grafna'] }])).toThrow(/01-a-lab: services\.0: /);
  });

  it('checks the order, tenants and ports across labs', () => {
    expect(() => parseManifest([{ ...entry, id: '02-a-lab' }])).toThrow('id must start with "01-"');
    expect(() => parseManifest([{ ...entry, tenant: 'lab-02' }])).toThrow('tenant must be "lab-01"');
    expect(() => parseManifest([{ ...entry, ports: { x: 9090 } }])).toThrow('port 9090 (x) is a stack port');
    expect(() =>
      parseManifest([
        { ...entry, ports: { x: 19000 } },
        { ...entry, id: '02-b', ports: { y: 19000 } },
      ]),
    ).toThrow('port 19000 (y) is already used by 01-a-lab');
  });
});

describe('the course', () => {
  it('has no lint problems: folders, TODOs in start/, none in solution/, hints', () => {
    expect(lintCourse(manifest, manifest).filter((f) => f.severity === 'problem')).toEqual([]);
  });

  it('finds a lab by id, number or slug, and says which exist otherwise', () => {
    expect(findLab('4').id).toBe('04-remote-write-tenant');
    expect(findLab('alloy-pipeline').id).toBe('05-alloy-pipeline');
    expect(() => findLab('99')).toThrow(/no lab "99"\. Labs: 01-scrape-the-app/);
  });

  it.each(manifest.map((l) => l.id))('%s: every recorded mistake applies to its solution', async (id) => {
    const { mistakes } = (await import(`../../../labs/${id}/mistakes.ts`)) as {
      mistakes: readonly Mistake[];
    };
    expect(mistakes.length).toBeGreaterThan(0);
    for (const mistake of mistakes) {
      const text = readFileSync(join(dirsOf(id).solution, mistake.file), 'utf8');
      expect(text, `${id} mistake "${mistake.name}"`).toContain(mistake.replace[0]);
      expect(mistake.replace[0]).not.toBe(mistake.replace[1]);
    }
  });
});
