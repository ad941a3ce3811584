/**
 * What the Docker suites share: the check that the daemon and Compose answer (the suites fail,
 * never skip, without them: `npm run test:docker` prepares both), and which core services have
 * an image here. Services whose image cannot have a stand-in (stack/images.ts) run only where
 * the real image was pulled; the suites say plainly which ones they left out.
 */
import { coreServices, type ServiceName } from '../../stack/services.ts';
import { images, type UpstreamImage } from '../../stack/images.ts';
import { dockerInfo, loadVersions, run, stackPaths } from '../../scripts/stack/index.ts';

const versions = loadVersions(stackPaths().versionsFile);

/** Throws, saying what to run, when Docker mode cannot work here. */
export async function assertDockerReady(): Promise<void> {
  let docker = await dockerInfo();
  // A daemon still removing the previous suite's containers can be slow to answer for a while.
  for (let tries = 0; docker.problem && !docker.daemon && docker.client && tries < 6; tries++) {
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    docker = await dockerInfo();
  }
  if (docker.problem)
    throw new Error(
      `Docker suite: ${docker.problem}. Run it through \`npm run test:docker\`, which starts dockerd and builds what is missing.`,
    );
}

const imageOf = (service: ServiceName): UpstreamImage | undefined =>
  Object.values(images).find((image: UpstreamImage) => image.services.includes(service));

const present = async (ref: string): Promise<boolean> =>
  (await run('docker', ['image', 'inspect', '--format', '{{.Id}}', ref], { timeoutMs: 15_000 })).code === 0;

async function partition(): Promise<{ run: ServiceName[]; left: string[] }> {
  const runnable: ServiceName[] = [];
  const left: string[] = [];
  for (const service of coreServices) {
    const image = imageOf(service);
    if (!image) throw new Error(`stack/images.ts has no image for core service ${service}`);
    if (image.standIn !== true && !(await present(image.ref(versions)))) {
      left.push(`${service} (${image.ref(versions)} is not here, and ${image.standIn.no})`);
      continue;
    }
    runnable.push(service);
  }
  return { run: runnable, left };
}

const split = await partition();

/** Core services the Docker suites start: every one whose image is here or has a stand-in. */
export const coreWithImages: readonly ServiceName[] = split.run;

if (split.left.length > 0) console.warn(`[docker] not run, no image: ${split.left.join('; ')}`);
