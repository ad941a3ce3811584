import { z } from 'astro/zod';
import { serviceNames } from '../stack/services.ts';

/** Front-matter fields every lesson may carry, on top of Starlight's own. */
export const lessonFields = z.object({
  /** Id of the lab that ends this lesson, as in labs/manifest.ts (e.g. "01-scrape-the-app"). */
  lab: z
    .string()
    .regex(/^\d{2}-[a-z0-9-]+$/, 'a lab id looks like "01-scrape-the-app"')
    .optional(),
  /** Stack services the lesson's live panels and lab need running. */
  services: z.array(z.enum(serviceNames)).default([]),
  /** Minutes a learner needs, lab included. Lessons set it; landing pages leave it out. */
  duration: z.number().int().positive().max(240).optional(),
  /** Who the lesson is written for. Lessons set it; landing pages leave it out. */
  level: z.enum(['beginner', 'intermediate', 'advanced']).optional(),
});

export type LessonFields = z.infer<typeof lessonFields>;
