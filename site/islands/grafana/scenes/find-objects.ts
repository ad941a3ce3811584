import { sceneGraph, type SceneObject } from '@grafana/scenes';

/**
 * Every object of one class in a scene, typed as that class. Narrowing a SceneObject with
 * instanceof does not work under exactOptionalPropertyTypes (see strict-types.ts), so each
 * object is narrowed from unknown instead.
 */
export function findAllOfClass<T>(root: SceneObject, cls: abstract new (...args: never[]) => T): T[] {
  const found: T[] = [];
  for (const object of sceneGraph.findAllObjects(root, (o) => o instanceof cls)) {
    const candidate: unknown = object;
    if (candidate instanceof cls) found.push(candidate);
  }
  return found;
}
