/**
 * Native mode runs the same configs as Docker mode. They name services by their compose host
 * names and listen on 0.0.0.0 inside containers; natively every service is on 127.0.0.1, so
 * rendering is a host rewrite driven by stack/services.ts and nothing else.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ConfiguredService } from '../../../stack/services.ts';
import { configFiles, LOOPBACK, serviceNames } from '../../../stack/services.ts';
import { consoleReporter } from '../output.ts';
import type { StackPaths } from '../paths.ts';
import type { Warn } from '../prometheus-drop-ins.ts';
import { isDropIn, nativePromtool, quarantineBrokenDropIns, warnAbout } from '../prometheus-drop-ins.ts';

/**
 * Replaces `<service>:<port>` host names (after a quote, slash, space, `=`, `[` or line start)
 * and the wildcard listen addresses `0.0.0.0`, `[::]:<port>` and a bare `:<port>` (as a quoted
 * value or after `=`, `:` and a space) with 127.0.0.1. Other mentions of a service name (job
 * names, tenants, component names such as prometheus.scrape) are left alone. Never adds or
 * removes a line, so a tool's file:line message points into the source file.
 */
export function rewriteHosts(text: string, hosts: readonly string[] = serviceNames): string {
  const names = hosts.map((h) => h.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  const hostPort = new RegExp(`(^|[\\s'"=\\[,(@]|//)(?:${names})(?=:\\d+\\b)`, 'gm');
  return text
    .replace(hostPort, `$1${LOOPBACK}`)
    .replace(/(^|[^\d.])0\.0\.0\.0(?![\d.])/g, `$1${LOOPBACK}`)
    .replace(/\[::\](?=:\d+\b)/g, LOOPBACK)
    .replace(/(^|["'=]|[=:] )(?=:\d{1,5}(?:["'\s,\]}]|$))/gm, `$1${LOOPBACK}`);
}

/** Source config (under stack/, from stack/services.ts) → rendered path (under .stack/run/config/). */
export type RenderedService = ConfiguredService;
export const renderedPath = (paths: StackPaths, service: RenderedService): string =>
  join(paths.config, configFiles[service]);

/** On stderr, so a caller's --json output on stdout stays clean. */
const warnOnStderr: Warn = (message, detail) => {
  consoleReporter.fail(message, detail);
};

/**
 * Prometheus's lab drop-in folder (paths.dropIns) → <run>/config/prometheus/labs. A drop-in
 * promtool refuses is quarantined first, with a warning, so Prometheus still starts
 * (prometheus-drop-ins.ts). promtool comes with the native Prometheus build: without it there
 * is no native Prometheus to start either, and the files are copied as they are.
 */
export function renderPrometheusLabs(paths: StackPaths, warn: Warn = warnOnStderr): string[] {
  const source = paths.dropIns;
  const target = join(paths.config, 'prometheus', 'labs');
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  if (!existsSync(source)) return [];
  const promtool = nativePromtool(paths);
  if (promtool) warnAbout(paths, quarantineBrokenDropIns(paths, promtool), warn);
  const written: string[] = [];
  for (const name of readdirSync(source).filter(isDropIn).sort()) {
    writeFileSync(join(target, name), rewriteHosts(readFileSync(join(source, name), 'utf8')));
    written.push(join(target, name));
  }
  return written;
}

/** Renders every native config; returns the files written. `warn` hears of quarantined drop-ins. */
export function renderConfigs(paths: StackPaths, warn: Warn = warnOnStderr): string[] {
  const written: string[] = [];
  for (const service of Object.keys(configFiles) as RenderedService[]) {
    const source = join(paths.stackDir, configFiles[service]);
    const target = renderedPath(paths, service);
    mkdirSync(dirname(target), { recursive: true });
    const header = service === 'alloy' ? '//' : '#';
    const note = `${header} Rendered from stack/${configFiles[service]} by scripts/stack/native/render.ts: edit that file, not this one.\n`;
    writeFileSync(target, note + rewriteHosts(readFileSync(source, 'utf8')));
    written.push(target);
  }
  return [...written, ...renderPrometheusLabs(paths, warn)];
}
