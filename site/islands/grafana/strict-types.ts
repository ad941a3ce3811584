import type { GrafanaTheme2, ThemeColors } from '@grafana/data';
import type { SceneObject, SceneObjectState } from '@grafana/scenes';

/**
 * The project type-checks with exactOptionalPropertyTypes (Astro's strictest tsconfig); two
 * Grafana declarations were not written for it. Rather than scatter casts, scene and theme code
 * goes through these two functions, which change types only.
 */

/**
 * @grafana/scenes declares `SceneObject.parent?: SceneObject` (and variableDependency, urlSync)
 * but implements them as getters returning `X | undefined`, so under exactOptionalPropertyTypes
 * no concrete scene object is assignable to SceneObject, SceneTimeRangeLike, SceneDataProvider...
 * This states what the object is used as; Scenes checks the rest at run time, as it always does.
 */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- Target is the cast's target, by design
export function sceneObject<Target extends SceneObject = SceneObject>(object: {
  readonly state: SceneObjectState;
}): Target {
  return object as unknown as Target;
}

type StrictColors = { readonly [K in keyof ThemeColors]-?: NonNullable<ThemeColors[K]> };

/**
 * @grafana/data types theme colour groups as DeepRequired<z.infer<...>>, which under
 * exactOptionalPropertyTypes still reads `text`, `background`... as possibly undefined.
 * createTheme always fills them in.
 */
export function themeColors(theme: GrafanaTheme2): StrictColors {
  return theme.colors as StrictColors;
}
