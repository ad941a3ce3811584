/**
 * Builds a web UI (web-ui.ts says which and how) from the module's own sources into
 * .stack/ui/<name>/<version>/, once per recipe: a stamp (ui.json) decides reuse. Then puts it
 * into a Go build's source copy the way upstream does before `go build -tags builtinassets`.
 */
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { lastLines, run } from '../exec.ts';
import type { Reporter } from '../output.ts';
import { StackError, formatDuration } from '../output.ts';
import type { StackPaths } from '../paths.ts';
import { buildLogFile } from '../paths.ts';
import {
  assertLockfileFor,
  lockedPackages,
  lockedVersionsOf,
  unexpectedChanges,
  workspaceWithOverride,
} from './pnpm-override.ts';
import type { PackageManager, WebUiRecipe } from './web-ui.ts';
import { installArgs, packageManagerDir, webUiCacheDir, webUiKey } from './web-ui.ts';

const stampSchema = z.object({
  key: z.string(),
  name: z.string(),
  version: z.string(),
  packageManager: z.string(),
  node: z.string(),
  builtAt: z.string(),
  /** Milliseconds per step, in order. */
  steps: z.record(z.string(), z.number()),
  totalMs: z.number(),
});
export type WebUiStamp = z.infer<typeof stampSchema>;

export interface WebUiBuild {
  /** The built UI (the recipe's `output` folder) in the cache. */
  readonly outputDir: string;
  /** False when the cached build was reused. */
  readonly built: boolean;
  readonly stamp: WebUiStamp;
}

const stampFile = (paths: StackPaths, ui: WebUiRecipe): string => join(webUiCacheDir(paths, ui), 'ui.json');
const outputDir = (paths: StackPaths, ui: WebUiRecipe): string => join(webUiCacheDir(paths, ui), ui.output);

/** The cached build of `ui` when it matches the recipe and holds its entry file. */
export function currentWebUi(paths: StackPaths, ui: WebUiRecipe): WebUiStamp | undefined {
  const file = stampFile(paths, ui);
  if (!existsSync(file) || !existsSync(join(outputDir(paths, ui), ui.entry))) return undefined;
  const parsed = stampSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  return parsed.success && parsed.data.key === webUiKey(ui) ? parsed.data : undefined;
}

/** Runs commands for one UI build, each logged and timed; a failure throws with the log's tail. */
class UiSteps {
  readonly steps: Record<string, number> = {};
  readonly ui: WebUiRecipe;
  readonly log: string;
  readonly reporter: Reporter;
  readonly env: NodeJS.ProcessEnv;

  constructor(ui: WebUiRecipe, log: string, reporter: Reporter, env: NodeJS.ProcessEnv) {
    this.ui = ui;
    this.log = log;
    this.reporter = reporter;
    this.env = env;
  }

  async run(step: string, command: string, args: readonly string[], cwd: string): Promise<void> {
    appendFileSync(this.log, `\n$ (cd ${cwd} && ${command} ${args.join(' ')})\n`);
    const start = performance.now();
    const result = await run(command, args, { cwd, env: this.env, logFile: this.log });
    const ms = performance.now() - start;
    this.steps[step] = (this.steps[step] ?? 0) + ms;
    if (result.code !== 0) {
      const why = result.error ? `${command} could not start: ${result.error}` : `exit ${result.code}`;
      this.reporter.fail(
        `${this.ui.name} web UI: "${step}" failed (${why}) after ${formatDuration(ms)}; full log: ${this.log}`,
        lastLines(readFileSync(this.log, 'utf8'), 30),
      );
      throw new StackError(`building the ${this.ui.name} web UI failed at "${step}" (log: ${this.log})`);
    }
    if (ms >= 1000) this.reporter.ok(`${this.ui.name} web UI: ${step} ${formatDuration(ms)}`);
  }
}

/** The package manager from the npm registry in .stack/tools, installed once per version. */
const packageManagerBin = (paths: StackPaths, manager: PackageManager): string =>
  join(packageManagerDir(paths, manager), 'bin');

async function ensurePackageManager(
  paths: StackPaths,
  manager: PackageManager,
  steps: UiSteps,
): Promise<void> {
  const prefix = packageManagerDir(paths, manager);
  const bin = packageManagerBin(paths, manager);
  const answers = async (): Promise<boolean> => {
    const version = await run(join(bin, manager.name), ['--version'], { env: steps.env });
    return version.code === 0 && version.stdout.trim() === manager.version;
  };
  if (existsSync(join(bin, manager.name)) && (await answers())) return;
  rmSync(prefix, { recursive: true, force: true });
  await steps.run(
    `install ${manager.name}@${manager.version}`,
    'npm',
    [
      'install',
      '--global',
      '--prefix',
      prefix,
      '--no-audit',
      '--no-fund',
      // Without a registry npm's default retries wait 70 s, and every `up` tries again: the
      // binary is then built without its UI (build.ts), so fail within seconds instead.
      '--fetch-retries=1',
      '--fetch-retry-mintimeout=2000',
      '--fetch-retry-maxtimeout=5000',
      `${manager.name}@${manager.version}`,
    ],
    paths.root,
  );
  if (!(await answers()))
    throw new StackError(
      `${join(bin, manager.name)} --version does not answer ${manager.version} after its install`,
    );
}

/** The UI's package.json may name its package manager: it must be the one pinned. */
function assertPackageManager(ui: WebUiRecipe, src: string): void {
  const manifest = z
    .object({ packageManager: z.string().optional() })
    .parse(JSON.parse(readFileSync(join(src, 'package.json'), 'utf8')));
  const declared = manifest.packageManager?.split('+')[0];
  const pinned = `${ui.packageManager.name}@${ui.packageManager.version}`;
  if (declared?.startsWith(`${ui.packageManager.name}@`) && declared !== pinned)
    throw new StackError(
      `${ui.name} ${ui.version}: ${ui.dir}/package.json asks for ${declared}, stack/versions.env pins ${pinned}: pin the one upstream names`,
    );
}

/** Rewrites the lockfile for the recorded override, and proves nothing else moved. */
async function applyOverride(ui: WebUiRecipe, src: string, steps: UiSteps): Promise<void> {
  const override = ui.override;
  if (!override) return;
  const lockfile = join(src, ui.lockfile);
  const before = readFileSync(lockfile, 'utf8');
  assertLockfileFor(override, before, `${ui.module}@${ui.moduleVersion} ${ui.dir}/${ui.lockfile}`);
  const beforeSet = lockedPackages(before);
  const workspace = join(src, 'pnpm-workspace.yaml');
  writeFileSync(
    workspace,
    workspaceWithOverride(
      readFileSync(workspace, 'utf8'),
      override,
      lockedVersionsOf(beforeSet, override.name),
    ),
  );
  appendFileSync(
    steps.log,
    `\n# override ${override.name}@${override.version} (stack/versions.env says why)\n`,
  );
  await steps.run('apply the lockfile override', 'pnpm', ['install', '--lockfile-only'], src);
  const problems = unexpectedChanges(beforeSet, lockedPackages(readFileSync(lockfile, 'utf8')), override);
  if (problems.length > 0)
    throw new StackError(
      `${ui.name} web UI: the override ${override.name}@${override.version} moved more than that package in ${ui.lockfile}:\n${problems.join('\n')}`,
    );
}

export interface WebUiOptions {
  readonly reporter: Reporter;
  /** Rebuild even when a matching build is cached. */
  readonly force?: boolean;
  /** Added to the package manager's environment (bench:ui points its caches at fresh folders). */
  readonly env?: Readonly<Record<string, string>>;
}

/** The cached UI, or a fresh build of it from `moduleDir` (the module's downloaded sources). */
export async function ensureWebUi(
  paths: StackPaths,
  ui: WebUiRecipe,
  moduleDir: string,
  options: WebUiOptions,
): Promise<WebUiBuild> {
  const cached = currentWebUi(paths, ui);
  if (cached && !options.force) return { outputDir: outputDir(paths, ui), built: false, stamp: cached };

  const started = performance.now();
  const log = buildLogFile(paths, `${ui.name}-ui`);
  mkdirSync(dirname(log), { recursive: true });
  writeFileSync(log, `# ${ui.name} ${ui.version} web UI from ${ui.module}@${ui.moduleVersion}/${ui.dir}\n`);
  options.reporter.step(
    `building the ${ui.name} ${ui.version} web UI with ${ui.packageManager.name} (log: ${log})`,
  );
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // The pinned package manager first, then the Node running this script, for the UI's scripts.
    PATH: [
      packageManagerBin(paths, ui.packageManager),
      dirname(process.execPath),
      process.env['PATH'] ?? '',
    ].join(':'),
    // Prometheus' Makefile builds its UI with CI=""; under CI=true react-scripts (Alloy) fails on
    // lint warnings, which upstream's release builds do not set either.
    CI: '',
    ...options.env,
  };
  const steps = new UiSteps(ui, log, options.reporter, env);
  await ensurePackageManager(paths, ui.packageManager, steps);

  const src = join(paths.build, `${ui.name}-${ui.version}-ui`);
  rmSync(src, { recursive: true, force: true });
  mkdirSync(paths.build, { recursive: true });
  const copy = await run('cp', ['-R', join(moduleDir, ui.dir), src]);
  const chmod = copy.code === 0 ? await run('chmod', ['-R', 'u+w', src]) : copy;
  if (chmod.code !== 0)
    throw new StackError(`${ui.name} web UI: copying ${join(moduleDir, ui.dir)}: ${chmod.stderr}`);
  assertPackageManager(ui, src);

  await applyOverride(ui, src, steps);
  await steps.run('install dependencies', ui.packageManager.name, installArgs(ui.packageManager), src);
  for (const [command, ...args] of ui.build) if (command) await steps.run('build', command, args, src);
  const built = join(src, ui.output);
  if (!existsSync(join(built, ui.entry)))
    throw new StackError(`${ui.name} web UI: the build left no ${ui.output}/${ui.entry} (log: ${log})`);

  // Swap the new build in whole, then drop the working copy (its node_modules are large).
  const cacheDir = webUiCacheDir(paths, ui);
  const scratch = `${cacheDir}.partial`;
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  renameSync(built, join(scratch, ui.output));
  const stamp: WebUiStamp = {
    key: webUiKey(ui),
    name: ui.name,
    version: ui.version,
    packageManager: `${ui.packageManager.name}@${ui.packageManager.version}`,
    node: process.version,
    builtAt: new Date().toISOString(),
    steps: steps.steps,
    totalMs: performance.now() - started,
  };
  writeFileSync(join(scratch, 'ui.json'), `${JSON.stringify(stamp, null, 2)}\n`);
  rmSync(cacheDir, { recursive: true, force: true });
  renameSync(scratch, cacheDir);
  rmSync(src, { recursive: true, force: true });
  options.reporter.ok(`${ui.name} web UI built in ${formatDuration(stamp.totalMs)} → ${cacheDir}`);
  return { outputDir: join(cacheDir, ui.output), built: true, stamp };
}

/**
 * Puts a built UI into the Go build's source copy `src`, as upstream does: Prometheus'
 * compress_assets.sh (its Makefile's assets-compress, reading prebuilt assets from
 * PREBUILT_ASSETS_STATIC_DIR) gzips them and writes web/ui/embed.go; Alloy's Dockerfile copies
 * build/ into internal/web/ui/, where `//go:embed build` picks it up.
 */
export async function embedWebUi(ui: WebUiRecipe, built: string, src: string, log: string): Promise<void> {
  const target = join(src, ui.dir, ui.output);
  const step =
    ui.embed === 'compress-assets'
      ? {
          command: 'bash',
          args: ['scripts/compress_assets.sh'],
          env: { ...process.env, PREBUILT_ASSETS_STATIC_DIR: built },
        }
      : { command: 'cp', args: ['-R', built, target], env: process.env };
  if (ui.embed === 'copy') rmSync(target, { recursive: true, force: true });
  appendFileSync(log, `\n$ (cd ${src} && ${step.command} ${step.args.join(' ')})\n`);
  const result = await run(step.command, step.args, { cwd: src, env: step.env, logFile: log });
  if (result.code !== 0)
    throw new StackError(
      `embedding the ${ui.name} web UI failed (${step.command} exit ${result.code}; log: ${log})`,
    );
}
