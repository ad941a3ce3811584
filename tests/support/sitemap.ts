import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Paths of every page in the built site's sitemap, so browser tests cover new lessons
 * without being told about them. Reads dist/ because Playwright's webServer builds first.
 */
export async function sitemapPaths(root = process.cwd()): Promise<string[]> {
  const xml = await readFile(join(root, 'dist/client/sitemap-0.xml'), 'utf8');
  const paths = [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1] ?? '').pathname);
  if (paths.length === 0) throw new Error('dist/client/sitemap-0.xml lists no pages: did the build run?');
  return paths;
}
