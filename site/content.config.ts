import { defineCollection } from 'astro:content';
import { z } from 'astro/zod';
import { docsLoader, i18nLoader } from '@astrojs/starlight/loaders';
import { docsSchema, i18nSchema } from '@astrojs/starlight/schema';
import { lessonFields } from './lesson-schema.ts';

/** UI strings of the workshop's own components, translated per locale in content/i18n. */
const workshopStrings = z.object({
  'stackDiagram.scrape': z.string(),
  'stackDiagram.otlp': z.string(),
  'stackDiagram.remoteWrite': z.string(),
  'stackDiagram.otlpWrite': z.string(),
  'stackDiagram.query': z.string(),
  'stackDiagram.panels': z.string(),
  'stackDiagram.site': z.string(),
});

export const collections = {
  docs: defineCollection({
    loader: docsLoader(),
    schema: docsSchema({ extend: lessonFields }),
  }),
  i18n: defineCollection({ loader: i18nLoader(), schema: i18nSchema({ extend: workshopStrings.partial() }) }),
};
