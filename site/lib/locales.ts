/**
 * The languages the course is written in. Starlight's locale config (astro.config.mjs), the
 * course lint (each lab's lesson exists in every locale) and the e2e lesson walk read this list.
 */

/** The locale the site redirects `/` to and every translation follows. */
export const defaultLocale = 'en';

/** Each locale's Starlight entry: the name the language picker shows and the page's `lang`. */
export const locales = {
  en: { label: 'English', lang: 'en' },
  ja: { label: '日本語', lang: 'ja' },
} as const;

export type Locale = keyof typeof locales;

/** Every locale code, the default first. */
export const localeCodes = Object.keys(locales) as readonly Locale[];
