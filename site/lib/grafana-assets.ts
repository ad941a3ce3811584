import { cp, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, normalize, sep } from 'node:path';
import type { AstroIntegration } from 'astro';

/**
 * Serves @grafana/ui's icons where it fetches them at run time: `${__grafana_public_path__}build/img`.
 * @grafana/ui builds those URLs itself, so no bundler sees them; the files are copied into the
 * build and served by the dev server. Only icons a panel actually shows are ever downloaded.
 */

/** URL prefix of the icons; islands/grafana/constants.ts sets the same public path. */
const urlPrefix = '/_grafana/build/img/';

const imgDir = join(
  dirname(createRequire(import.meta.url).resolve('@grafana/ui/package.json')),
  'dist/public/img',
);

export function grafanaAssets(): AstroIntegration {
  return {
    name: 'workshop:grafana-assets',
    hooks: {
      'astro:server:setup': ({ server }) => {
        server.middlewares.use(urlPrefix, (req, res, next) => {
          const file = normalize(join(imgDir, decodeURIComponent((req.url ?? '').split('?')[0] ?? '')));
          if (!file.startsWith(imgDir + sep) || !file.endsWith('.svg')) {
            next();
            return;
          }
          readFile(file).then(
            (svg) => {
              res.setHeader('content-type', 'image/svg+xml');
              res.end(svg);
            },
            () => {
              next();
            },
          );
        });
      },
      'astro:build:done': async ({ dir }) => {
        await cp(imgDir, new URL(`.${urlPrefix}`, dir), { recursive: true });
      },
    },
  };
}
