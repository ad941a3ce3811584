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
      .replace(/Docker mode only/g, yellow('Docker mode only'));
  const uis = formatWebUis(rows);
  return [colour(text), total > 0 ? `total RSS ${formatBytes(total)}` : '', uis].filter(Boolean).join('\n');
}

/**
 * The web UIs of the ready services that have one. A native binary built without its UI answers
 * the API only: say so, and how to get the UI.
 */
export function formatWebUis(rows: readonly ServiceStatus[]): string {
  const lines = rows.flatMap((r) => {
    if (!r.webUi) return [];
    if (r.webUi.served) return [`  ${r.service.padEnd(10)}  ${r.webUi.url}`];
    const fix =
      r.mode === 'native'
        ? `: this binary answers the API only; \`npm run stack -- restart ${r.service}\` rebuilds it with its UI`
        : '';
    const line = `  ${r.service.padEnd(10)}  ${r.webUi.url}  ${yellow(`no web UI (${r.webUi.detail})`)}${fix}`;
    const why = r.webUiBuildFailure;
    return why ? [line, `    its UI build failed: ${why.error} (log: ${why.log})`] : [line];
  });
  return lines.length > 0 ? [bold('web UIs'), ...lines].join('\n') : '';
}
