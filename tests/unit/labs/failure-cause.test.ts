/**
 * Whose problem a failure is: the runner marks each failed check with a cause (the learner's
 * work, the stack being down, the checker crashing), and the dev-check's "start/ fails for
 * the right reason" reads that cause, not the wording of the message.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { check, defineLab } from '../../../labs/kit/define.ts';
import type { LabReport } from '../../../labs/kit/runner.ts';
import { runLab } from '../../../labs/kit/runner.ts';
import type { Verdict } from '../../../labs/kit/verdict.ts';
import { CheckFailure, fail, pass } from '../../../labs/kit/verdict.ts';
import { isLearnerFailure } from '../../../scripts/lab/dev-check.ts';

// Every stack service reads as down, without a request: the "stack is up" check fails.
vi.mock(import('../../../scripts/stack/index.ts'), async (importOriginal) => ({
  ...(await importOriginal()),
  probeService: () => Promise.resolve({ ok: false, detail: 'connection refused' }),
}));

const dir = mkdtempSync(join(tmpdir(), 'lab-cause-'));

/** A lab whose first check passes and whose second does what `second` does. */
const labWith = (second: () => Verdict) =>
  defineLab({
    id: '99-cause',
    init: () => ({}),
    checks: [check('first', () => pass()), check('second', second), check('third', () => pass())],
  });

const failed = (report: LabReport) => report.results.find((r) => r.status === 'fail');

describe('the cause of a failed check', () => {
  it('is the learner when a check fails, whatever its message says', async () => {
    const report = await runLab(
      labWith(() => fail('the checker stopped: this is only the message of a learner failure')),
      [],
      dir,
    );
    expect(report.results.map((r) => [r.name, r.status, r.cause])).toEqual([
      ['first', 'pass', undefined],
      ['second', 'fail', 'learner'],
      ['third', 'skip', undefined],
    ]);
    expect(isLearnerFailure(report)).toBe(true);
  });

  it('is the learner when a helper ends the check with a CheckFailure', async () => {
    const report = await runLab(
      labWith(() => {
        throw new CheckFailure(fail('scrape.yml is missing'));
      }),
      [],
      dir,
    );
    expect(failed(report)?.cause).toBe('learner');
    expect(isLearnerFailure(report)).toBe(true);
  });

  it('is the checker when a check throws', async () => {
    const report = await runLab(
      labWith(() => {
        throw new Error('undefined is not a function');
      }),
      [],
      dir,
    );
    expect(failed(report)).toMatchObject({
      name: 'second',
      cause: 'checker',
      message: 'the checker stopped: undefined is not a function',
    });
    expect(isLearnerFailure(report)).toBe(false);
  });

  it('is the stack when a service the lab needs is down', async () => {
    const report = await runLab(
      labWith(() => fail('never reached')),
      ['mimir'],
      dir,
    );
    expect(failed(report)).toMatchObject({ name: 'stack is up (mimir)', cause: 'stack' });
    expect(report.results.slice(1).every((r) => r.status === 'skip')).toBe(true);
    expect(isLearnerFailure(report)).toBe(false);
  });

  it('is no learner failure when the run passes', async () => {
    const report = await runLab(
      labWith(() => pass()),
      [],
      dir,
    );
    expect(report.passed).toBe(true);
    expect(isLearnerFailure(report)).toBe(false);
  });
});
