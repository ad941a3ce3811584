/**
 * `lab reset` and `lab solution` never delete the learner's files: what they replace is moved
 * to workspace/.trash/ and the output says where. Reset asks first when the files differ from
 * the starter, and without a terminal to ask in it refuses unless --force. The real CLI, with
 * WORKSHOP_STATE_DIR pointing at a throwaway folder (no stack needed: lab 01 has nothing running).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { repoRoot } from '../../../scripts/stack/index.ts';

const LAB = '01-scrape-the-app';
const FILE = 'scrape.yml';
const starter = readFileSync(join(repoRoot, 'labs', LAB, 'start', FILE), 'utf8');

function lab(state: string, ...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'lab', 'cli.ts'), ...args], {
    cwd: repoRoot,
    env: { ...process.env, WORKSHOP_STATE_DIR: state, NO_COLOR: '1' },
    encoding: 'utf8',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A state folder with lab 01 started and its scrape file edited, plus a file the learner added. */
function startedAndEdited(): { state: string; workspace: string; trash: string } {
  const state = mkdtempSync(join(tmpdir(), 'lab-reset-'));
  expect(lab(state, 'start', LAB).code).toBe(0);
  const workspace = join(state, 'workspace', LAB);
  writeFileSync(join(workspace, FILE), `${starter}# my work\n`);
  writeFileSync(join(workspace, 'notes.txt'), 'my notes');
  return { state, workspace, trash: join(state, 'workspace', '.trash') };
}

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

describe('lab reset', () => {
  it('refuses without --force when no one can be asked, naming --force, and changes nothing', () => {
    const { state, workspace, trash } = startedAndEdited();
    const refused = lab(state, 'reset', LAB);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("differs from the lab's starting files (notes.txt, scrape.yml)");
    expect(refused.stderr).toContain(`npm run lab -- reset ${LAB} --force`);
    expect(readFileSync(join(workspace, FILE), 'utf8')).toContain('# my work');
    expect(existsSync(trash)).toBe(false);
  });

  it('with --force moves the learner’s files to the trash, says where, and puts the starter back', () => {
    const { state, workspace, trash } = startedAndEdited();
    const reset = lab(state, 'reset', LAB, '--force');
    expect(reset.code, reset.stderr).toBe(0);
    const [kept] = readdirSync(trash);
    expect(kept).toMatch(new RegExp(`^${LAB}-\\d{8}T\\d{6}Z$`));
    expect(reset.stdout).toContain(`your files are in ${join(trash, kept ?? '')}/`);
    expect(readFileSync(join(trash, kept ?? '', FILE), 'utf8')).toContain('# my work');
    expect(readFileSync(join(trash, kept ?? '', 'notes.txt'), 'utf8')).toBe('my notes');
    expect(readFileSync(join(workspace, FILE), 'utf8')).toBe(starter);
    expect(existsSync(join(workspace, 'notes.txt'))).toBe(false);
  });

  it('starts over without asking when the files are the starter’s', () => {
    const state = mkdtempSync(join(tmpdir(), 'lab-reset-'));
    expect(lab(state, 'start', LAB).code).toBe(0);
    const reset = lab(state, 'reset', LAB);
    expect(reset.code, reset.stderr).toBe(0);
    expect(existsSync(join(state, 'workspace', '.trash'))).toBe(false);
  });

  it('on a terminal asks first, and a no leaves everything as it was', async () => {
    const { state, workspace, trash } = startedAndEdited();
    vi.stubEnv('WORKSHOP_STATE_DIR', state);
    const { reset } = await import('../../../scripts/lab/verbs.ts');
    const { findLab } = await import('../../../scripts/lab/labs.ts');
    const questions: string[] = [];
    const declined = await reset(findLab(LAB), {
      force: false,
      confirm: (question) => {
        questions.push(question);
        return Promise.resolve(false);
      },
    });
    expect(declined).toBe(1);
    expect(questions.join('')).toMatch(/\(notes\.txt, scrape\.yml\).*start over\? \[y\/N\]/);
    expect(readFileSync(join(workspace, FILE), 'utf8')).toContain('# my work');
    expect(existsSync(trash)).toBe(false);

    const accepted = await reset(findLab(LAB), { force: false, confirm: () => Promise.resolve(true) });
    expect(accepted).toBe(0);
    expect(readdirSync(trash)).toHaveLength(1);
  });
});

describe('lab solution', () => {
  it('keeps a changed copy of an earlier solution in the trash', () => {
    const state = mkdtempSync(join(tmpdir(), 'lab-solution-'));
    const first = lab(state, 'solution', LAB, '--force');
    expect(first.code, first.stderr).toBe(0);
    const shown = join(state, 'workspace', 'solutions', LAB);
    writeFileSync(join(shown, FILE), 'my edits to the reference');

    const again = lab(state, 'solution', LAB, '--force');
    expect(again.code, again.stderr).toBe(0);
    const trash = join(state, 'workspace', '.trash');
    const [kept] = readdirSync(trash);
    expect(kept).toMatch(new RegExp(`^${LAB}-solution-\\d{8}T\\d{6}Z$`));
    expect(again.stdout).toContain(join(trash, kept ?? ''));
    expect(readFileSync(join(trash, kept ?? '', FILE), 'utf8')).toBe('my edits to the reference');
    expect(readFileSync(join(shown, FILE), 'utf8')).toBe(
      readFileSync(join(repoRoot, 'labs', LAB, 'solution', FILE), 'utf8'),
    );
  });
});
