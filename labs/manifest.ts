/**
 * The labs, in curriculum order. Each id is also its folder (labs/<id>/, workspace/<id>/);
 * `npm run lab -- dev-check` proves the folders match this list and that every lab fails on
 * start/ and passes on solution/ against the running stack.
 */
import type { LabEntry } from './kit/manifest-schema.ts';
import { parseManifest } from './kit/manifest-schema.ts';

const labs = [
  {
    id: '01-scrape-the-app',
    title: 'Scrape the Gin app with a job of your own, relabelled',
    lesson: 'prometheus/scrape-config',
    services: ['app', 'prometheus'],
    files: ['scrape.yml'],
    hints: [
      'A drop-in file holds a `scrape_configs:` list, exactly like the section of prometheus.yml. Each item needs a `job_name` and a way to find targets: `static_configs: [{ targets: [app:8080] }]`.',
      'The job must be called `gin-app` (with a dash). Prometheus refuses two jobs with the same name, so `app` is taken by the stack.',
      '`relabel_configs` runs on each target before the scrape. A rule with only `target_label` and `replacement` sets a label to a fixed value: `{ target_label: team, replacement: shop }`.',
      'The instance label defaults to the address (`app:8080`). Overwrite it the same way: `{ target_label: instance, replacement: shop-api }`.',
    ],
  },
  {
    id: '02-openmetrics-counter-histogram',
    title: 'A counter and a histogram with a unit, exposed as OpenMetrics',
    lesson: 'openmetrics/counters-and-histograms',
    services: [],
    files: ['main.go'],
    hints: [
      'Create the metrics with `prometheus.NewCounter(prometheus.CounterOpts{Name: ..., Help: ...})` and `prometheus.NewHistogram(prometheus.HistogramOpts{...})`, then `reg.MustRegister(counter, histogram)`.',
      'OpenMetrics wants counters to end in `_total` (the TYPE line drops it again) and a metric with a unit to end in that unit: `shop_checkout_duration_seconds` with `Unit: "seconds"`.',
      'The handler only speaks OpenMetrics when asked and allowed: `promhttp.HandlerOpts{EnableOpenMetrics: true}`.',
      'In the handler: `checkouts.Inc()` and `duration.Observe(time.Since(start).Seconds())`. Check by hand: `go run .` then `curl -s -H "Accept: application/openmetrics-text" 127.0.0.1:19020/metrics`.',
    ],
    ports: { checkout: 19020 },
  },
  {
    id: '03-opentelemetry-metric',
    title: 'The same measurements with OpenTelemetry, pushed over OTLP to Mimir',
    lesson: 'opentelemetry/metrics-over-otlp',
    services: ['alloy', 'mimir'],
    files: ['telemetry.go', 'main.go', 'answers.yaml'],
    hints: [
      'A MeterProvider without a reader collects nothing and exports nothing: `sdkmetric.NewMeterProvider(sdkmetric.WithResource(res), sdkmetric.WithReader(sdkmetric.NewPeriodicReader(exporter)))`.',
      'service.name goes on the resource, not on each metric: `resource.WithAttributes(semconv.ServiceName("lab-03-checkout"))`.',
      'Instruments come from the meter: `meter.Int64Counter("shop.checkouts", metric.WithUnit("{checkout}"))` and `meter.Float64Histogram("shop.checkout.duration", metric.WithUnit("s"), ...)`; keep them in variables and call `Add`/`Record` in the handler.',
      'For answers.yaml, list what Mimir stored for your run: query `{job="lab-03-checkout"}` in tenant otel (the curl line is at the top of answers.yaml), and look at target_info.',
    ],
    ports: { checkout: 19030 },
  },
  {
    id: '04-remote-write-tenant',
    title: "Prometheus remote_write into Mimir, in the lab's own tenant",
    lesson: 'mimir/remote-write-and-tenants',
    services: ['app', 'mimir'],
    files: ['prometheus.yml'],
    hints: [
      'remote_write is a list at the top level of prometheus.yml: `remote_write: [{ url: http://mimir:9009/api/v1/push }]`.',
      'Mimir runs with multitenancy on: a push without a tenant is refused (HTTP 401, "no org id"). The tenant travels in the `X-Scope-OrgID` header: `headers: { X-Scope-OrgID: lab-04 }`.',
      'The tenant must be exactly `lab-04`. Look at the lab Prometheus at http://127.0.0.1:19040/metrics: `prometheus_remote_storage_samples_failed_total` counts what Mimir refused.',
    ],
    tenant: 'lab-04',
    ports: { prometheus: 19040 },
  },
  {
    id: '05-alloy-pipeline',
    title: 'An Alloy pipeline: scrape, relabel (add a label, drop a metric), remote_write',
    lesson: 'alloy/pipelines',
    services: ['app', 'mimir'],
    files: ['config.alloy'],
    hints: [
      'Components connect through their exports: `forward_to = [prometheus.relabel.env.receiver]` on the scrape, `forward_to = [prometheus.remote_write.mimir.receiver]` on the relabel.',
      'A `rule` block with `target_label = "env"` and `replacement = "workshop"` adds the label to every sample.',
      'A second rule drops by name: `source_labels = ["__name__"]`, `regex = "go_gc_duration_seconds.*"`, `action = "drop"`.',
      'The tenant goes into the endpoint block: `headers = { "X-Scope-OrgID" = "lab-05" }`. The lab Alloy UI at http://127.0.0.1:19050 shows each component and its health.',
    ],
    tenant: 'lab-05',
    ports: { alloy: 19050 },
  },
  {
    id: '06-alloy-convert',
    title: 'Convert a Prometheus config to Alloy and run it side by side',
    lesson: 'alloy/migrate-from-prometheus',
    services: ['app', 'mimir'],
    files: ['config.alloy'],
    hints: [
      'Run the converter on the given prometheus.yml: `.stack/bin/alloy/v1.11.0/alloy convert --source-format=prometheus --bypass-errors --output=workspace/06-alloy-convert/config.alloy workspace/06-alloy-convert/prometheus.yml`.',
      "Without --bypass-errors the converter stops at the first thing Alloy does not do (here: rule_files, which Mimir's ruler handles instead). With it, it converts the rest and lists what it left out.",
      'The converted config keeps the remote_write header, so the series land in tenant lab-06. Check `alloy fmt workspace/06-alloy-convert/config.alloy` if the checker says the file does not parse.',
    ],
    tenant: 'lab-06',
    ports: { alloy: 19060 },
  },
  {
    id: '07-mimir-rules',
    title: "A recording rule and an alert in Mimir's ruler",
    lesson: 'mimir/recording-rules-and-alerts',
    services: ['app', 'mimir'],
    files: ['rules.yaml'],
    hints: [
      'A rule file has `groups:`, each with a `name` and `rules:`. A recording rule has `record:` and `expr:`; an alert has `alert:`, `expr:`, and usually `for:` and `labels:`.',
      'The recording rule is `job:http_requests:rate1m` = `sum by (job) (rate(http_requests_total[1m]))`. The name follows the level:metric:operations convention.',
      'The alert `AppRequestsStopped` fires when the recorded rate for job "app" is 0 or missing: `job:http_requests:rate1m{job="app"} == 0 or absent(job:http_requests:rate1m{job="app"})`, `for: 1m`, label `severity: page`.',
      'Rules run inside one tenant and read only its data: here lab-07, which the checker fills from a small Prometheus that scrapes the app. `promtool check rules workspace/07-mimir-rules/rules.yaml` checks the syntax.',
    ],
    tenant: 'lab-07',
    ports: { feeder: 19070 },
  },
  {
    id: '08-discover-targets',
    title: 'Discover targets from a file, keep only some, label them from their metadata',
    lesson: 'operating/service-discovery',
    services: ['app', 'prometheus', 'alloy', 'mimir'],
    files: ['scrape.yml'],
    hints: [
      "file_sd_configs is a list like static_configs, each item with `files:`, a list of paths or globs. A relative path is relative to the folder of the file that holds it: the drop-in lands in stack/prometheus/labs/, so the lab's targets are `08-discover-targets/targets.json`.",
      'A keep rule drops every target whose `source_labels` (joined by ";") do not match its `regex`: `{ source_labels: [env], regex: production, action: keep }`. The regex is anchored: `prod` would not match `production`.',
      'labelmap copies labels by name: `{ regex: __meta_cmdb_(.+), action: labelmap }` turns `__meta_cmdb_tier` into `tier` (the replacement defaults to `$1`). Labels starting with `__` are gone after relabelling, so this must happen in relabel_configs.',
      "Look at what discovery found and what your rules did: `curl -s '127.0.0.1:9090/api/v1/targets?scrapePool=discovered&state=any' | jq '.data'` lists active targets with their labels and dropped targets with their discovered labels.",
    ],
  },
  {
    id: '09-alert-routing',
    title: 'Alerts end to end: rules in Mimir, routing, inhibition and a notification that arrives',
    lesson: 'operating/alerting',
    services: ['app', 'mimir'],
    files: ['rules.yaml', 'alertmanager.yaml'],
    hints: [
      'SlowRequestsCritical is SlowRequestsWarning with `> 1` instead of `> 0.5` and `severity: critical`. Keep `for: 15s`: a critical alert that waits longer than the warning lets the warning out before it can inhibit it.',
      "A child route goes under `route:` as `routes:`, a list: `- matchers: ['severity=\"critical\"']` with `receiver: shop-pager`. The first child that matches takes the alert; the others stay with the parent's receiver.",
      'Every receiver named in a route must exist: add `- name: shop-pager` under `receivers:` with the same `webhook_configs` as shop-oncall. Mimir refuses a configuration that names a receiver it lacks.',
      "`inhibit_rules:` is a top-level list: `- source_matchers: ['severity=\"critical\"']`, `target_matchers: ['severity=\"warning\"']`, `equal: [route]`. Look at what the Alertmanager decided: `curl -s -H 'X-Scope-OrgID: lab-09' 127.0.0.1:9009/alertmanager/api/v2/alerts | jq '.[] | {alert: .labels.alertname, receivers: [.receivers[].name], status}'`.",
    ],
    tenant: 'lab-09',
    ports: { feeder: 19090 },
  },
  {
    id: '10-lean-self-scrape',
    title: 'A lean job that watches Prometheus: sample_limit and a keep rule on the metric name',
    lesson: 'operating/meta-monitoring',
    services: ['prometheus'],
    files: ['scrape.yml'],
    hints: [
      '`sample_limit: 200` is a setting of the job, beside `static_configs`, not of a target group. A scrape with more samples than that, counted after metric_relabel_configs, fails as a whole.',
      'The metric name exists only on scraped samples, so the rule goes under `metric_relabel_configs`. Under `relabel_configs` it runs on the target, which has no `__name__`, and a keep drops the target.',
      'A keep rule: `source_labels: [__name__]`, a `regex`, `action: keep`. Without source_labels the regex is matched against an empty string.',
      'Regexes are anchored at both ends: `prometheus_remote_storage_.+|prometheus_tsdb_head_series` keeps every name with that prefix and the one gauge. Compare with the stack\'s job: `count by (job) ({__name__=~"prometheus_remote_storage_.+"})`.',
    ],
  },
] satisfies LabEntry[];

/** Every lab, validated (ManifestError names the lab and field when something is off). */
export const manifest: readonly LabEntry[] = parseManifest(labs);

export type { LabEntry };
