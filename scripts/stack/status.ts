/** `npm run stack -- status`: one row per service. */
import type { ServiceStatus } from './api.ts';
import { bold, green, red, yellow } from './output.ts';

export function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined) return '-';
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GiB`;
  return `${Math.round(bytes / 1024 ** 2)} MiB`;
}

/** A plain-text table; columns padded to their widest cell. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [bold(line(header)), ...rows.map(line)].join('\n');
}

export function formatStatus(rows: readonly ServiceStatus[]): string {
  const body = rows.map((r) => [r.service, r.mode, r.url, r.health, r.version, formatBytes(r.rssBytes)]);
  const text = table(['SERVICE', 'MODE', 'URL', 'HEALTH', 'VERSION', 'RSS'], body);
  const total = rows.reduce((sum, r) => sum + (r.rssBytes ?? 0), 0);
  const colour = (s: string): string =>
    s
      .replace(/\bready\b/g, green('ready'))
      .replace(/\bstopped\b/g, red('stopped'))
      .replace(/docker only/g, yellow('docker only'));
  return `${colour(text)}\n${total > 0 ? `total RSS ${formatBytes(total)}` : ''}`.trimEnd();
}
