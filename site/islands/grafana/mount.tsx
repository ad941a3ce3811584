import { useEffect, useMemo, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { ThemeContext } from '@grafana/data';
import { VizPanel, type EmbeddedScene } from '@grafana/scenes';
import type { ClassroomBoardSpec, ExerciseSpec, IslandSpec } from '../../lib/live/spec.ts';
import {
  classroomBoardStrings,
  exerciseStrings,
  fillPlaceholders,
  playgroundStrings,
  type LiveStrings,
} from '../../lib/live/strings.ts';
import { classroomIdPattern } from '../../../stack/services.ts';
import { ExerciseRoot } from '../promql/exercise-root.tsx';
import { setUpGrafanaRuntime } from './runtime-setup.ts';
import { findAllOfClass } from './scenes/find-objects.ts';
import { getClassroomScene } from './scenes/classroom-scene.tsx';
import { getDashboardScene } from './scenes/dashboard-scene.ts';
import { getPanelScene } from './scenes/panel-scene.ts';
import { getPlaygroundScene } from './scenes/playground-scene.tsx';
import { sceneObject } from './strict-types.ts';
import { StringsProvider } from './strings.tsx';
import { currentMode, setGlobalTheme, watchThemeMode, workshopTheme } from './theme.ts';

/**
 * The Grafana bundle's entry: the island loader imports it when the first panel scrolls into
 * view, then mounts one React root per island.
 */

function sceneFor(
  spec: Exclude<IslandSpec, ClassroomBoardSpec | ExerciseSpec>,
  strings: LiveStrings,
): EmbeddedScene {
  switch (spec.kind) {
    case 'panel':
      return getPanelScene(spec);
    case 'dashboard':
      return getDashboardScene(spec);
    case 'playground':
      return getPlaygroundScene(spec, playgroundStrings(strings));
  }
}

/** The classroom the board's address names (`?classroom=<id>`), if it is a valid id. */
function classroomInUrl(): string | undefined {
  const id = new URLSearchParams(window.location.search).get('classroom');
  return id !== null && classroomIdPattern.test(id) ? id : undefined;
}

/** The board of the classroom in the address, or what to run to get one. */
function ClassroomBoardRoot({ spec, strings }: { spec: ClassroomBoardSpec; strings: LiveStrings }) {
  const words = classroomBoardStrings(strings);
  const classroom = useMemo(classroomInUrl, []);
  const scene = useMemo(
    () => (classroom === undefined ? undefined : getClassroomScene(spec, classroom, words)),
    [classroom, spec, words],
  );
  if (classroom === undefined || scene === undefined)
    return (
      <p data-testid="classroom-none">
        {fillPlaceholders(words['board.none'], {
          start: <code key="start">npm run classroom -- start</code>,
        })}
      </p>
    );
  return (
    <>
      <h2 data-testid="classroom-id">
        {fillPlaceholders(words['board.classroom'], { id: classroom }).join('')}
      </h2>
      <LiveRoot scene={scene} />
    </>
  );
}

/** Scenes caches field colours per panel; after a theme switch they must be worked out again. */
function recolour(scene: EmbeddedScene): void {
  for (const panel of findAllOfClass(sceneObject(scene), VizPanel)) {
    panel.clearFieldConfigCache();
    panel.forceRender();
  }
}

function LiveRoot({ scene }: { scene: EmbeddedScene }) {
  const theme = useWorkshopTheme();
  useEffect(() => {
    recolour(scene);
  }, [scene, theme]);
  return (
    <ThemeContext.Provider value={theme}>
      <scene.Component model={scene} />
    </ThemeContext.Provider>
  );
}

/** The panels' theme, following the site's light/dark switch. */
function useWorkshopTheme() {
  const [mode, setMode] = useState(currentMode);
  // Set during render, before the panels render: Scenes colours series from the global theme.
  const theme = useMemo(() => {
    const next = workshopTheme(mode);
    setGlobalTheme(next);
    return next;
  }, [mode]);
  useEffect(() => watchThemeMode(setMode), []);
  return theme;
}

/** An exercise has no Scenes panels: its editor, result and verdict in the panels' theme. */
function ExerciseIsland({ spec, strings }: { spec: ExerciseSpec; strings: LiveStrings }) {
  const theme = useWorkshopTheme();
  return (
    <ThemeContext.Provider value={theme}>
      <ExerciseRoot spec={spec} strings={exerciseStrings(strings)} />
    </ThemeContext.Provider>
  );
}

/**
 * Grafana's menus and tooltips render into this portal container; giving it the islands' root
 * class puts them under the same scoped styles as the panels.
 */
function ensurePortalContainer(): void {
  if (document.getElementById('grafana-portal-container') !== null) return;
  const container = document.createElement('div');
  container.id = 'grafana-portal-container';
  container.className = 'live-root not-content';
  document.body.append(container);
}

export function mountIsland(container: HTMLElement, spec: IslandSpec, strings: LiveStrings): void {
  setUpGrafanaRuntime();
  ensurePortalContainer();
  createRoot(container).render(
    <StringsProvider strings={strings}>
      {spec.kind === 'classroom' ? (
        <ClassroomBoardRoot spec={spec} strings={strings} />
      ) : spec.kind === 'exercise' ? (
        <ExerciseIsland spec={spec} strings={strings} />
      ) : (
        <LiveRoot scene={sceneFor(spec, strings)} />
      )}
    </StringsProvider>,
  );
}
