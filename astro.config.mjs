// @ts-check
import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';
import react from '@astrojs/react';
import node from '@astrojs/node';
import { fileURLToPath } from 'node:url';
import { grafanaAssets } from './site/lib/grafana-assets.ts';
import { defaultLocale, locales } from './site/lib/locales.ts';
import { sidebar } from './site/lib/sidebar.ts';
import { maxBodyBytes } from './site/lib/guard/request-guard.ts';
import { siteBindAddress, sitePort, siteUrl } from './site/lib/guard/site-address.ts';

export default defineConfig({
  srcDir: './site',
  publicDir: './site/public',
  site: siteUrl,
  // Pages are prerendered; only the stack proxy and lab-check endpoints run on the
  // local server, so `astro preview` serves the same thing learners get from `start`.
  output: 'static',
  // The adapter's own limit backs up the request guard's Content-Length check (site/middleware.ts).
  adapter: node({ mode: 'standalone', bodySizeLimit: maxBodyBytes }),
  server: { host: siteBindAddress, port: sitePort },
  redirects: { '/': `/${defaultLocale}/` },
  vite: {
    // @grafana/scenes' dependency @grafana/plugin-compat imports names that @grafana/runtime
    // 13 no longer exports, on code paths the live panels never take: bind them to undefined.
    build: { rolldownOptions: { shimMissingExports: true } },
    optimizeDeps: { rolldownOptions: { shimMissingExports: true } },
    resolve: {
      alias: [
        {
          find: /^react-custom-scrollbars-2$/,
          replacement: fileURLToPath(
            new URL('./site/islands/grafana/cjs-interop/react-custom-scrollbars-2.js', import.meta.url),
          ),
        },
      ],
    },
  },
  integrations: [
    starlight({
      title: 'Grafana Stack Workshop',
      description:
        'Prometheus, OpenMetrics, OpenTelemetry, Alloy and Mimir, learned on a stack you run yourself.',
      defaultLocale,
      locales,
      customCss: ['./site/styles/workshop.css'],
      // Config files shown in lessons have long comment lines: wrap them (indent kept) rather
      // than hide their ends behind a horizontal scroll bar.
      expressiveCode: { defaultProps: { wrap: true } },
      sidebar,
    }),
    // The live panels' React trees are mounted by site/islands/loader.ts, not as Astro islands,
    // so no page gets React Refresh's dev preamble: leave them to Vite's plain JSX transform.
    react({ exclude: [/\/site\/islands\//] }),
    // Icons @grafana/ui fetches at run time, for the live panels.
    grafanaAssets(),
  ],
});
