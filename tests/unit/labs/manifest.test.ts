/** The lab manifest's validation messages, and the course's own consistency. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseManifest } from '../../../labs/kit/manifest-schema.ts';
import { manifest } from '../../../labs/manifest.ts';
import { lintCourse } from '../../../scripts/lab/course-lint.ts';
import { dirsOf, findLab } from '../../../scripts/lab/labs.ts';
import type { Attempt } from '../../../labs/kit/cases.ts';
import { writeAttempt } from '../../../labs/kit/cases.ts';
import { loadCases } from '../../../scripts/lab/dev-check.ts';

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

  it.each(manifest.map((l) => l.id))(
    '%s: its cases apply to its files, with at least three alternatives and a sequence each way',
    async (id) => {
      const cases = await loadCases(id);
      expect(cases.mistakes.length).toBeGreaterThan(0);
      expect(cases.alternatives.length).toBeGreaterThanOrEqual(3);
      const kinds = cases.sequences.map((q) =>
        q.steps.map((s) => (s.expect === 'pass' ? 'P' : 'F')).join(''),
      );
      expect(
        kinds.some((k) => k.includes('PF')),
        'a sequence that passes, then breaks',
      ).toBe(true);
      expect(
        kinds.some((k) => k.includes('FP')),
        'a sequence that fails, then is fixed',
      ).toBe(true);
      const dir = mkdtempSync(join(tmpdir(), 'cases-'));
      const attempts: [string, Attempt][] = [
        ...cases.mistakes.map((m) => [`mistake ${m.name}`, m] as [string, Attempt]),
        ...cases.alternatives.map((a) => [`alternative ${a.name}`, a] as [string, Attempt]),
        ...cases.sequences.flatMap((q) =>
          q.steps.map((s, i) => [`${q.name} ${i + 1}`, s] as [string, Attempt]),
        ),
      ];
      for (const [label, attempt] of attempts) {
        // Throws when a replacement no longer finds its text.
        writeAttempt(dir, dirsOf(id), attempt, label);
        for (const edit of attempt.edits ?? [])
          if ('replace' in edit) expect(edit.replace[0], label).not.toBe(edit.replace[1]);
      }
      // An alternative that is the solution itself proves nothing.
      for (const a of cases.alternatives) expect(a.edits?.length ?? 0, a.name).toBeGreaterThan(0);
    },
  );
});
