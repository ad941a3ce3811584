/**
 * What checking changes in the shared stack, saved before the dev-check runs and put back
 * after it (also on failure and Ctrl-C): the Prometheus drop-ins in stack/prometheus/labs/
 * (with each lab's own folder there), each lab tenant's Alertmanager configuration, and the rule groups of every lab tenant in Mimir's ruler. The checked labs' processes are
 * stopped; the learner's next check starts theirs again from their own files.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { reloadPrometheus } from '../../labs/kit/drop-in.ts';
import { request } from '../../labs/kit/http.ts';
import {
  deleteAlertmanagerConfig,
  storedAlertmanagerConfig,
  uploadAlertmanagerConfig,
} from '../../labs/kit/alertmanager-api.ts';
import { deleteRuleNamespace, uploadRuleGroup } from '../../labs/kit/mimir-api.ts';
import { stopLabProcesses } from '../../labs/kit/processes.ts';
import { shownPath } from '../../labs/kit/shown.ts';
import { manifest } from '../../labs/manifest.ts';
import { tenantHeader } from '../../stack/services.ts';
import { writeFileAtomic } from '../lib/atomic-file.ts';
import { labFilesDir, readDropIns, serviceUrl, stackPaths } from '../stack/index.ts';
import { filesUnder } from './files.ts';

export interface Snapshot {
  /** The labs checked: their processes are stopped afterwards. */
  readonly labs: readonly string[];
  readonly dropIns: ReadonlyMap<string, string>;
  /** tenant → namespace → groups (as the ruler API returns them). */
  readonly rules: ReadonlyMap<string, Readonly<Record<string, unknown[]>>>;
  /** tenant → its Alertmanager configuration (undefined: none). */
  readonly alertmanager: ReadonlyMap<string, string | undefined>;
}

/** GET /prometheus/config/v1/rules: every namespace of a tenant (404 = none). */
async function tenantRules(tenant: string): Promise<Record<string, unknown[]>> {
  const result = await request(`${serviceUrl('mimir')}/prometheus/config/v1/rules`, {
    headers: { [tenantHeader]: tenant },
  });
  if (!result.ok) {
    if (result.status === 404) return {};
    throw new Error(`Mimir ruler: reading the rules of tenant ${tenant}: ${result.error}`);
  }
  return (parse(result.text) as Record<string, unknown[]> | null) ?? {};
}

/**
 * The tenants and drop-ins of the checked labs only: the stack is shared, and another lab's
 * check (a learner's watch, another dev-check) may change its own meanwhile.
 */
const labTenants = (labs: readonly string[]): string[] =>
  manifest.flatMap((l) => (l.tenant && labs.includes(l.id) ? [l.tenant] : []));
function labDropIns(labs: readonly string[]): Map<string, string> {
  const paths = stackPaths();
  const files = new Map([...readDropIns(paths)].filter(([name]) => labs.some((id) => name === `${id}.yml`)));
  // A lab's own folder beside its drop-in (its file_sd files), as `<id>/<file>`.
  for (const id of labs)
    for (const file of filesUnder(labFilesDir(paths, id)))
      files.set(`${id}/${file}`, readFileSync(join(labFilesDir(paths, id), file), 'utf8'));
  return files;
}

export async function takeSnapshot(labs: readonly string[], withRuler: boolean): Promise<Snapshot> {
  const rules = new Map<string, Record<string, unknown[]>>();
  const alertmanager = new Map<string, string | undefined>();
  if (withRuler)
    for (const tenant of labTenants(labs)) {
      rules.set(tenant, await tenantRules(tenant));
      alertmanager.set(tenant, await storedAlertmanagerConfig(tenant));
    }
  return { labs, dropIns: labDropIns(labs), rules, alertmanager };
}

/** Puts the snapshot back; returns what it changed (empty when nothing had to be). */
export async function restoreSnapshot(snapshot: Snapshot): Promise<string[]> {
  const changed: string[] = [];
  const paths = stackPaths();
  const now = labDropIns(snapshot.labs);
  for (const name of now.keys()) {
    if (snapshot.dropIns.has(name)) continue;
    rmSync(join(paths.dropIns, name), { force: true });
    changed.push(`removed ${shownPath(join(paths.dropIns, name))}`);
  }
  for (const id of snapshot.labs) {
    const folder = labFilesDir(paths, id);
    if (existsSync(folder) && filesUnder(folder).length === 0)
      rmSync(folder, { recursive: true, force: true });
  }
  for (const [name, text] of snapshot.dropIns) {
    if (now.get(name) === text) continue;
    writeFileAtomic(join(paths.dropIns, name), text);
    changed.push(`restored ${shownPath(join(paths.dropIns, name))}`);
  }
  if (changed.length > 0) {
    const error = await reloadPrometheus();
    changed.push(error ? `Prometheus not reloaded: ${error}` : 'Prometheus reloaded');
  }
  for (const [tenant, saved] of snapshot.rules) {
    const current = await tenantRules(tenant);
    if (stringify(current) === stringify(saved)) continue;
    for (const namespace of Object.keys(current)) await deleteRuleNamespace(tenant, namespace);
    for (const [namespace, groups] of Object.entries(saved)) {
      for (const group of groups) {
        const uploaded = await uploadRuleGroup(tenant, namespace, stringify(group));
        if (!uploaded.ok)
          changed.push(`could not restore rule group in ${tenant}/${namespace}: ${uploaded.error}`);
      }
    }
    changed.push(`restored the rule groups of tenant ${tenant}`);
  }
  for (const [tenant, saved] of snapshot.alertmanager) {
    if ((await storedAlertmanagerConfig(tenant)) === saved) continue;
    if (saved === undefined) await deleteAlertmanagerConfig(tenant);
    else {
      const uploaded = await uploadAlertmanagerConfig(tenant, saved);
      if (!uploaded.ok)
        changed.push(`could not restore the Alertmanager configuration of ${tenant}: ${uploaded.error}`);
    }
    changed.push(`restored the Alertmanager configuration of tenant ${tenant}`);
  }
  const stopped: string[] = [];
  for (const lab of snapshot.labs) stopped.push(...(await stopLabProcesses(lab)));
  return [...changed, ...stopped.map((s) => `stopped ${s}`)];
}
