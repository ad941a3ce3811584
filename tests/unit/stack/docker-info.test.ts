/** The Compose and buildx checks of dockerInfo and doctor (scripts/stack/docker-info.ts). */
import { describe, expect, it } from 'vitest';
import {
  buildxProblem,
  buildxVersion,
  composeProblem,
  minBuildx,
} from '../../../scripts/stack/docker-info.ts';

describe('Compose', () => {
  it('accepts v2 and later, with or without the leading v', () => {
    expect(composeProblem('2.40.3')).toBeUndefined();
    expect(composeProblem('v2.24.0')).toBeUndefined();
    expect(composeProblem('5.0.1')).toBeUndefined();
    expect(composeProblem('dev')).toBeUndefined();
  });

  it('names what to install when the plugin is missing or older than v2', () => {
    expect(composeProblem(undefined)).toMatch(/missing: install docker-compose-plugin/);
    expect(composeProblem('1.29.2')).toMatch(/older than Compose v2: install/);
  });
});

describe('buildx', () => {
  it("reads the version from `docker buildx version`'s line", () => {
    expect(buildxVersion('github.com/docker/buildx v0.17.1 8c2a3d7\n')).toBe('v0.17.1');
    expect(buildxVersion('github.com/docker/buildx 0.19.3+ds1-4 0.19.3+ds1-4\n')).toBe('0.19.3+ds1-4');
  });

  it(`accepts ${minBuildx.join('.')} and later`, () => {
    expect(buildxProblem('v0.17.0')).toBeUndefined();
    expect(buildxProblem('v0.29.1')).toBeUndefined();
    expect(buildxProblem('v1.0.0')).toBeUndefined();
  });

  it('names what to install when buildx is missing or older than compose build accepts', () => {
    expect(buildxProblem(undefined)).toMatch(/buildx plugin is missing.*install the buildx plugin 0\.17/);
    expect(buildxProblem('v0.16.2')).toMatch(/too old.*needs 0\.17/);
    expect(buildxProblem('v0.9.1')).toMatch(/too old/);
  });
});
