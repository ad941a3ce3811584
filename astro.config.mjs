// @ts-check
import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';
import react from '@astrojs/react';
import node from '@astrojs/node';

export default defineConfig({
  srcDir: './site',
  publicDir: './site/public',
  site: 'http://127.0.0.1:4321',
  // Pages are prerendered; only the stack proxy and lab-check endpoints run on the
  // local server, so `astro preview` serves the same thing learners get from `start`.
  output: 'static',
  adapter: node({ mode: 'standalone' }),
  server: { host: '127.0.0.1', port: 4321 },
  redirects: { '/': '/en/' },
  integrations: [
    starlight({
      title: 'Grafana Stack Workshop',
      description:
        'Prometheus, OpenMetrics, OpenTelemetry, Alloy and Mimir, learned on a stack you run yourself.',
      defaultLocale: 'en',
      locales: {
        en: { label: 'English', lang: 'en' },
        ja: { label: '日本語', lang: 'ja' },
      },
      customCss: ['./site/styles/workshop.css'],
      sidebar: [
        {
          label: 'Start here',
          translations: { ja: 'はじめに' },
          items: [{ autogenerate: { directory: 'start-here' } }],
        },
      ],
    }),
    react(),
  ],
});
