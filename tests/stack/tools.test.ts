/**
 * Every config is checked by the real tool at the pinned version: promtool for Prometheus,
 * alloy fmt/validate for Alloy, Mimir's own loader (strict YAML + validation) for Mimir,
 * and alloy convert for the migration lab. Needs the native binaries (built if missing).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  convertPrometheusConfig,
  loadVersions,
  renderConfigs,
  renderedPath,
  run,
  stackPaths,
} from '../../scripts/stack/index.ts';
import { ensureTools } from '../support/stack.ts';

const paths = stackPaths();
const source = (file: string): string => join(paths.stackDir, file);
let tools: Awaited<ReturnType<typeof ensureTools>>;

beforeAll(async () => {
  tools = await ensureTools();
  renderConfigs(paths);
}, 3_600_000);

describe('prometheus.yml', () => {
  it.each([
    ['as written (compose host names)', () => source('prometheus/prometheus.yml')],
    ['as rendered for native mode', () => renderedPath(paths, 'prometheus')],
  ])('passes promtool check config %s', async (_label, file) => {
    const result = await run(tools.promtool, ['check', 'config', file()]);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout, 'promtool checked no rule file').toMatch(/SUCCESS: \d+ rules found/);
  });

  it('has rules that pass their unit test (promtool test rules)', async () => {
    const result = await run(tools.promtool, [
      'test',
      'rules',
      source('prometheus/rules/meta-monitoring.test.yml'),
    ]);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain('SUCCESS');
  });
});

describe('config.alloy', () => {
  it.each([
    ['as written', () => source('alloy/config.alloy')],
    ['as rendered for native mode', () => renderedPath(paths, 'alloy')],
  ])('is formatted and valid (alloy fmt, alloy validate) %s', async (_label, file) => {
    const fmt = await run(tools.alloy, ['fmt', file()]);
    expect(fmt.code, fmt.stderr).toBe(0);
    expect(fmt.stdout, 'config.alloy is not in alloy fmt layout').toBe(readFileSync(file(), 'utf8'));
    const validate = await run(tools.alloy, ['validate', file()]);
    expect(validate.code, validate.stderr).toBe(0);
  });
});

describe('mimir.yaml', () => {
  it('loads strictly and validates (mimir -modules exits after both)', async () => {
    const data = mkdtempSync(join(tmpdir(), 'mimir-check-'));
    for (const file of [source('mimir/mimir.yaml'), renderedPath(paths, 'mimir')]) {
      const result = await run(tools.mimir, [`-config.file=${file}`, '-config.expand-env=true', '-modules'], {
        env: { ...process.env, MIMIR_DATA_DIR: data },
        cwd: data,
      });
      expect(result.code, `${file}\n${result.stderr}`).toBe(0);
      expect(result.stdout).toMatch(/^ruler \(in: all\)$/m);
    }
  });
});

describe('alloy convert (migration lab)', () => {
  it('turns prometheus.yml into an Alloy config that alloy fmt accepts', async () => {
    const result = await convertPrometheusConfig(paths, loadVersions(paths.versionsFile), 'native');
    const alloyConfig = readFileSync(result.output, 'utf8');
    expect(alloyConfig).toMatch(/prometheus\.scrape "app"/);
    expect(alloyConfig).toMatch(/prometheus\.remote_write "/);
    expect(alloyConfig).toContain('"X-Scope-OrgID" = "prometheus"');
    const fmt = await run(tools.alloy, ['fmt', result.output]);
    expect(fmt.code, fmt.stderr).toBe(0);
  });

  it('canary: the pinned Alloy still rejects scrape_native_histograms (drop the workaround when this fails)', async () => {
    const result = await run(tools.alloy, [
      'convert',
      '--source-format=prometheus',
      '--bypass-errors',
      source('prometheus/prometheus.yml'),
    ]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('scrape_native_histograms');
  });
});
