/**
 * What the checkers read from a learner's Prometheus config and from Prometheus's answers:
 * waits sized from the file's own intervals (or Prometheus's documented defaults), the labels
 * a target carries after relabelling, and which metrics fell short on the way to Mimir.
 */
import { describe, expect, it } from 'vitest';
import { shortfall, staticAddresses, targetLabels } from '../../../labs/kit/prometheus-api.ts';
import { budget, deliveryTerm, prometheusTiming, scrapeTerm, timeoutTerm } from '../../../labs/kit/timing.ts';

describe('prometheusTiming', () => {
  it('takes Prometheus defaults where the file leaves them out', () => {
    const timing = prometheusTiming(
      'scrape_configs:\n  - job_name: app\n    static_configs: [{targets: [app:8080]}]\nremote_write:\n  - url: http://mimir:9009/api/v1/push\n',
    );
    expect(scrapeTerm(timing)).toEqual({
      what: 'scrape_interval (Prometheus default)',
      ms: 60_000,
      times: 1,
    });
    expect(timeoutTerm(timing)).toEqual({ what: 'scrape_timeout (Prometheus default)', ms: 10_000 });
    expect(deliveryTerm(timing)).toEqual({
      what: 'remote_write batch_send_deadline (default)',
      ms: 5_000,
      times: 1,
    });
  });

  it('reads the global section, each job and each queue, and names where each value came from', () => {
    const timing = prometheusTiming(
      [
        'global: {scrape_interval: 15s}',
        'scrape_configs:',
        '  - job_name: app',
        '  - job_name: slow',
        '    scrape_interval: 30s',
        '    scrape_timeout: 20s',
        'remote_write:',
        '  - url: http://a/push',
        '    queue_config: {batch_send_deadline: 1s}',
        '  - url: http://b/push',
      ].join('\n'),
    );
    expect(timing.jobs.map((j) => [j.job, j.interval.ms, j.timeout.ms])).toEqual([
      ['app', 15_000, 10_000],
      ['slow', 30_000, 20_000],
    ]);
    expect(scrapeTerm(timing).what).toBe("job slow's scrape_interval");
    expect(scrapeTerm(timing, 'app', 2)).toEqual({
      what: 'your global scrape_interval',
      ms: 15_000,
      times: 2,
    });
    expect(deliveryTerm(timing).ms).toBe(5_000);
    expect(budget([scrapeTerm(timing, 'app'), deliveryTerm(timing)]).because).toBe(
      'your global scrape_interval 15s + remote_write batch_send_deadline (default) 5s + 10s slack',
    );
  });

  it('caps a default timeout at a shorter interval, as Prometheus does', () => {
    const timing = prometheusTiming('scrape_configs:\n  - job_name: fast\n    scrape_interval: 2s\n');
    expect(timeoutTerm(timing).ms).toBe(2_000);
  });

  it('gives a drop-in the global section of the file that includes it', () => {
    const timing = prometheusTiming(
      'scrape_configs:\n  - job_name: gin-app\n',
      'global:\n  scrape_interval: 5s\n  scrape_timeout: 4s\n',
    );
    expect(scrapeTerm(timing, 'gin-app')).toEqual({
      what: "the stack's global scrape_interval",
      ms: 5_000,
      times: 1,
    });
    expect(timeoutTerm(timing, 'gin-app').ms).toBe(4_000);
  });

  it('survives a file that does not parse (promtool says why)', () => {
    expect(prometheusTiming('scrape_configs: [').jobs).toEqual([]);
  });
});

describe('targetLabels', () => {
  it('drops the reserved labels and defaults instance to the address', () => {
    expect(
      targetLabels({ __address__: '127.0.0.1:8080', __scheme__: 'http', job: 'gin-app', team: 'shop' }),
    ).toEqual({ job: 'gin-app', team: 'shop', instance: '127.0.0.1:8080' });
    expect(targetLabels({ __address__: 'a:1', instance: 'shop-api' })).toEqual({ instance: 'shop-api' });
  });
});

describe('staticAddresses', () => {
  it('lists a job’s static targets, and knows nothing about other discovery', () => {
    const text =
      'scrape_configs:\n  - job_name: a\n    static_configs:\n      - targets: [app:8080]\n      - targets: ["app:9090"]\n  - job_name: b\n    file_sd_configs: [{files: [x.json]}]\n';
    expect(staticAddresses(text, 'a')).toEqual(['app:8080', 'app:9090']);
    expect(staticAddresses(text, 'b')).toBeUndefined();
    expect(staticAddresses(text, 'c')).toBeUndefined();
  });
});

describe('shortfall', () => {
  it('names the metrics with fewer series where they arrived, most missing first', () => {
    const sent = new Map([
      ['up', 1],
      ['go_goroutines', 1],
      ['http_requests_total', 6],
    ]);
    const arrived = new Map([
      ['up', 1],
      ['http_requests_total', 2],
    ]);
    expect(shortfall(sent, arrived)).toEqual([
      { name: 'http_requests_total', sent: 6, arrived: 2 },
      { name: 'go_goroutines', sent: 1, arrived: 0 },
    ]);
    expect(shortfall(sent, new Map([...sent, ['extra', 3]]))).toEqual([]);
  });
});
