import { createTheme, type GrafanaTheme2 } from '@grafana/data';
import { config } from '@grafana/runtime';

/**
 * Grafana themes that follow Starlight's light/dark switch. Starlight sets data-theme on <html>;
 * the panels observe it. Fonts are the lesson's own, read from Starlight's CSS variables, so
 * panels look like part of the page and nothing waits on a web font (canvas axes measure text
 * once: a late font would clip their labels).
 */

export type ThemeMode = 'light' | 'dark';

export function currentMode(): ThemeMode {
  return document.documentElement.dataset['theme'] === 'light' ? 'light' : 'dark';
}

function cssVariable(name: string, fallback: string): string {
  const value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return value === '' ? fallback : value;
}

const themes = new Map<ThemeMode, GrafanaTheme2>();

export function workshopTheme(mode: ThemeMode): GrafanaTheme2 {
  let theme = themes.get(mode);
  if (theme === undefined) {
    theme = createTheme({
      colors: { mode },
      typography: {
        // Starlight's resolved font stacks (its --sl-font is only set when a site overrides it).
        fontFamily: cssVariable('--__sl-font', 'system-ui, sans-serif'),
        fontFamilyMonospace: cssVariable('--__sl-font-mono', 'monospace'),
        // Grafana sizes text in rem assuming a 14 px root; Starlight's root is the browser's 16 px.
        htmlFontSize: 16,
      },
    });
    themes.set(mode, theme);
  }
  return theme;
}

/**
 * Makes a theme the one Grafana code reads outside React too: Scenes colours series with
 * config.theme2 when it applies field config.
 */
export function setGlobalTheme(theme: GrafanaTheme2): void {
  config.theme2 = theme;
}

/** Calls back with the new mode whenever the learner switches Starlight's theme. */
export function watchThemeMode(onChange: (mode: ThemeMode) => void): () => void {
  const observer = new MutationObserver(() => {
    onChange(currentMode());
  });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  return () => {
    observer.disconnect();
  };
}
