/**
 * Every shell command a lesson or lab README shows, besides curl, is of a kind that a test runs
 * or that says why it is illustrative (tests/support/doc-shell-commands.ts), and names what
 * exists: a lab, a profile, the pinned Alloy.
 */
import { describe, expect, it } from 'vitest';
import { docShellCommands } from '../../scripts/lib/doc-commands.ts';
import { repoRoot } from '../../scripts/stack/index.ts';
import { commandKinds, kindOf } from '../support/doc-shell-commands.ts';

const commands = docShellCommands(repoRoot);

describe('the shell commands in the lessons and lab READMEs', () => {
  it('finds them', () => {
    expect(commands.length).toBeGreaterThan(20);
  });

  it('are each of a kind a test runs, or illustrative with a reason', () => {
    const unknown = commands.filter((c) => kindOf(c.command) === undefined);
    expect(unknown.map((c) => `${c.where}: ${c.command}`)).toEqual([]);
  });

  it('name what exists', () => {
    const problems = commands.flatMap((c) => {
      const found = kindOf(c.command);
      const problem = found?.kind.problem?.(found.match);
      return problem ? [`${c.where}: ${c.command}: ${problem}`] : [];
    });
    expect(problems).toEqual([]);
  });

  it('has no kind that no command uses', () => {
    const used = new Set(commands.map((c) => kindOf(c.command)?.kind.name));
    expect(commandKinds.filter((k) => !used.has(k.name)).map((k) => k.name)).toEqual([]);
  });
});
