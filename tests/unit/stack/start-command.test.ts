import { describe, expect, it } from 'vitest';
import { dockerOnly, isNative, serviceNames, startCommand } from '../../../stack/services.ts';

describe('startCommand (CLI notes, lab hints and the panels’ notices)', () => {
  it('starts a core service with plain up, a profile’s with its profile', () => {
    expect(startCommand('prometheus')).toBe('npm run stack -- up');
    expect(startCommand('app')).toBe('npm run stack -- up');
  });

  it('starts a service native mode does not run in Docker mode, with its profile', () => {
    expect(startCommand('loki')).toBe('npm run stack -- up --mode docker --profile logs');
    expect(startCommand('k6')).toBe('npm run stack -- up --mode docker --profile load');
    expect(startCommand('grafana')).toBe('npm run stack -- up --mode docker');
    for (const s of serviceNames)
      expect(dockerOnly(s)?.command, s).toBe(isNative(s) ? undefined : startCommand(s));
  });
});
