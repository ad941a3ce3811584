import type { IslandSpec } from '../lib/live/spec.ts';
import type { LiveStrings } from '../lib/live/strings.ts';
import { setGrafanaBootData } from './grafana/boot-data.ts';

/**
 * The only script a lesson with live panels loads up front. It waits until an island comes near
 * the viewport, then imports the Grafana bundle (once, for all islands) and mounts the island.
 * Lesson text therefore ships without Grafana, and pages whose panels are never scrolled to
 * never download it.
 */

/** Start loading a little before the island is visible, so it is ready when it arrives. */
const rootMargin = '200px 0px';

async function mount(island: HTMLElement): Promise<void> {
  island.dataset['islandState'] = 'loading';
  const target = island.querySelector<HTMLElement>('[data-live-mount]');
  const spec = JSON.parse(island.dataset['spec'] ?? 'null') as IslandSpec | null;
  const strings = JSON.parse(island.dataset['strings'] ?? 'null') as LiveStrings | null;
  if (target === null || spec === null || strings === null)
    throw new Error('live island without a mount point, spec or strings');
  // @grafana/runtime reads these globals while its modules evaluate: set them before importing.
  setGrafanaBootData();
  const { mountIsland } = await import('./grafana/mount.tsx');
  island.querySelector('[data-live-placeholder]')?.remove();
  mountIsland(target, spec, strings);
  island.dataset['islandState'] = 'mounted';
}

const observer = new IntersectionObserver(
  (entries) => {
    for (const entry of entries) {
      if (!entry.isIntersecting) continue;
      observer.unobserve(entry.target);
      const island = entry.target as HTMLElement;
      mount(island).catch((err: unknown) => {
        island.dataset['islandState'] = 'failed';
        console.error('Live panel failed to load', err);
      });
    }
  },
  { rootMargin },
);

for (const island of document.querySelectorAll<HTMLElement>('[data-live-island]')) observer.observe(island);
