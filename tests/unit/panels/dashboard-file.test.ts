import { describe, expect, it } from 'vitest';
import { toLiveDashboardProps } from '../../../site/lib/live/dashboard-file.ts';
import { datasourceTargets } from '../../../site/lib/live/datasource-targets.ts';
import {
  grafanaDashboardSchema,
  parseGrafanaDashboard,
} from '../../../site/lib/live/grafana-dashboard-json.ts';

/** A small dashboard in Grafana's JSON model, as the Foundation SDK writes it. */
const file = 'fixture.json';
const alloy = { type: 'prometheus', uid: 'mimir-alloy' };

function panel(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'timeseries',
    title: 'Rate',
    datasource: alloy,
    gridPos: { h: 8, w: 12, x: 0, y: 0 },
    targets: [
      { refId: 'A', expr: 'sum by (route) (rate(http_requests_total[1m]))', legendFormat: '{{route}}' },
    ],
    ...overrides,
  };
}

function map(panels: unknown[], extra: Record<string, unknown> = {}) {
  return toLiveDashboardProps(grafanaDashboardSchema.parse({ title: 'Shop', panels, ...extra }), file);
}

describe('<DashboardFile> mapping', () => {
  it('maps title, type, unit, queries, grid width and height, and the data source', () => {
    const props = map(
      [
        panel({
          fieldConfig: { defaults: { unit: 'reqps', min: 0, decimals: 1 } },
          description: 'per route',
        }),
        panel({
          type: 'stat',
          title: 'In flight',
          gridPos: { h: 4, w: 6, x: 12, y: 0 },
          targets: [{ refId: 'A', expr: 'sum(http_requests_in_flight)', instant: true }],
          options: { graphMode: 'none' },
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: 'absolute',
                steps: [
                  { value: null, color: 'green' },
                  { value: 10, color: 'red' },
                ],
              },
            },
          },
        }),
      ],
      { time: { from: 'now-30m', to: 'now' }, refresh: '10s' },
    );
    expect(props).toEqual({
      title: 'Shop',
      source: 'mimir',
      tenant: 'alloy',
      from: 'now-30m',
      refresh: '10s',
      columns: 4,
      variables: [],
      panels: [
        {
          title: 'Rate',
          type: 'timeseries',
          description: 'per route',
          queries: [{ expr: 'sum by (route) (rate(http_requests_total[1m]))', legend: '{{route}}' }],
          unit: 'reqps',
          min: 0,
          max: undefined,
          decimals: 1,
          thresholds: undefined,
          sparkline: undefined,
          // 8 grid rows of 30 px with 8 px between them.
          height: 296,
          span: 2,
        },
        {
          title: 'In flight',
          type: 'stat',
          description: undefined,
          queries: [{ expr: 'sum(http_requests_in_flight)', legend: undefined }],
          unit: undefined,
          min: undefined,
          max: undefined,
          decimals: undefined,
          thresholds: [{ color: 'green' }, { value: 10, color: 'red' }],
          sparkline: false,
          height: 144,
          span: 1,
        },
      ],
    });
  });

  it.each(Object.entries(datasourceTargets))('reads data source "%s" as %o', (uid, target) => {
    const props = map([panel({ datasource: { type: 'prometheus', uid } })]);
    expect({ source: props.source, tenant: props.tenant }).toEqual({
      source: target.source,
      tenant: target.source === 'mimir' ? target.tenant : undefined,
    });
  });

  it('orders panels as Grafana lays them out, and picks the fewest columns that fit the widths', () => {
    const props = map([
      panel({ title: 'second row', gridPos: { h: 8, w: 16, x: 0, y: 8 } }),
      panel({ title: 'right', gridPos: { h: 8, w: 8, x: 16, y: 0 } }),
      panel({ title: 'left', gridPos: { h: 8, w: 16, x: 0, y: 0 } }),
    ]);
    expect(props.columns).toBe(3);
    expect(props.panels.map((p) => [p.title, p.span])).toEqual([
      ['left', 2],
      ['right', 1],
      ['second row', 2],
    ]);
  });

  it('draws a stat sparkline unless graphMode is "none", as Grafana does', () => {
    const sparkline = (options?: unknown) =>
      map([panel({ type: 'stat', ...(options === undefined ? {} : { options }) })]).panels[0]?.sparkline;
    expect(sparkline()).toBe(true);
    expect(sparkline({ graphMode: 'area' })).toBe(true);
    expect(sparkline({ graphMode: 'none' })).toBe(false);
  });

  it('maps query variables with Grafana’s defaults, in either query form', () => {
    const props = map(
      [panel({ targets: [{ expr: 'sum(rate(x{route=~"$route"}[1m])) by ($__interval)' }] })],
      {
        templating: {
          list: [
            {
              type: 'query',
              name: 'route',
              label: 'Route',
              query: 'label_values(http_requests_total, route)',
              multi: true,
              includeAll: true,
              datasource: alloy,
            },
            { type: 'query', name: 'status', query: { query: 'label_values(status)', refId: 'V' } },
          ],
        },
      },
    );
    expect(props.variables).toEqual([
      {
        name: 'route',
        label: 'Route',
        query: 'label_values(http_requests_total, route)',
        multi: true,
        includeAll: true,
      },
      { name: 'status', label: undefined, query: 'label_values(status)', multi: false, includeAll: false },
    ]);
  });

  it('skips hidden queries and Grafana’s automatic legend', () => {
    const props = map([
      panel({
        targets: [
          { refId: 'A', expr: 'up', legendFormat: '__auto' },
          { refId: 'B', expr: 'down', hide: true },
        ],
      }),
    ]);
    expect(props.panels[0]?.queries).toEqual([{ expr: 'up', legend: undefined }]);
  });

  it('fails the build naming every panel and variable it cannot draw', () => {
    const broken = () =>
      map(
        [
          panel({ type: 'heatmap', title: 'Heat' }),
          panel({ title: 'Elsewhere', datasource: { uid: 'loki' }, gridPos: { h: 8, w: 12, x: 12, y: 0 } }),
          panel({ title: 'Nowhere', datasource: undefined, gridPos: { h: 8, w: 12, x: 0, y: 8 } }),
          panel({
            title: 'Rate interval',
            gridPos: { h: 8, w: 12, x: 12, y: 8 },
            targets: [{ expr: 'rate(x[$__rate_interval])' }],
            fieldConfig: { defaults: { thresholds: { mode: 'percentage', steps: [] } } },
          }),
        ],
        { templating: { list: [{ type: 'custom', name: 'env', query: 'a,b' }] } },
      );
    expect(broken).toThrow(/^<DashboardFile path="fixture.json"> cannot draw this dashboard live:/);
    expect(broken).toThrow(/panel "Heat": type "heatmap" has no live counterpart \(timeseries, stat/);
    expect(broken).toThrow(
      /panel "Elsewhere": data source "loki" is not one the stack provisions \(prometheus,/,
    );
    expect(broken).toThrow(/panel "Nowhere": data source not set/);
    expect(broken).toThrow(
      /panel "Rate interval": \$__rate_interval is neither a dashboard variable nor a macro/,
    );
    expect(broken).toThrow(/panel "Rate interval": percentage thresholds are not drawn live/);
    expect(broken).toThrow(/variable "env": type "custom" has no live counterpart/);
  });

  it('refuses panels that read different data sources: a live dashboard reads one', () => {
    expect(() =>
      map([
        panel({ title: 'A' }),
        panel({ title: 'B', datasource: { uid: 'prometheus' }, gridPos: { h: 8, w: 12, x: 12, y: 0 } }),
      ]),
    ).toThrow(
      /reads one data source, these panels read several: "mimir-alloy" \(panel "A"\); "prometheus" \(panel "B"\)/,
    );
  });

  it('refuses widths that fit no grid of 1-4 columns', () => {
    expect(() =>
      map([panel({ gridPos: { h: 8, w: 6, x: 0, y: 0 } }), panel({ gridPos: { h: 8, w: 8, x: 6, y: 0 } })]),
    ).toThrow(/panel widths 6, 8 \(of 24\) fit no live grid/);
  });

  it('checks the result against <LiveDashboard>’s own props schema', () => {
    expect(() =>
      map([panel()], { templating: { list: [{ type: 'query', name: 'route', query: 'up' }] } }),
    ).toThrow(
      /<DashboardFile path="fixture.json"> has invalid props:\n {2}- prop "variables\[0\]\.query": label_values/,
    );
  });
});

describe('reading a dashboard file', () => {
  it('names the file when it is not JSON', () => {
    expect(() => parseGrafanaDashboard('{ nope', 'stack/x.json')).toThrow(/^stack\/x\.json is not JSON:/);
  });

  it('names the file and the field when the JSON is not a dashboard', () => {
    expect(() =>
      parseGrafanaDashboard(JSON.stringify({ title: 'x', panels: [{ type: 'stat' }] }), 'stack/x.json'),
    ).toThrow(
      /^stack\/x\.json is not a Grafana dashboard <DashboardFile> can read:\n[\s\S]*panels\[0\]\.gridPos/,
    );
  });
});
