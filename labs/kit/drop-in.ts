/**
 * Applying a learner's scrape file to the stack's Prometheus: copy it into
 * stack/prometheus/labs/<lab-id>.yml (loaded through scrape_config_files) and reload. A file
 * Prometheus refuses is taken out again at once, so the stack never keeps a broken config.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stackReload } from '../../scripts/stack/api.ts';
import { silentReporter } from '../../scripts/stack/output.ts';
import { stackPaths } from '../../scripts/stack/paths.ts';
import { shownPath } from './shown.ts';
import { promtoolCheckConfig } from './validators.ts';
import type { Final } from './verdict.ts';
import { fail, pass } from './verdict.ts';

/** stack/prometheus/labs (or under WORKSHOP_STATE_DIR): loaded by the stack's Prometheus through scrape_config_files. */
export const dropInDir = (): string => stackPaths().dropIns;

export const dropInFile = (labId: string): string => join(dropInDir(), `${labId}.yml`);

/** `npm run stack -- reload prometheus` (renders natively, then POST /-/reload); the error or undefined. */
export async function reloadPrometheus(): Promise<string | undefined> {
  try {
    await stackReload('prometheus', { reporter: silentReporter });
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/**
 * Writes the drop-in, has promtool check the stack's whole prometheus.yml with it (which finds
 * what a file alone cannot: a job name the stack already uses), then reloads. A file that fails
 * either step is replaced by what was there before, so Prometheus never runs a broken config.
 */
export async function applyDropIn(labId: string, content: string, shown: string): Promise<Final> {
  const file = dropInFile(labId);
  const previous = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  const undo = async (): Promise<void> => {
    if (previous === undefined) rmSync(file, { force: true });
    else writeFileSync(file, previous);
    await reloadPrometheus();
  };
  mkdirSync(dropInDir(), { recursive: true });
  writeFileSync(file, content);
  const mainConfig = join(stackPaths().stackDir, 'prometheus', 'prometheus.yml');
  const checked = await promtoolCheckConfig({
    path: mainConfig,
    shown: 'stack/prometheus/prometheus.yml',
    aliases: [],
  });
  if (checked.kind === 'fail') {
    await undo();
    const output = (checked.output ?? checked.message).replace(
      /"?\S*prometheus\/labs\/[\w.-]+\.yml"?/g,
      shown,
    );
    const duplicate = /multiple scrape configs with job name "([^"]+)"/.exec(output);
    return fail(`the stack's Prometheus cannot take ${shown} next to its own prometheus.yml:`, {
      output,
      hint: duplicate
        ? `job "${duplicate[1] ?? ''}" already exists in stack/prometheus/prometheus.yml: give your job its own name`
        : 'fix what is named above; the file was taken out of stack/prometheus/labs again',
    });
  }
  const error = await reloadPrometheus();
  if (error === undefined) return pass(`copied to ${shownPath(file)}, Prometheus reloaded`);
  await undo();
  return fail(`Prometheus refused the reload with ${shown} (it keeps running its previous config):`, {
    output: error,
    hint: `\`npm run stack -- logs prometheus\` shows why; the file was taken out of stack/prometheus/labs again`,
  });
}

/** Removes the drop-in (if any) and reloads; returns what was done, for `lab stop`. */
export async function removeDropIn(labId: string): Promise<string[]> {
  const file = dropInFile(labId);
  if (!existsSync(file)) return [];
  rmSync(file, { force: true });
  const error = await reloadPrometheus();
  return [
    `removed ${shownPath(file)}${error ? ` (Prometheus not reloaded: ${error})` : ', Prometheus reloaded'}`,
  ];
}
