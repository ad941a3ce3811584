import type { GrafanaTheme2 } from '@grafana/data';
import type { SceneObject, SceneObjectState } from '@grafana/scenes';

/**
 * The project type-checks with exactOptionalPropertyTypes (Astro's strictest tsconfig); some
 * Grafana declarations were not written for it. Rather than scatter casts, scene and theme code
 * goes through these functions, which change types only.
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

/** A theme group with every field, at any depth, known to be set; functions stay as they are. */
type Filled<T> = T extends (...args: never[]) => unknown
  ? T
  : T extends object
    ? { readonly [K in keyof T]-?: Filled<NonNullable<T[K]>> }
    : NonNullable<T>;

/**
 * @grafana/data types theme colour groups as DeepRequired<z.infer<...>>, which under
 * exactOptionalPropertyTypes still reads `text.primary`, `background`... as possibly undefined.
 * createTheme always fills them in.
 */
export function themeColors(theme: GrafanaTheme2): Filled<GrafanaTheme2['colors']> {
  return theme.colors as Filled<GrafanaTheme2['colors']>;
}

/** The same for the theme's component colours (inputs, the code editor's tokens), which createTheme also fills in. */
export function themeComponents(theme: GrafanaTheme2): Filled<GrafanaTheme2['components']> {
  return theme.components as Filled<GrafanaTheme2['components']>;
}
