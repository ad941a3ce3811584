/**
 * Where the stack tools the checks use (promtool, prometheus, alloy, mimir) come from, decided
 * here and nowhere else: the stack's own binaries in .stack/bin while the stack runs natively,
 * the image compose.yaml pins (stack/images.ts) while it runs in Docker mode. With the stack
 * down, a built binary is used when there is one, else the image, so a learner who only has
 * Docker never needs a native build.
 */
import { existsSync } from 'node:fs';
import {
  loadVersions,
  readState,
  recipes,
  stackPaths,
  type StackPaths,
  toolComponent,
  toolPath,
  type UpstreamBinary,
} from '../../scripts/stack/index.ts';
import { images } from '../../stack/images.ts';

/** The stack binaries the checks run: the stack library's tools plus the prometheus server. */
export type Tool = UpstreamBinary;

export type ToolMode = 'native' | 'docker';

export interface NativeTool {
  readonly mode: 'native';
  readonly path: string;
  /** The pinned version it was built at (stack/versions.env). */
  readonly version: string;
  readonly exists: boolean;
  /** What to run when it is missing. */
  readonly buildCommand: string;
}

export interface ImageTool {
  readonly mode: 'docker';
  /** name:tag, from stack/versions.env. */
  readonly image: string;
  /** The binary's path inside the image. */
  readonly path: string;
  /** The image's tag. */
  readonly version: string;
  /** True when the stack runs in Docker mode; false when it is down and nothing is built natively. */
  readonly stackInDocker: boolean;
  /** What to run when the image is missing. */
  readonly pullCommand: string;
  /** The native alternative, for when Docker does not answer. */
  readonly buildCommand: string;
}

export type ToolSource = NativeTool | ImageTool;

/** The stack's mode when it runs; with it down, native when the binary is built, else Docker. */
export function toolMode(stackMode: ToolMode | undefined, nativeBuilt: boolean): ToolMode {
  return stackMode ?? (nativeBuilt ? 'native' : 'docker');
}

export function nativeTool(name: Tool, paths: StackPaths = stackPaths()): NativeTool {
  const versions = loadVersions(paths.versionsFile);
  const recipe = recipes(versions)[toolComponent(name)];
  const path = toolPath(paths, versions, name);
  return {
    mode: 'native',
    path,
    version: recipe.version,
    exists: existsSync(path),
    buildCommand: `npm run stack -- build ${toolComponent(name)}`,
  };
}

export function imageTool(name: Tool, paths: StackPaths = stackPaths(), stackInDocker = true): ImageTool {
  const facts = images[toolComponent(name)];
  const image = facts.ref(loadVersions(paths.versionsFile));
  const binary = facts.binaries.find((b) => b.from === name);
  if (!binary) throw new Error(`stack/images.ts: ${toolComponent(name)}'s image lists no ${name} binary`);
  return {
    mode: 'docker',
    image,
    path: binary.path,
    version: image.slice(image.lastIndexOf(':') + 1),
    stackInDocker,
    pullCommand: `docker pull ${image}`,
    buildCommand: `npm run stack -- build ${toolComponent(name)}`,
  };
}

/** The tool as the checks run it now (see the header). */
export function tool(name: Tool, paths: StackPaths = stackPaths()): ToolSource {
  const native = nativeTool(name, paths);
  const stackMode = readState(paths)?.mode;
  return toolMode(stackMode, native.exists) === 'native'
    ? native
    : imageTool(name, paths, stackMode === 'docker');
}
