/** Docker mode's decisions from what the daemon reports (scripts/stack/docker-plan.ts). */
import { describe, expect, it } from 'vitest';
import { STAND_IN_LABEL } from '../../../stack/images.ts';
import {
  ALLOW_STAND_INS_VARIABLE,
  cleanupAfterFailedUp,
  composeDownNeeded,
  composeEnv,
  nativeFallbackNotice,
  standInRefusal,
  standIns,
} from '../../../scripts/stack/docker-plan.ts';

const core = ['app', 'prometheus', 'alloy', 'mimir', 'grafana'];

describe('a failed Docker up', () => {
  it('runs compose down (every profile) when nothing of the project ran before it', () => {
    expect(cleanupAfterFailedUp([], [...core, 'loki'])).toEqual({ kind: 'down' });
  });

  it('removes only what it added when part of the project already ran', () => {
    expect(cleanupAfterFailedUp(core, [...core, 'loki'])).toEqual({ kind: 'remove', services: ['loki'] });
  });
});

describe('stack down', () => {
  it('runs compose down when the project has containers, even without a state file', () => {
    expect(composeDownNeeded(undefined, ['mimir'])).toBe(true);
    expect(composeDownNeeded('native', ['loki'])).toBe(true);
  });

  it('runs compose down when the state says Docker, whatever the daemon answers', () => {
    expect(composeDownNeeded('docker', undefined)).toBe(true);
    expect(composeDownNeeded('docker', [])).toBe(true);
  });

  it('leaves compose alone when Docker does not answer or the project has no containers', () => {
    expect(composeDownNeeded(undefined, undefined)).toBe(false);
    expect(composeDownNeeded('native', [])).toBe(false);
  });
});

describe("the app's log exporter in Docker mode", () => {
  const ids = { WORKSHOP_UID: '1000', WORKSHOP_GID: '1000' };

  it('stays on when Loki already runs in the project, though this up does not name it', () => {
    expect(composeEnv(core, [...core, 'loki'], ids).APP_LOGS_EXPORTER).toBe('otlp');
  });

  it('is on when this up starts Loki, off when Loki runs nowhere', () => {
    expect(composeEnv([...core, 'loki'], [], ids).APP_LOGS_EXPORTER).toBe('otlp');
    expect(composeEnv(core, core, ids).APP_LOGS_EXPORTER).toBe('none');
  });

  it("passes the learner's ids through", () => {
    expect(composeEnv(core, [], ids)).toMatchObject(ids);
  });
});

describe('the stand-in guard', () => {
  const labels = {
    'grafana/mimir:3.1.2': { [STAND_IN_LABEL]: 'true' },
    'prom/prometheus:v3.16.0': {
      'org.opencontainers.image.source': 'https://github.com/prometheus/prometheus',
    },
    'grafana/alloy:v1.11.0': {},
  };

  it('finds the images that carry the harness label, and only those', () => {
    expect(standIns(labels)).toEqual(['grafana/mimir:3.1.2']);
  });

  it('refuses them, naming each and the command that removes them', () => {
    const refusal = standInRefusal(standIns(labels), {});
    expect(refusal).toContain('test stand-ins');
    expect(refusal).toContain('docker image rm grafana/mimir:3.1.2');
  });

  it(`lets ${ALLOW_STAND_INS_VARIABLE}=1 run them, and has nothing to say without any`, () => {
    expect(standInRefusal(['grafana/mimir:3.1.2'], { [ALLOW_STAND_INS_VARIABLE]: '1' })).toBeUndefined();
    expect(standInRefusal(['grafana/mimir:3.1.2'], { [ALLOW_STAND_INS_VARIABLE]: 'yes' })).toBeDefined();
    expect(standInRefusal([], {})).toBeUndefined();
  });
});

describe('the native fallback notice', () => {
  it('says why, that native needs Go, and that it builds for minutes, over several lines', () => {
    const notice = nativeFallbackNotice('docker compose pull failed for grafana/mimir:3.1.2');
    expect(notice).toContain('docker compose pull failed for grafana/mimir:3.1.2');
    expect(notice).toMatch(/Go 1\.\d+/);
    expect(notice).toMatch(/minutes/);
    expect(notice.split('\n').length).toBeGreaterThan(2);
  });
});
