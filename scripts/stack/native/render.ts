/**
 * Native mode runs the same configs as Docker mode. They name services by their compose host
 * names and listen on 0.0.0.0 inside containers; natively every service is on 127.0.0.1, so
 * rendering is a host rewrite driven by stack/services.ts and nothing else.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ConfiguredService } from '../../../stack/services.ts';
import { companionFiles, configFiles, LOOPBACK, serviceNames } from '../../../stack/services.ts';
import { consoleReporter } from '../output.ts';
import type { StackPaths } from '../paths.ts';
import type { Warn } from '../prometheus-drop-ins.ts';
import {
  isDropIn,
  labFolders,
  nativePromtool,
  quarantineBrokenDropIns,
  warnAbout,
} from '../prometheus-drop-ins.ts';
import { writeFileAtomic } from '../../lib/atomic-file.ts';

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

/** Writes `content` to `file` only when it differs: a rewrite Prometheus watches would be an event. */
function writeIfChanged(file: string, content: string): void {
  if (existsSync(file) && readFileSync(file, 'utf8') === content) return;
  writeFileAtomic(file, content);
}

/** Removes what `dir` holds beyond `keep` (names of files and folders). */
function removeOthers(dir: string, keep: ReadonlySet<string>): void {
  for (const name of readdirSync(dir))
    if (!keep.has(name)) rmSync(join(dir, name), { recursive: true, force: true });
}

/**
 * Prometheus's lab drop-in folder (paths.dropIns) → <run>/config/prometheus/labs, with each
 * lab's own folder (labFolders: file_sd target files, hosts rewritten too). The rendered folder
 * is brought in line file by file, never deleted and written again: file_sd watches its folder,
 * and a folder that vanishes loses the watch and, for a moment, every target. A drop-in promtool
 * refuses is quarantined first, with a warning, so Prometheus still starts
 * (prometheus-drop-ins.ts). promtool comes with the native Prometheus build: without it there
 * is no native Prometheus to start either, and the files are copied as they are.
 */
export function renderPrometheusLabs(paths: StackPaths, warn: Warn = warnOnStderr): string[] {
  const source = paths.dropIns;
  const target = join(paths.config, 'prometheus', 'labs');
  mkdirSync(target, { recursive: true });
  if (!existsSync(source)) {
    removeOthers(target, new Set());
    return [];
  }
  const promtool = nativePromtool(paths);
  if (promtool) warnAbout(paths, quarantineBrokenDropIns(paths, promtool), warn);
  const written: string[] = [];
  const render = (from: string, to: string): void => {
    writeIfChanged(to, rewriteHosts(readFileSync(from, 'utf8')));
    written.push(to);
  };
  const dropIns = readdirSync(source).filter(isDropIn).sort();
  for (const name of dropIns) render(join(source, name), join(target, name));
  const folders = labFolders(source);
  for (const folder of folders) {
    const files = readdirSync(join(source, folder), { withFileTypes: true })
      .filter((e) => e.isFile() && !e.name.startsWith('.'))
      .map((e) => e.name)
      .sort();
    mkdirSync(join(target, folder), { recursive: true });
    for (const name of files) render(join(source, folder, name), join(target, folder, name));
    removeOthers(join(target, folder), new Set(files));
  }
  removeOthers(target, new Set([...dropIns, ...folders]));
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
  // No header line here: promtool names lines of these files, which must stay the source's.
  for (const file of companionFiles) {
    const target = join(paths.config, file);
    mkdirSync(dirname(target), { recursive: true });
    writeIfChanged(target, rewriteHosts(readFileSync(join(paths.stackDir, file), 'utf8')));
    written.push(target);
  }
  return [...written, ...renderPrometheusLabs(paths, warn)];
}
