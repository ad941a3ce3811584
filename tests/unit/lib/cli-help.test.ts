import { describe, expect, it } from 'vitest';
import { commandsHelp } from '../../../scripts/lib/cli-help.ts';

describe('commandsHelp (the lab and stack CLIs print their verb tables with it)', () => {
  it('starts every summary in one column, after the usage', () => {
    const rows = [
      { name: 'down', args: '', summary: 'stop it' },
      { name: 'logs', args: '<svc> [-f]', summary: 'show them' },
    ];
    expect(commandsHelp(rows, 16).split('\n')).toEqual([
      '  down            stop it',
      '  logs <svc> [-f] show them',
    ]);
  });

  it('moves the summary under its column when the usage does not fit, and indents its further lines', () => {
    const rows = [{ name: 'dev-check', args: '[lab...] [--static]', summary: 'first line\nsecond line' }];
    expect(commandsHelp(rows, 16).split('\n')).toEqual([
      '  dev-check [lab...] [--static]',
      '                  first line',
      '                  second line',
    ]);
  });
});
