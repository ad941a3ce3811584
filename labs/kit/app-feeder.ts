/**
 * The feeder of a rules lab: a lab Prometheus that scrapes the app into the lab's own tenant,
 * since Mimir's rules read only their tenant's data. Its batches go out within a second, so a
 * rule sees a scrape seconds after it happened.
 */
import type { Check } from './define.ts';
import { check } from './define.ts';
import { ensureLabPrometheus } from './lab-services.ts';
import { mimir, query } from './promql.ts';
import { budget, formatMs } from './timing.ts';
import { fail, pass, wait } from './verdict.ts';

/** The feeder's scrape_interval and batch_send_deadline. */
export const FEEDER_SCRAPE_MS = 5_000;
export const FEEDER_DEADLINE_MS = 1_000;

/** Scrapes the app into `tenant`; classic histograms only (it does not negotiate native ones). */
const feederConfig = (tenant: string): string => `global:
  scrape_interval: ${formatMs(FEEDER_SCRAPE_MS)}
scrape_configs:
  - job_name: app
    static_configs:
      - targets: ['app:8080']
remote_write:
  - url: http://mimir:9009/api/v1/push
    headers:
      X-Scope-OrgID: ${tenant}
    queue_config:
      batch_send_deadline: ${formatMs(FEEDER_DEADLINE_MS)}
`;

/** Starts (or keeps) the feeder on `port` and waits for the app's `up` in `tenant`. */
export function appReachesTenant<S>(labId: string, port: number, tenant: string): Check<S> {
  return check<S>(`the app's metrics reach tenant ${tenant} (feeder on 127.0.0.1:${port})`, async (ctx) => {
    const feeder = await ensureLabPrometheus(labId, 'feeder', port, feederConfig(tenant), false);
    if ('kind' in feeder) return feeder;
    if (!feeder.result.ok)
      return fail(`the feeder Prometheus did not start: ${feeder.result.reason}`, {
        output: feeder.result.logTail,
      });
    return ctx.waitUntil({
      what: `the app's series in tenant ${tenant}`,
      budget: budget([
        { what: 'feeder scrape interval', ms: FEEDER_SCRAPE_MS, times: 2 },
        { what: 'batch_send_deadline', ms: FEEDER_DEADLINE_MS },
      ]),
      probe: async () =>
        (await query(mimir(tenant), 'up{job="app"}')).length > 0
          ? pass()
          : wait(`no up{job="app"} in tenant ${tenant} yet`),
    });
  });
}
