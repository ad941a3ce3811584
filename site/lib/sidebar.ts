/**
 * The site's sidebar, in curriculum order: a group's lessons follow their `sidebar.order`, and
 * the lessons that end in a lab appear in the order of the lab numbers (tests/unit/sidebar.test.ts).
 * A group lists a lesson by slug where the lesson's folder is not its group.
 */
/** Mutable, as Starlight's config type wants it. */
export interface SidebarGroup {
  label: string;
  translations?: Record<string, string>;
  items: ({ autogenerate: { directory: string } } | { slug: string })[];
}

export const sidebar: SidebarGroup[] = [
  {
    label: 'Start here',
    translations: { ja: 'はじめに' },
    items: [{ autogenerate: { directory: 'start-here' } }],
  },
  {
    label: 'Prometheus',
    items: [{ autogenerate: { directory: 'prometheus' } }],
  },
  {
    label: 'PromQL exercises',
    translations: { ja: 'PromQL 演習' },
    items: [{ autogenerate: { directory: 'promql' } }],
  },
  {
    label: 'OpenMetrics vs OpenTelemetry',
    translations: { ja: 'OpenMetrics と OpenTelemetry' },
    items: [{ autogenerate: { directory: 'openmetrics' } }, { autogenerate: { directory: 'opentelemetry' } }],
  },
  {
    label: 'Mimir',
    items: [{ slug: 'mimir/remote-write-and-tenants' }],
  },
  {
    label: 'Alloy',
    items: [{ autogenerate: { directory: 'alloy' } }],
  },
  {
    // Rules, discovery in depth, alerting and meta-monitoring: after Alloy, as their labs are.
    label: 'Operating Prometheus and Mimir',
    translations: { ja: 'Prometheus と Mimir を運用する' },
    items: [{ slug: 'mimir/recording-rules-and-alerts' }, { autogenerate: { directory: 'operating' } }],
  },
  {
    label: 'Grafana',
    items: [{ autogenerate: { directory: 'grafana' } }],
  },
  {
    label: 'Beyond metrics',
    translations: { ja: 'メトリクスの先へ' },
    items: [{ autogenerate: { directory: 'beyond-metrics' } }],
  },
  {
    label: 'For instructors',
    translations: { ja: '講師向け' },
    items: [{ autogenerate: { directory: 'instructors' } }],
  },
];
