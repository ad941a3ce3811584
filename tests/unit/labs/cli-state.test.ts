/** The CLI's own state: the progress file and copying a lab's files without losing the learner's. */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { changedFiles, copyFiles, filesUnder, moveToTrash, replaceDir } from '../../../scripts/lab/files.ts';
import { readProgress, updateLab } from '../../../scripts/lab/progress.ts';
import { repoRoot } from '../../../scripts/stack/index.ts';

const temp = (): string => mkdtempSync(join(tmpdir(), 'lab-cli-'));

describe('progress file', () => {
  it('starts empty, records a lab, and says not to edit it', () => {
    const dir = temp();
    const file = join(dir, '.progress.json');
    expect(readProgress(file)).toEqual({ labs: {} });
    updateLab('01-x', (p) => ({ ...p, hintsShown: 2 }), file);
    expect(readProgress(file).labs['01-x']?.hintsShown).toBe(2);
    expect(readFileSync(file, 'utf8')).toContain('do not edit');
    expect(readdirSync(dir)).toEqual(['.progress.json']);
  });

  it('copies an unreadable file aside, once, and leaves it in place until a write replaces it', () => {
    const dir = temp();
    const file = join(dir, '.progress.json');
    const unreadable = '{ "labs": { "01-x": { "hintsShown": "many" } } }';
    writeFileSync(file, unreadable);
    expect(readProgress(file)).toEqual({ labs: {} });
    expect(readProgress(file)).toEqual({ labs: {} });
    const copies = readdirSync(dir).filter((n) => n.startsWith('.progress.json.broken-'));
    expect(copies).toHaveLength(1);
    expect(readFileSync(join(dir, copies[0] ?? ''), 'utf8')).toBe(unreadable);
    expect(readFileSync(file, 'utf8')).toBe(unreadable);
    updateLab('01-x', (p) => ({ ...p, hintsShown: 1 }), file);
    expect(readProgress(file).labs['01-x']?.hintsShown).toBe(1);
    expect(readFileSync(join(dir, copies[0] ?? ''), 'utf8')).toBe(unreadable);
  });

  it('is never caught half-written by a reader while another process writes it', async () => {
    const dir = temp();
    const file = join(dir, '.progress.json');
    const writes = 300;
    const writer = join(dir, 'writer.ts');
    writeFileSync(
      writer,
      [
        `import { updateLab } from ${JSON.stringify(join(repoRoot, 'scripts/lab/progress.ts'))};`,
        `for (let i = 1; i <= ${writes}; i++) updateLab('01-x', (p) => ({ ...p, hintsShown: i, startedAt: 'x'.repeat(4096) }), ${JSON.stringify(file)});`,
      ].join('\n'),
    );
    const child = spawn(process.execPath, [writer], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const state = { done: false };
    void exited.then(() => (state.done = true));
    let reads = 0;
    while (!state.done) {
      const seen = readProgress(file).labs['01-x']?.hintsShown;
      if (seen !== undefined) reads++;
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(await exited, stderr).toBe(0);
    expect(reads).toBeGreaterThan(0);
    expect(readdirSync(dir).filter((n) => n.includes('.broken-') || n.endsWith('.pending'))).toEqual([]);
    expect(readProgress(file).labs['01-x']?.hintsShown).toBe(writes);
  });

  it('keeps both labs’ changes when two processes record different labs at once', async () => {
    const dir = temp();
    const file = join(dir, '.progress.json');
    const writes = 200;
    const writer = (lab: string): Promise<{ code: number | null; stderr: string }> => {
      const script = join(dir, `${lab}.ts`);
      writeFileSync(
        script,
        [
          `import { updateLab } from ${JSON.stringify(join(repoRoot, 'scripts/lab/progress.ts'))};`,
          `for (let i = 1; i <= ${writes}; i++) updateLab('${lab}', (p) => ({ ...p, hintsShown: p.hintsShown + 1 }), ${JSON.stringify(file)});`,
        ].join('\n'),
      );
      const child = spawn(process.execPath, [script], { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      return new Promise((resolve) => {
        child.on('exit', (code) => {
          resolve({ code, stderr });
        });
      });
    };
    const results = await Promise.all([writer('01-a'), writer('02-b')]);
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    const labs = readProgress(file).labs;
    expect([labs['01-a']?.hintsShown, labs['02-b']?.hintsShown]).toEqual([writes, writes]);
    expect(existsSync(`${file}.lock`)).toBe(false);
  }, 60_000);
});

describe('copying lab files', () => {
  it('start keeps the files the learner already has', () => {
    const from = temp();
    const to = temp();
    mkdirSync(join(from, 'sub'));
    writeFileSync(join(from, 'a.yml'), 'start');
    writeFileSync(join(from, 'sub', 'b.go'), 'start');
    writeFileSync(join(to, 'a.yml'), 'mine');
    expect(copyFiles(from, to, false)).toEqual({ copied: ['sub/b.go'], kept: ['a.yml'] });
    expect(readFileSync(join(to, 'a.yml'), 'utf8')).toBe('mine');
  });

  it('replacing a folder moves what differs to the trash, files the learner added included', () => {
    const from = temp();
    const root = temp();
    const to = join(root, '01-x');
    const trash = join(root, '.trash');
    writeFileSync(join(from, 'a.yml'), 'start');
    mkdirSync(to);
    writeFileSync(join(to, 'a.yml'), 'mine');
    writeFileSync(join(to, 'extra.txt'), 'added by the learner');
    expect(changedFiles(from, to)).toEqual(['a.yml', 'extra.txt']);

    const replaced = replaceDir(from, to, trash, '01-x');
    expect(replaced.files).toEqual(['a.yml']);
    expect(replaced.trashed).toMatch(/\/\.trash\/01-x-\d{8}T\d{6}Z$/);
    expect(filesUnder(to)).toEqual(['a.yml']);
    expect(readFileSync(join(to, 'a.yml'), 'utf8')).toBe('start');
    expect(readFileSync(join(replaced.trashed ?? '', 'a.yml'), 'utf8')).toBe('mine');
    expect(readFileSync(join(replaced.trashed ?? '', 'extra.txt'), 'utf8')).toBe('added by the learner');

    // Already equal: nothing to keep, nothing moved.
    expect(replaceDir(from, to, trash, '01-x').trashed).toBeUndefined();
    expect(readdirSync(trash)).toHaveLength(1);
  });

  it('never moves one folder over another already in the trash', () => {
    const root = temp();
    const now = new Date('2025-12-02T09:15:00Z');
    for (const content of ['first', 'second']) {
      mkdirSync(join(root, 'lab'));
      writeFileSync(join(root, 'lab', 'f'), content);
      moveToTrash(join(root, 'lab'), join(root, '.trash'), '01-x', now);
    }
    expect(readdirSync(join(root, '.trash')).sort()).toEqual([
      '01-x-20251202T091500Z',
      '01-x-20251202T091500Z-2',
    ]);
    expect(readFileSync(join(root, '.trash', '01-x-20251202T091500Z', 'f'), 'utf8')).toBe('first');
    expect(existsSync(join(root, 'lab'))).toBe(false);
  });
});
