import { defineCollection } from 'astro:content';
import { z } from 'astro/zod';
import { docsLoader, i18nLoader } from '@astrojs/starlight/loaders';
import { docsSchema, i18nSchema } from '@astrojs/starlight/schema';
import { lessonFields } from './lesson-schema.ts';
import { labStringKeys, type LabStringKey } from './lib/labs/strings.ts';
import { boardStringKeys, type BoardStringKey } from './lib/live/board-keys.ts';
import { exerciseStringKeys, type ExerciseStringKey } from './lib/live/exercise-keys.ts';
import { explainStringKeys, type ExplainStringKey } from './lib/live/explain-keys.ts';
import { liveStringKeys, type LiveStringKey } from './lib/live/strings.ts';

/** The live components' strings (site/lib/live/strings.ts), one entry per key. */
const liveStrings = Object.fromEntries(liveStringKeys.map((key) => [key, z.string()])) as Record<
  LiveStringKey,
  z.ZodString
>;

/** The playground's explain tree's strings (site/lib/live/explain-keys.ts). */
const explainStrings = Object.fromEntries(explainStringKeys.map((key) => [key, z.string()])) as Record<
  ExplainStringKey,
  z.ZodString
>;

/** The classroom board's strings (site/lib/live/board-keys.ts). */
const boardStrings = Object.fromEntries(boardStringKeys.map((key) => [key, z.string()])) as Record<
  BoardStringKey,
  z.ZodString
>;

/** A PromQL exercise's strings (site/lib/live/exercise-keys.ts). */
const exerciseStrings = Object.fromEntries(exerciseStringKeys.map((key) => [key, z.string()])) as Record<
  ExerciseStringKey,
  z.ZodString
>;

/** The lab panel's strings (site/lib/labs/strings.ts). */
const labStringSchemas = Object.fromEntries(labStringKeys.map((key) => [key, z.string()])) as Record<
  LabStringKey,
  z.ZodString
>;

/** UI strings of the workshop's own components, translated per locale in content/i18n. */
const workshopStrings = z.object({
  'stackDiagram.scrape': z.string(),
  'stackDiagram.otlp': z.string(),
  'stackDiagram.remoteWrite': z.string(),
  'stackDiagram.otlpWrite': z.string(),
  'stackDiagram.query': z.string(),
  'stackDiagram.panels': z.string(),
  'stackDiagram.site': z.string(),
  ...liveStrings,
  ...explainStrings,
  ...boardStrings,
  ...exerciseStrings,
  ...labStringSchemas,
});

export const collections = {
  docs: defineCollection({
    loader: docsLoader(),
    schema: docsSchema({ extend: lessonFields }),
  }),
  i18n: defineCollection({ loader: i18nLoader(), schema: i18nSchema({ extend: workshopStrings.partial() }) }),
};
