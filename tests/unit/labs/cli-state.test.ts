/** The CLI's own state: the progress file and copying a lab's files without losing the learner's. */
import { mkdtempSync, readFileSync, readdirSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyFiles, filesUnder, replaceDir } from '../../../scripts/lab/files.ts';
import { readProgress, updateLab } from '../../../scripts/lab/progress.ts';

const temp = (): string => mkdtempSync(join(tmpdir(), 'lab-cli-'));

describe('progress file', () => {
  it('starts empty, records a lab, and says not to edit it', () => {
    const file = join(temp(), '.progress.json');
    expect(readProgress(file)).toEqual({ labs: {} });
    updateLab('01-x', (p) => ({ ...p, hintsShown: 2 }), file);
    expect(readProgress(file).labs['01-x']?.hintsShown).toBe(2);
    expect(readFileSync(file, 'utf8')).toContain('do not edit');
  });

  it('sets an unreadable file aside instead of trusting it', () => {
    const dir = temp();
    const file = join(dir, '.progress.json');
    writeFileSync(file, '{ "labs": { "01-x": { "hintsShown": "many" } } }');
    expect(readProgress(file)).toEqual({ labs: {} });
    expect(readdirSync(dir).some((n) => n.startsWith('.progress.json.broken-'))).toBe(true);
    expect(existsSync(file)).toBe(false);
  });
});

describe('copying lab files', () => {
  it('start keeps the files the learner already has; reset replaces them all', () => {
    const from = temp();
    const to = temp();
    mkdirSync(join(from, 'sub'));
    writeFileSync(join(from, 'a.yml'), 'start');
    writeFileSync(join(from, 'sub', 'b.go'), 'start');
    writeFileSync(join(to, 'a.yml'), 'mine');
    expect(copyFiles(from, to, false)).toEqual({ copied: ['sub/b.go'], kept: ['a.yml'] });
    expect(readFileSync(join(to, 'a.yml'), 'utf8')).toBe('mine');
    writeFileSync(join(to, 'extra.txt'), 'added by the learner');
    expect(replaceDir(from, to)).toEqual(['a.yml', 'sub/b.go']);
    expect(readFileSync(join(to, 'a.yml'), 'utf8')).toBe('start');
    expect(filesUnder(to)).toEqual(['a.yml', 'sub/b.go']);
  });
});
