/**
 * Docker mode, through testcontainers' DockerComposeEnvironment over stack/compose.yaml.
 * Skips (saying why) where no Docker daemon runs or the pinned images are not present:
 * this workshop's CI machine has neither, and runs the same checks natively instead.
 */
import { readFileSync } from 'node:fs';
import { DockerComposeEnvironment, Wait } from 'testcontainers';
import type { StartedDockerComposeEnvironment } from 'testcontainers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceNames, services, tenants } from '../../stack/services.ts';
import {
  composeImages,
  dockerInfo,
  parseEnvFile,
  portsFor,
  portState,
  run,
  stackPaths,
} from '../../scripts/stack/index.ts';
import { queryMimir, queryPrometheus, waitFor } from '../support/stack.ts';

const paths = stackPaths();

async function whyNot(): Promise<string | undefined> {
  const docker = await dockerInfo();
  if (docker.problem) return docker.problem;
  const env = parseEnvFile(readFileSync(paths.versionsFile, 'utf8'));
  const missing: string[] = [];
  for (const image of composeImages(paths, env)) {
    if ((await run('docker', ['image', 'inspect', image])).code !== 0) missing.push(image);
  }
  if (missing.length > 0)
    return `images not present: ${missing.join(', ')} (docker compose --env-file stack/versions.env -f stack/compose.yaml pull)`;
  for (const need of portsFor(serviceNames)) {
    if ((await portState(need.port)).busy)
      return `port ${need.port} is busy (is the native stack up? npm run stack -- down)`;
  }
  return undefined;
}

const reason = await whyNot();
if (reason) console.warn(`[stack docker tests] skipped: ${reason}`);

describe.skipIf(reason !== undefined)('Docker mode (compose.yaml)', () => {
  let environment: StartedDockerComposeEnvironment | undefined;

  beforeAll(async () => {
    environment = await new DockerComposeEnvironment(paths.stackDir, 'compose.yaml')
      .withEnvironmentFile('versions.env')
      .withProjectName('workshop-test')
      .withBuild()
      .withWaitStrategy('mimir-1', Wait.forHttp(services.mimir.readyPath, services.mimir.port))
      .withWaitStrategy('app-1', Wait.forHttp(services.app.readyPath, services.app.port))
      .withWaitStrategy('prometheus-1', Wait.forHealthCheck())
      .withWaitStrategy('alloy-1', Wait.forHealthCheck())
      .withWaitStrategy('grafana-1', Wait.forHealthCheck())
      .withStartupTimeout(300_000)
      .up();
  }, 900_000);

  afterAll(async () => {
    await environment?.down({ removeVolumes: true });
  }, 300_000);

  it('scrapes the app in Prometheus', async () => {
    await waitFor(async () => (await queryPrometheus('up{job="app"} == 1')).length > 0, {
      timeoutMs: 60_000,
      what: 'up{job="app"} == 1',
    });
  });

  it.each(Object.values(tenants))('fills Mimir tenant "%s"', async (tenant) => {
    const expr = tenant === tenants.otel ? 'target_info' : 'up{job="app"}';
    const samples = await waitFor(
      async () => {
        const result = await queryMimir(expr, tenant);
        return result.length > 0 ? result : undefined;
      },
      { timeoutMs: 90_000, what: `${expr} in tenant ${tenant}` },
    );
    expect(samples.length).toBeGreaterThan(0);
  });

  it('lets anonymous viewers query Mimir through a provisioned data source', async () => {
    const url = `http://127.0.0.1:${services.grafana.port}/api/datasources/proxy/uid/mimir-otel/api/v1/query?query=target_info`;
    const body = await waitFor(
      async () => {
        const response = await fetch(url);
        return response.ok ? ((await response.json()) as { status: string }) : undefined;
      },
      { timeoutMs: 60_000, what: 'Grafana data source proxy to Mimir tenant otel' },
    );
    expect(body.status).toBe('success');
  });
});
