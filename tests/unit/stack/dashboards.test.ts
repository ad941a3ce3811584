/**
 * Dashboards as code: each committed JSON file is exactly what its Foundation SDK program builds,
 * reads only data sources the stack provisions, is loaded by the provider where compose mounts
 * it, and can be drawn live in a lesson.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { findDrift } from '../../../scripts/dashboards/drift.ts';
import { repoRoot } from '../../../scripts/stack/paths.ts';
import { readDashboardFile } from '../../../site/lib/live/dashboard-file.ts';
import { datasourceTargets } from '../../../site/lib/live/datasource-targets.ts';
import { parseGrafanaDashboard } from '../../../site/lib/live/grafana-dashboard-json.ts';
import { dashboardJson, dashboards, provisionedJsonDir } from '../../../stack/grafana/dashboards/index.ts';

const read = (path: string): string => readFileSync(join(repoRoot, path), 'utf8');
const cases = dashboards.map((d) => [d.output, d] as const);

interface ProvisionedDatasource {
  uid: string;
  type: string;
  url: string;
  secureJsonData?: Record<string, string>;
}
const provisioned = (
  parse(read('stack/grafana/provisioning/datasources/datasources.yaml')) as {
    datasources: ProvisionedDatasource[];
  }
).datasources;

describe('dashboards as code', () => {
  it.each(cases)('%s is what its program generates (else: npm run dashboards)', (output, dashboard) => {
    expect(read(output)).toBe(dashboardJson(dashboard.build()));
  });

  it('the provisioned folder holds only generated dashboards', () => {
    expect(findDrift(repoRoot, dashboards)).toEqual([]);
  });

  it.each(cases)('%s reads only data sources datasources.yaml provisions', (output) => {
    const dashboard = parseGrafanaDashboard(read(output), output);
    const uids = new Set(provisioned.map((d) => d.uid));
    const used = [
      ...dashboard.panels.flatMap((p) => [p.datasource?.uid, ...p.targets.map((t) => t.datasource?.uid)]),
      ...(dashboard.templating?.list ?? []).map((v) => v.datasource?.uid),
    ];
    expect(dashboard.panels.every((p) => p.datasource?.uid !== undefined)).toBe(true);
    expect(used.filter((uid) => uid !== undefined && !uids.has(uid))).toEqual([]);
  });

  it.each(cases)('%s can be drawn live by <DashboardFile>', async (output) => {
    const props = await readDashboardFile(output, repoRoot);
    expect(props.panels.length).toBeGreaterThan(0);
  });
});

describe('the live targets of Grafana data sources', () => {
  const prometheusTyped = provisioned.filter((d) => d.type === 'prometheus');

  it('cover every Prometheus-type data source datasources.yaml provisions, and no other', () => {
    expect(Object.keys(datasourceTargets).sort()).toEqual(prometheusTyped.map((d) => d.uid).sort());
  });

  it.each(prometheusTyped.map((d) => [d.uid, d] as const))(
    '"%s" reads the service and tenant Grafana reads',
    (uid, d) => {
      const target = datasourceTargets[uid];
      expect(d.url).toMatch(new RegExp(`^http://${target?.source ?? ''}:\\d+`));
      expect(target?.source === 'mimir' ? target.tenant : undefined).toBe(
        d.secureJsonData?.['httpHeaderValue1'],
      );
    },
  );
});

describe('the dashboards provider', () => {
  const provider = (
    parse(read('stack/grafana/provisioning/dashboards/dashboards.yaml')) as {
      providers: { type: string; options: { path: string } }[];
    }
  ).providers;
  const grafana = (parse(read('stack/compose.yaml')) as { services: Record<string, { volumes?: string[] }> })
    .services['grafana'];

  it('loads the generated JSON from where compose mounts stack/grafana/provisioning', () => {
    const mount = grafana?.volumes?.find((v) => v.startsWith('./grafana/provisioning:'))?.split(':')[1];
    expect(mount).toBeDefined();
    expect(provider).toEqual([
      expect.objectContaining({
        type: 'file',
        options: expect.objectContaining({
          path: `${mount ?? ''}${provisionedJsonDir.slice('stack/grafana/provisioning'.length)}`,
        }) as unknown,
      }),
    ]);
  });
});

describe('the drift check', () => {
  const [first] = dashboards;
  if (first === undefined) throw new Error('no dashboards in stack/grafana/dashboards/index.ts');

  const roots: string[] = [];
  afterAll(() => {
    for (const root of roots) rmSync(root, { recursive: true, force: true });
  });

  function tree(files: Record<string, string>): string {
    const root = mkdtempSync(join(tmpdir(), 'dashboards-'));
    roots.push(root);
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(root, path, '..'), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    return root;
  }

  it('says which file differs, from which program, and where', () => {
    const stale = dashboardJson(first.build()).replace('"title"', '"titel"');
    expect(findDrift(tree({ [first.output]: stale }), [first])).toEqual([
      {
        file: first.output,
        message: expect.stringMatching(
          new RegExp(`^differs from what ${first.source} generates \\(first at line \\d+\\)$`),
        ) as unknown,
      },
    ]);
  });

  it('reports a missing file and a JSON file no program generates', () => {
    const stray = `${provisionedJsonDir}/hand-made.json`;
    expect(findDrift(tree({ [stray]: '{}' }), [first]).map((d) => [d.file, d.message])).toEqual([
      [first.output, `missing: ${first.source} generates it`],
      [stray, expect.stringContaining('no program generates it')],
    ]);
  });
});
