/**
 * Every config is checked by the real tool at the pinned version: promtool for Prometheus,
 * alloy fmt/validate for Alloy, Mimir's own loader (strict YAML + validation) for Mimir,
 * and alloy convert for the migration lab. Needs the native binaries (built if missing).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { convertPrometheusConfig } from '../../scripts/stack/convert.ts';
import { run } from '../../scripts/stack/exec.ts';
import { renderConfigs, renderedPath } from '../../scripts/stack/native/render.ts';
import { stackPaths } from '../../scripts/stack/paths.ts';
import { loadVersions } from '../../scripts/stack/versions.ts';
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

describe('loki.yaml', () => {
  it('loads strictly (loki -verify-config), as written and as rendered', async () => {
    const data = mkdtempSync(join(tmpdir(), 'loki-check-'));
    for (const file of [source('loki/loki.yaml'), renderedPath(paths, 'loki')]) {
      const result = await run(
        tools.loki,
        [`-config.file=${file}`, '-config.expand-env=true', '-verify-config'],
        {
          env: { ...process.env, LOKI_DATA_DIR: data },
          cwd: data,
        },
      );
      expect(result.code, `${file}\n${result.stderr}`).toBe(0);
    }
  });

  it('rejects an unknown key, naming the line (the check can fail)', async () => {
    const data = mkdtempSync(join(tmpdir(), 'loki-check-'));
    const bad = join(data, 'loki.yaml');
    writeFileSync(
      bad,
      readFileSync(source('loki/loki.yaml'), 'utf8').replace('http_listen_port:', 'http_port:'),
    );
    const result = await run(
      tools.loki,
      [`-config.file=${bad}`, '-config.expand-env=true', '-verify-config'],
      {
        env: { ...process.env, LOKI_DATA_DIR: data },
        cwd: data,
      },
    );
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/line \d+: field http_port not found/);
  });
});

describe('k6/shop.js', () => {
  it('parses, and k6 reads the scenario and thresholds the load lesson describes (k6 inspect)', async () => {
    const result = await run(tools.k6, ['inspect', source('k6/shop.js')]);
    expect(result.code, result.stderr).toBe(0);
    const options = JSON.parse(result.stdout) as {
      scenarios: Record<string, { executor: string; rate: number }>;
      thresholds: Record<string, unknown>;
    };
    expect(options.scenarios['shoppers']).toMatchObject({ executor: 'constant-arrival-rate', rate: 4 });
    expect(Object.keys(options.thresholds).sort()).toEqual([
      'http_req_duration{group:::browse}',
      'http_req_failed',
    ]);
  });
});
