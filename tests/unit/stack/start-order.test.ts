/** Native mode's start order comes from stack/services.ts's dependencies. */
import { describe, expect, it } from 'vitest';
import { isNative, serviceNames, services } from '../../../stack/services.ts';
import { nativeStartOrder, startWaves } from '../../../scripts/stack/native/commands.ts';

describe('native start order', () => {
  it('starts every native service once, after the native services it depends on', () => {
    expect(nativeStartOrder.flat().sort()).toEqual(serviceNames.filter(isNative).sort());
    nativeStartOrder.forEach((wave, i) => {
      const earlier = nativeStartOrder.slice(0, i).flat();
      for (const s of wave)
        for (const d of services[s].dependencies.filter(isNative))
          expect(earlier, `${s} needs ${d}`).toContain(d);
    });
  });

  it('starts Mimir first and the app last', () => {
    expect(nativeStartOrder[0]).toEqual(['mimir']);
    expect(nativeStartOrder.at(-1)).toEqual(['app']);
  });

  it('ignores dependencies outside the services it orders', () => {
    expect(startWaves(['app'])).toEqual([['app']]);
  });
});
