/**
 * Docker mode as compose.yaml is written, through testcontainers' DockerComposeEnvironment:
 * the core services come up healthy and pass the same pipeline checks as the native stack.
 * Run by `npm run test:docker` (scripts/test-docker.ts), which has a daemon, Compose, buildx
 * and the images ready (stand-ins in CI) and the native stack down. Grafana needs its real
 * image (no stand-in can exist: see stack/images.ts), so it is validated statically instead
 * (static.test.ts).
 */
import { DockerComposeEnvironment, Wait } from 'testcontainers';
import type { StartedDockerComposeEnvironment } from 'testcontainers';
import { afterAll, beforeAll, describe } from 'vitest';
import { services } from '../../stack/services.ts';
import { stackPaths } from '../../scripts/stack/index.ts';
import { describePipeline } from '../support/pipeline-checks.ts';
import { assertDockerReady, coreWithImages } from './docker-env.ts';

const paths = stackPaths();

describe('compose.yaml on its own (testcontainers)', () => {
  let environment: StartedDockerComposeEnvironment | undefined;

  beforeAll(async () => {
    await assertDockerReady();
    const started = performance.now();
    environment = await new DockerComposeEnvironment(paths.stackDir, 'compose.yaml')
      .withEnvironmentFile('versions.env')
      // Its own project, so the learner's named volumes (project "workshop") are never touched.
      .withProjectName('workshop-compose-test')
      .withBuild()
      .withWaitStrategy('mimir-1', Wait.forHttp(services.mimir.readyPath, services.mimir.port))
      .withWaitStrategy('app-1', Wait.forHttp(services.app.readyPath, services.app.port))
      .withWaitStrategy('prometheus-1', Wait.forHealthCheck())
      .withWaitStrategy('alloy-1', Wait.forHealthCheck())
      .withStartupTimeout(300_000)
      .up([...coreWithImages]);
    console.log(
      `[docker] compose up (${coreWithImages.join(', ')}) healthy in ${Math.round((performance.now() - started) / 1000)} s`,
    );
  }, 900_000);

  afterAll(async () => {
    await environment?.down({ removeVolumes: true });
  }, 300_000);

  describePipeline();
});
