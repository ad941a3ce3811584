/**
 * Mimir's multi-tenant Alertmanager: a tenant's configuration (upload, read, delete through
 * /api/v1/alerts, which Mimir validates), the hash of the one running (Mimir's own gauge, so a
 * check knows its upload runs, not the previous one), the alerts with their routing and
 * suppression, and the shop's on-call webhook, where notifications arrive.
 */
import { createHash } from 'node:crypto';
import { parse, stringify } from 'yaml';
import { z } from 'zod';
import { readState, rewriteHosts, serviceUrl, stackPaths } from '../../scripts/stack/index.ts';
import { parseExposition } from './exposition.ts';
import { getJson, request } from './http.ts';
import { base, tenantHeaders } from './mimir-api.ts';

/**
 * A configuration as the running stack must read it: natively, compose host names become
 * 127.0.0.1, as scripts/stack/native/render.ts renders the stack's own configs.
 */
export const renderForStack = (config: string): string =>
  readState(stackPaths())?.mode === 'native' ? rewriteHosts(config) : config;

/** POST /api/v1/alerts: the tenant's configuration; Mimir's validation message when it refuses. */
export async function uploadAlertmanagerConfig(
  tenant: string,
  config: string,
): Promise<{ ok: true } | { ok: false; error: string }> {
  const result = await request(`${base()}/api/v1/alerts`, {
    method: 'POST',
    headers: { ...tenantHeaders(tenant), 'Content-Type': 'application/yaml' },
    body: stringify({ template_files: {}, alertmanager_config: config }),
  });
  return result.ok
    ? { ok: true }
    : { ok: false, error: result.status === 0 ? result.error : result.text.trim() || result.error };
}

/** GET /api/v1/alerts: the tenant's stored configuration, or undefined when it has none. */
export async function storedAlertmanagerConfig(tenant: string): Promise<string | undefined> {
  const result = await request(`${base()}/api/v1/alerts`, { headers: tenantHeaders(tenant) });
  if (result.status === 404) return undefined;
  if (!result.ok)
    throw new Error(`Mimir Alertmanager: reading the configuration of ${tenant}: ${result.error}`);
  const doc = parse(result.text) as { alertmanager_config?: unknown } | null;
  // A tenant the Alertmanager runs with the fallback configuration reads as an empty one.
  return typeof doc?.alertmanager_config === 'string' && doc.alertmanager_config !== ''
    ? doc.alertmanager_config
    : undefined;
}

/** DELETE /api/v1/alerts; a tenant without a configuration is fine. */
export async function deleteAlertmanagerConfig(tenant: string): Promise<void> {
  const result = await request(`${base()}/api/v1/alerts`, {
    method: 'DELETE',
    headers: tenantHeaders(tenant),
  });
  if (!result.ok && result.status !== 404)
    throw new Error(`Mimir Alertmanager: deleting the configuration of ${tenant}: ${result.error}`);
}

/**
 * The value Mimir's cortex_alertmanager_config_hash gauge shows for a configuration: the first
 * 48 bits of its MD5, little-endian (pkg/alertmanager md5HashAsMetricValue).
 */
export function configHash(config: string): number {
  const bytes = Buffer.alloc(8);
  createHash('md5').update(config).digest().copy(bytes, 0, 0, 6);
  return Number(bytes.readBigUInt64LE());
}

/** The hash of the configuration the tenant's Alertmanager runs now, or undefined before its first. */
export async function runningConfigHash(tenant: string): Promise<number | undefined> {
  const result = await request(`${base()}/metrics`);
  if (!result.ok) throw new Error(`Mimir /metrics: ${result.error}`);
  const family = parseExposition(result.text).get('cortex_alertmanager_config_hash');
  return family?.samples.find((s) => s.labels['user'] === tenant)?.value;
}

const amAlertSchema = z.looseObject({
  labels: z.record(z.string(), z.string()),
  annotations: z.record(z.string(), z.string()).default({}),
  startsAt: z.string(),
  fingerprint: z.string(),
  receivers: z.array(z.looseObject({ name: z.string() })).default([]),
  status: z.looseObject({
    /** "active", "suppressed" or "unprocessed". */
    state: z.string(),
    silencedBy: z
      .array(z.string())
      .nullish()
      .transform((v) => v ?? []),
    inhibitedBy: z
      .array(z.string())
      .nullish()
      .transform((v) => v ?? []),
  }),
});
export type AlertmanagerAlert = z.infer<typeof amAlertSchema>;

/** GET /alertmanager/api/v2/alerts: the tenant's alerts, each with its receivers and suppression. */
export async function alertmanagerAlerts(tenant: string): Promise<AlertmanagerAlert[]> {
  const result = await getJson(`${base()}/alertmanager/api/v2/alerts`, z.array(amAlertSchema), {
    headers: tenantHeaders(tenant),
  });
  if (!result.ok) throw new Error(`Mimir Alertmanager: the alerts of ${tenant}: ${result.error}`);
  return result.value;
}

const silenceSchema = z.looseObject({
  id: z.string(),
  comment: z.string().default(''),
  status: z.looseObject({ state: z.string() }),
});

/** The tenant's silence with this id (its comment and state), for a message. */
export async function silence(
  tenant: string,
  id: string,
): Promise<z.infer<typeof silenceSchema> | undefined> {
  const result = await getJson(
    `${base()}/alertmanager/api/v2/silence/${encodeURIComponent(id)}`,
    silenceSchema,
    {
      headers: tenantHeaders(tenant),
    },
  );
  return result.ok ? result.value : undefined;
}

const notificationSchema = z.looseObject({
  receiver: z.string(),
  status: z.string(),
  groupKey: z.string().default(''),
  receivedAt: z.number(),
  alerts: z.array(
    z.looseObject({
      status: z.string(),
      labels: z.record(z.string(), z.string()),
      startsAt: z.string(),
      fingerprint: z.string().default(''),
    }),
  ),
});
export type Notification = z.infer<typeof notificationSchema>;

/** The shop's on-call webhook (stack/app internal/alertsink), where Alertmanager delivers. */
export const webhookPath = '/alerts/webhook';

/** The notifications the app's webhook has kept (oldest first), received after `sinceMs`. */
export async function webhookNotifications(sinceMs = 0): Promise<Notification[]> {
  const result = await getJson(
    `${serviceUrl('app')}${webhookPath}?since=${Math.floor(sinceMs).toString()}`,
    z.looseObject({ notifications: z.array(notificationSchema) }),
  );
  if (!result.ok) throw new Error(`the app's webhook ${webhookPath}: ${result.error}`);
  return result.value.notifications;
}
