import { describe, expect, it } from 'vitest';
import { parseLiveProps } from '../../../site/lib/live/parse-props.ts';
import { liveDashboardSchema, livePanelSchema, playgroundSchema } from '../../../site/lib/live/props.ts';

describe('live component props', () => {
  it('fills in defaults for a one-query panel', () => {
    const spec = parseLiveProps('LivePanel', livePanelSchema, {
      title: 'Requests',
      source: 'mimir',
      tenant: 'prometheus',
      query: 'sum(rate(http_requests_total[1m]))',
      legend: '{{route}}',
    });
    expect(spec).toEqual({
      kind: 'panel',
      target: { source: 'mimir', tenant: 'prometheus' },
      from: 'now-15m',
      refresh: '10s',
      panel: {
        title: 'Requests',
        type: 'timeseries',
        queries: [{ expr: 'sum(rate(http_requests_total[1m]))', legend: '{{route}}' }],
        sparkline: false,
        height: 280,
        span: 1,
      },
    });
  });

  it('names the component, each bad prop and what it accepts', () => {
    const parse = () =>
      parseLiveProps('LivePanel', livePanelSchema, {
        title: 'Broken',
        source: 'mimir',
        type: 'piechart',
        query: 'up',
        queries: [{ expr: 'up' }],
        from: 'yesterday',
        colour: 'red',
      });
    expect(parse).toThrow(/^<LivePanel> has invalid props:/);
    expect(parse).toThrow(/unknown prop: "colour"/);
    expect(parse).toThrow(/prop "type": .*"timeseries".*\(got "piechart"\)/);
    expect(parse).toThrow(/prop "from": a time relative to now/);
  });

  it('asks for a tenant with Mimir and refuses one with Prometheus', () => {
    expect(() =>
      parseLiveProps('LivePanel', livePanelSchema, { title: 'x', source: 'mimir', query: 'up' }),
    ).toThrow(/prop "tenant": Mimir needs a tenant: one of prometheus, alloy, otel/);
    expect(() =>
      parseLiveProps('LivePanel', livePanelSchema, {
        title: 'x',
        source: 'prometheus',
        tenant: 'alloy',
        query: 'up',
      }),
    ).toThrow(/tenants belong to Mimir/);
  });

  it('checks threshold order', () => {
    expect(() =>
      parseLiveProps('LivePanel', livePanelSchema, {
        title: 'x',
        source: 'prometheus',
        query: 'up',
        thresholds: [{ color: 'green' }, { value: 5, color: 'orange' }, { value: 1, color: 'red' }],
      }),
    ).toThrow(/ascending order/);
  });

  it('points at the dashboard panel that is wrong', () => {
    expect(() =>
      parseLiveProps('LiveDashboard', liveDashboardSchema, {
        title: 'RED',
        source: 'prometheus',
        panels: [{ title: 'ok', query: 'up' }, { title: 'no query' }],
      }),
    ).toThrow(/prop "panels\[1\]\.query": set either `query` or `queries`/);
  });

  it('gives the playground no auto-refresh by default', () => {
    const spec = parseLiveProps('PromQLPlayground', playgroundSchema, { source: 'prometheus' });
    expect(spec).toMatchObject({ kind: 'playground', refresh: 'off', query: '', examples: [], height: 260 });
  });
});
