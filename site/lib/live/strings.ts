import { boardStringKeys, type BoardStringKey, type BoardStrings } from './board-keys.ts';
import { explainStringKeys, type ExplainStringKey, type ExplainStrings } from './explain-keys.ts';
import { exerciseStringKeys, type ExerciseStringKey, type ExerciseStrings } from './exercise-keys.ts';
import type { IslandSpec } from './spec.ts';

/**
 * The words live components show, translated per locale in site/content/i18n/<locale>.json
 * under these keys (checked by site/content.config.ts). LiveIsland.astro looks them up at build
 * time and hands the island's share to the browser, so the Grafana bundle carries no dictionary.
 */

export const liveStringKeys = [
  'live.waiting',
  'live.failed',
  'live.noscript',
  'live.playground',
  'live.playground.label',
  /** The playground's name and editor label when it queries Loki. */
  'live.playground.logql',
  'live.playground.logql.label',
  'live.playground.run',
  'live.playground.hint',
  'live.playground.examples',
  'live.playground.graph',
  'live.playground.table',
  /** "{service}" is replaced by the service's name. */
  'live.stackDown.title',
  /** "{workshop}" and "{stack}" are replaced by the two commands, shown as code. */
  'live.stackDown.start',
  'live.stackDown.retry',
  /** For a service native mode does not run: "{service}" as above. */
  'live.dockerOnly.title',
  /** "{stack}" (the Docker-mode command) and "{down}" (stopping a native stack), shown as code. */
  'live.dockerOnly.start',
] as const;

export type LiveStringKey = (typeof liveStringKeys)[number];

/** The strings an island renders in the browser. */
export type LiveStrings = Readonly<Record<LiveStringKey, string>>;

/**
 * The keys an island of a kind receives: the explain tree's words only go to playgrounds, the
 * board's to the board.
 */
export function islandStringKeys(
  kind: IslandSpec['kind'],
): readonly (LiveStringKey | ExplainStringKey | BoardStringKey | ExerciseStringKey)[] {
  if (kind === 'playground') return [...liveStringKeys, ...explainStringKeys];
  if (kind === 'exercise') return [...liveStringKeys, ...explainStringKeys, ...exerciseStringKeys];
  if (kind === 'classroom') return [...liveStringKeys, ...boardStringKeys];
  return liveStringKeys;
}

/** A playground's strings: every island's, and its explain tree's. */
export type PlaygroundStrings = LiveStrings & ExplainStrings;

/** A playground island's strings, checked to hold the explain tree's (islandStringKeys). */
export function playgroundStrings(strings: LiveStrings): PlaygroundStrings {
  const missing = explainStringKeys.filter((key) => !(key in strings));
  if (missing.length > 0) throw new Error(`playground island without the strings ${missing.join(', ')}`);
  return strings as PlaygroundStrings;
}

/** A board's strings: every island's, and the board's own. */
export type ClassroomBoardStrings = LiveStrings & BoardStrings;

/** A board island's strings, checked to hold the board's (islandStringKeys). */
export function classroomBoardStrings(strings: LiveStrings): ClassroomBoardStrings {
  const missing = boardStringKeys.filter((key) => !(key in strings));
  if (missing.length > 0) throw new Error(`classroom board island without the strings ${missing.join(', ')}`);
  return strings as ClassroomBoardStrings;
}

/** An exercise's strings: every island's, the explain tree's and the exercise's own. */
export type ExerciseIslandStrings = LiveStrings & ExplainStrings & ExerciseStrings;

/** An exercise island's strings, checked to hold the explain tree's and its own (islandStringKeys). */
export function exerciseStrings(strings: LiveStrings): ExerciseIslandStrings {
  const missing = [...explainStringKeys, ...exerciseStringKeys].filter((key) => !(key in strings));
  if (missing.length > 0) throw new Error(`exercise island without the strings ${missing.join(', ')}`);
  return strings as ExerciseIslandStrings;
}

/**
 * Splits a string with {name} placeholders into text and placeholder parts, so a component can
 * render each placeholder as an element (a command in <code>).
 */
export function fillPlaceholders<T>(text: string, values: Readonly<Record<string, T>>): (string | T)[] {
  return text
    .split(/(\{\w+\})/)
    .filter((part) => part !== '')
    .map((part) => {
      const name = /^\{(\w+)\}$/.exec(part)?.[1];
      return name !== undefined && name in values ? (values[name] as T) : part;
    });
}
