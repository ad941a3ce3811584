/**
 * Builds the native binaries into .stack/bin/<component>/<version>/: Prometheus (+promtool),
 * Mimir and Alloy from their Go modules, and the sample app from stack/app. Prometheus and
 * Alloy get their web UIs compiled in, as upstream's release builds do (web-ui-build.ts). A
 * binary whose recipe, version, Go toolchain and UI match its build.json is reused; anything
 * else rebuilds.
 * Go's module and build caches make a rebuild after a version bump incremental.
 */
import { createHash } from 'node:crypto';
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join, relative } from 'node:path';
import { z } from 'zod';
import { treeHash } from '../../lib/tree-hash.ts';
import { childEnv } from '../child-env.ts';
import { lastLines, run } from '../exec.ts';
import type { Reporter } from '../output.ts';
import { StackError, formatDuration } from '../output.ts';
import type { StackPaths } from '../paths.ts';
import { buildLogFile } from '../paths.ts';
import type { Versions } from '../versions.ts';
import { webUiUrl } from '../web-ui-probe.ts';
import type { GoStep } from './alloy-prune.ts';
import {
  dropBannedRequirements,
  pruneSources,
  refuseBannedBinaries,
  refuseBannedModuleGraph,
  refuseBannedPackages,
} from './alloy-prune.ts';
import { sourcePruning } from './alloy-registry.ts';
import { bannedGoModules } from './banned-modules.ts';
import type { Recipe, UpstreamName } from './components.ts';
import { recipes, upstreamNames } from './components.ts';
import { CompileProgress, parsePackageList, stalePackagesArgs } from './compile-progress.ts';
import type { WebUiBuild } from './web-ui-build.ts';
import { embedWebUi, ensureWebUi } from './web-ui-build.ts';
import type { WebUiRecipe } from './web-ui.ts';
import { webUiKey, webUiOf } from './web-ui.ts';
import { sleep } from '../../lib/sleep.ts';

/** Bump when the build procedure itself changes, so every binary rebuilds once. */
const BUILDER_REVISION = 1;
/** How often a long compile says it is still alive. */
const HEARTBEAT_MS = 60_000;

export type BuildTarget = UpstreamName | 'app';
export const buildTargets: readonly BuildTarget[] = [...upstreamNames, 'app'];

/** What .stack/bin/<name>/<version>/build.json (and app.json) records. */
const stampSchema = z.object({
  key: z.string(),
  name: z.string(),
  version: z.string(),
  goVersion: z.string(),
  builtAt: z.string(),
  /** Milliseconds per step, in order. */
  steps: z.record(z.string(), z.number()),
  totalMs: z.number(),
  /**
   * For a component with a web UI: the UI compiled in (its webUiKey), or why the build has
   * none (the UI build's error and log). Such an API-only build is never current, so the
   * next build retries the UI.
   */
  webUi: z
    .union([z.object({ key: z.string() }), z.object({ error: z.string(), log: z.string() })])
    .optional(),
});
export type BuildStamp = z.infer<typeof stampSchema>;

export interface BuildOutcome {
  readonly name: BuildTarget;
  readonly version: string;
  /** Folder holding the binaries. */
  readonly binDir: string;
  /** False when an existing build was reused. */
  readonly built: boolean;
  readonly stamp: BuildStamp;
}

/**
 * Environment for every go command the builder and the labs run: the allowlisted one (an
 * exported GOFLAGS, GOOS or GOARCH must not change what is built), with the builder's settings.
 */
export function goEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return childEnv({
    CGO_ENABLED: '0',
    // Prometheus's module ships a go.work naming folders the zip leaves out.
    GOWORK: 'off',
    // -mod=mod: module zips keep vendor/modules.txt but not vendor/ itself.
    GOFLAGS: '-mod=mod -buildvcs=false',
    // A go directive newer than the installed Go is an error to report, not a download.
    GOTOOLCHAIN: 'local',
    ...extra,
  });
}

export async function goVersion(): Promise<string | undefined> {
  const result = await run('go', ['env', 'GOVERSION'], { env: goEnv() });
  return result.code === 0 ? result.stdout.trim() : undefined;
}

/** go1.26.8 → [1, 26, 8]; compares go directives with the installed toolchain. */
export function compareGoVersions(a: string, b: string): number {
  const parts = (v: string): number[] =>
    v
      .replace(/^go/, '')
      .split(/[.rc-]+/)
      .map((n) => Number(n) || 0);
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

export const upstreamBinDir = (paths: StackPaths, recipe: Recipe): string =>
  join(paths.bin, recipe.name, recipe.version);
export const appBinary = (paths: StackPaths): string => join(paths.bin, 'app');

function readStamp(file: string): BuildStamp | undefined {
  if (!existsSync(file)) return undefined;
  const parsed = stampSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  return parsed.success ? parsed.data : undefined;
}

/**
 * The build key; `uiKey` is the embedded web UI's, absent for a build without one. A recipe
 * with source pruning adds it and the banned modules; one without hashes as it did before.
 */
export function upstreamKey(recipe: Recipe, go: string, uiKey?: string): string {
  const pruning = sourcePruning[recipe.name];
  return sha256(
    JSON.stringify({
      recipe,
      go,
      BUILDER_REVISION,
      ...(uiKey ? { ui: uiKey } : {}),
      ...(pruning ? { pruning, bannedGoModules } : {}),
    }),
  );
}

/** The key a current build of `recipe` has: with its web UI compiled in, where it has one. */
const wantedKey = (recipe: Recipe, ui: WebUiRecipe | undefined, go: string): string =>
  upstreamKey(recipe, go, ui && webUiKey(ui));

/** The stamp in a complete build folder of `recipe`, whatever its key. */
function builtStamp(paths: StackPaths, recipe: Recipe): BuildStamp | undefined {
  const dir = upstreamBinDir(paths, recipe);
  const complete = recipe.binaries.every((b) => existsSync(join(dir, b)));
  return complete ? readStamp(join(dir, 'build.json')) : undefined;
}

/** Why the built binary of `name` has no web UI, when it was built without the one it has. */
export function webUiBuildFailure(
  paths: StackPaths,
  versions: Versions,
  name: UpstreamName,
): { readonly error: string; readonly log: string } | undefined {
  const ui = builtStamp(paths, recipes(versions)[name])?.webUi;
  return ui && 'error' in ui ? ui : undefined;
}

/** Hash of every file under stack/app (hidden folders skipped), the Go version and the builder: the app's build key. */
export const appSourceHash = (dir: string, go: string): string =>
  treeHash(dir, { seed: `${go}\n${BUILDER_REVISION}\n` });

/** The reusable build of each target, or undefined where a build is due. */
export function currentBuilds(
  paths: StackPaths,
  versions: Versions,
  go: string,
): Record<BuildTarget, BuildStamp | undefined> {
  const all = recipes(versions);
  const upstream = (name: UpstreamName): BuildStamp | undefined => {
    const recipe = all[name];
    const stamp = builtStamp(paths, recipe);
    return stamp?.key === wantedKey(recipe, webUiOf(versions, name), go) ? stamp : undefined;
  };
  const appStamp = readStamp(join(paths.bin, 'app.json'));
  const appDir = join(paths.stackDir, 'app');
  const appOk =
    existsSync(appDir) && existsSync(appBinary(paths)) && appStamp?.key === appSourceHash(appDir, go)
      ? appStamp
      : undefined;
  return {
    ...(Object.fromEntries(upstreamNames.map((name) => [name, upstream(name)])) as Record<
      UpstreamName,
      BuildStamp | undefined
    >),
    app: appOk,
  };
}

/** The tags the workshop builds a recipe with: upstream's, then its own trims. */
export const workshopTags = (recipe: Recipe): string[] => [...recipe.tags, ...(recipe.trimTags ?? [])];

/** `go build` flags for a recipe: stripped, reproducible paths, its tags and version stamps. */
export function compileFlags(recipe: Recipe, tags: readonly string[], outDir: string): string[] {
  const ldflags = ['-s', '-w', ...recipe.ldflags.map((x) => `-X ${x}`)].join(' ');
  return ['-trimpath', `-tags=${tags.join(',')}`, `-ldflags=${ldflags}`, '-o', `${outDir}/`];
}

/** The build flags that decide which packages are stale; -o and -ldflags only shape the link. */
function listFlags(flags: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < flags.length; i++) {
    const flag = flags[i] ?? '';
    if (flag === '-o') i++;
    else if (!flag.startsWith('-ldflags=')) out.push(flag);
  }
  return out;
}

/** Times one step, logging the command line; throws with the log's tail when it fails. */
class StepRunner {
  readonly steps: Record<string, number> = {};
  readonly name: string;
  readonly log: string;
  readonly reporter: Reporter;
  readonly env: NodeJS.ProcessEnv;

  constructor(name: string, log: string, reporter: Reporter, env: NodeJS.ProcessEnv) {
    this.name = name;
    this.log = log;
    this.reporter = reporter;
    this.env = env;
  }

  async go(
    step: string,
    args: readonly string[],
    cwd: string,
    options: {
      /** The caller reads stdout (it is then copied to the log afterwards). */
      readonly stdout?: boolean;
      /** Keep a caller-read stdout out of the log (megabytes of go list or go mod graph). */
      readonly unlogged?: boolean;
      readonly onStderrLine?: (line: string) => void;
      /** The caller shows its own progress: no "still on" heartbeat. */
      readonly quiet?: boolean;
    } = {},
  ): Promise<string> {
    appendFileSync(this.log, `\n$ (cd ${cwd} && go ${args.join(' ')})\n`);
    const start = performance.now();
    const heartbeat = options.quiet
      ? undefined
      : setInterval(() => {
          this.reporter.note(
            `${this.name}: still on "${step}" (${formatDuration(performance.now() - start)}) · tail -f ${this.log}`,
          );
        }, HEARTBEAT_MS);
    // Output goes to the log, except when the caller needs stdout (go mod download -json).
    const wantsStdout = options.stdout ?? args.includes('-json');
    const lines = options.onStderrLine ? { onStderrLine: options.onStderrLine } : {};
    const result = await run(
      'go',
      args,
      wantsStdout ? { cwd, env: this.env, ...lines } : { cwd, env: this.env, logFile: this.log, ...lines },
    );
    clearInterval(heartbeat);
    if (wantsStdout) appendFileSync(this.log, (options.unlogged ? '' : result.stdout) + result.stderr);
    const ms = performance.now() - start;
    this.steps[step] = (this.steps[step] ?? 0) + ms;
    if (result.code !== 0) {
      const tail = lastLines(readFileSync(this.log, 'utf8'), 30);
      this.reporter.fail(
        `${this.name}: "${step}" failed after ${formatDuration(ms)}; full log: ${this.log}`,
        tail,
      );
      throw new StackError(`building ${this.name} failed at "${step}" (log: ${this.log})`);
    }
    if (ms >= 1000) this.reporter.ok(`${this.name}: ${step} ${formatDuration(ms)}`);
    return result.stdout;
  }

  /**
   * `go build -v <flags> <packages>` with a progress bar: `go list` first counts the packages
   * the build will compile (the stale ones, under the same flags), then each one `-v` names
   * moves the bar. Its output goes to the log like any step's.
   */
  async compile(flags: readonly string[], packages: readonly string[], cwd: string): Promise<void> {
    const listed = await this.go('count packages', stalePackagesArgs(listFlags(flags), packages), cwd, {
      stdout: true,
    });
    const progress = new CompileProgress(this.name, parsePackageList(listed), this.reporter, this.log);
    try {
      await this.go('compile', ['build', '-v', ...flags, ...packages], cwd, {
        onStderrLine: (line) => {
          progress.onLine(line);
        },
        quiet: true,
      });
    } finally {
      progress.end();
    }
  }

  timeSync(step: string, fn: () => void): void {
    const start = performance.now();
    fn();
    this.steps[step] = performance.now() - start;
  }
}

const moduleDownload = z.object({
  Dir: z.string().optional(),
  Error: z.string().optional(),
  GoMod: z.string().optional(),
});
const goModJson = z.object({
  Go: z.string().optional(),
  Require: z.array(z.object({ Path: z.string(), Version: z.string() })).nullish(),
  Replace: z
    .array(
      z.object({
        Old: z.object({ Path: z.string() }),
        New: z.object({ Path: z.string(), Version: z.string().optional() }),
      }),
    )
    .nullish(),
});

/**
 * The component's web UI from the cache, or built now from the module's sources. A UI that
 * cannot be built (no registry, say) is not fatal: the binary is built without it, loudly.
 */
async function webUiOrFailure(
  paths: StackPaths,
  ui: WebUiRecipe,
  moduleDir: string,
  reporter: Reporter,
): Promise<WebUiBuild | { readonly error: string; readonly log: string }> {
  try {
    return await ensureWebUi(paths, ui, moduleDir, { reporter });
  } catch (error) {
    const failure = { error: (error as Error).message, log: buildLogFile(paths, `${ui.name}-ui`) };
    reporter.fail(
      `${ui.name}: its web UI could not be built, so it is built to answer the API only (no pages at ${webUiUrl(ui.name) ?? ui.name}); the next \`npm run stack -- up\` tries the UI again`,
      `${failure.error}\nlog: ${failure.log}`,
    );
    return failure;
  }
}

async function buildUpstream(
  paths: StackPaths,
  recipe: Recipe,
  ui: WebUiRecipe | undefined,
  go: string,
  reporter: Reporter,
): Promise<BuildOutcome> {
  const started = performance.now();
  const log = buildLogFile(paths, recipe.name);
  writeFileSync(
    log,
    `# ${recipe.name} ${recipe.version}: ${recipe.module}@${recipe.moduleVersion} with ${go}\n`,
  );
  reporter.step(
    `building ${recipe.name} ${recipe.version} from ${recipe.module}@${recipe.moduleVersion} (log: ${log})`,
  );
  if (recipe.cgo && (await run('cc', ['--version'])).code !== 0) {
    throw new StackError(
      `${recipe.name} is compiled with cgo, as upstream does, and needs a C compiler: none answers to \`cc\`. Install one (Debian: apt-get install gcc libc6-dev; scripts/workshop setup does it).`,
    );
  }
  const steps = new StepRunner(recipe.name, log, reporter, goEnv({ CGO_ENABLED: recipe.cgo ? '1' : '0' }));

  // 1. The module's own source tree, through the Go module proxy.
  const downloaded = moduleDownload.parse(
    JSON.parse(
      await steps.go(
        'download module',
        ['mod', 'download', '-json', `${recipe.module}@${recipe.moduleVersion}`],
        paths.root,
      ),
    ),
  );
  if (downloaded.Error || !downloaded.Dir)
    throw new StackError(`${recipe.name}: go mod download: ${downloaded.Error ?? 'no Dir'}`);

  // The web UI, from the same module's sources; cached, so only a new recipe builds it.
  const webUi = ui ? await webUiOrFailure(paths, ui, downloaded.Dir, reporter) : undefined;
  const embedded = webUi && 'outputDir' in webUi ? webUi : undefined;
  const failure = webUi && 'error' in webUi ? webUi : undefined;
  const binDir = upstreamBinDir(paths, recipe);
  const apiOnly = builtStamp(paths, recipe);
  if (failure && apiOnly?.key === upstreamKey(recipe, go)) {
    reporter.note(`${recipe.name}: keeping its API-only build of ${apiOnly.builtAt} until the UI builds`);
    return { name: recipe.name, version: recipe.version, binDir, built: false, stamp: apiOnly };
  }

  // 2. A writable copy to build as the main module (so its replace directives apply).
  const src = join(paths.build, `${recipe.name}-${recipe.version}`);
  rmSync(src, { recursive: true, force: true });
  mkdirSync(paths.build, { recursive: true });
  const copy = await run('cp', ['-R', downloaded.Dir, src]);
  const chmod = await run('chmod', ['-R', 'u+w', src]);
  if (copy.code !== 0 || chmod.code !== 0)
    throw new StackError(`${recipe.name}: copying ${downloaded.Dir}: ${copy.stderr}${chmod.stderr}`);
  steps.timeSync('copy sources', () => {
    for (const leftover of ['vendor', 'go.work', 'go.work.sum'])
      rmSync(join(src, leftover), { recursive: true, force: true });
  });
  const goStep: GoStep = (step, args) => steps.go(step, args, src, { stdout: true, unlogged: true });

  // Banned (AGPL) modules leave go.mod before anything loads the module graph, so no step
  // fetches them; what still imports them is pruned below, or the build is refused.
  const dropped = await dropBannedRequirements(goStep);
  if (dropped.length > 0) appendFileSync(log, `\n# dropped from go.mod: ${dropped.join(', ')}\n`);
  if (ui && embedded) {
    const start = performance.now();
    await embedWebUi(ui, embedded.outputDir, src, log);
    steps.steps['embed web UI'] = performance.now() - start;
  }

  // 3. Local replaces (=> ./dir) name nested modules the zip omits: require published versions.
  const mod = goModJson.parse(JSON.parse(await steps.go('read go.mod', ['mod', 'edit', '-json'], src)));
  const local = (mod.Replace ?? []).filter(
    (r) => r.New.Path.startsWith('./') || r.New.Path.startsWith('../'),
  );
  for (const replace of local) {
    const substitute = recipe.substitutes.find((s) => s.path === replace.Old.Path);
    if (!substitute) {
      throw new StackError(
        `${recipe.name}'s go.mod replaces ${replace.Old.Path} with ${replace.New.Path}, which the module zip omits.\n` +
          `Add a substitute for it in scripts/stack/native/components.ts.`,
      );
    }
    const version =
      substitute.version ?? (mod.Require ?? []).find((r) => r.Path === substitute.path)?.Version;
    if (!version)
      throw new StackError(
        `${recipe.name}'s go.mod does not require ${substitute.path}: give its substitute a version`,
      );
    appendFileSync(log, `\n# ${substitute.path} => ${version}: ${substitute.why}\n`);
    await steps.go('substitute nested modules', ['mod', 'edit', `-dropreplace=${substitute.path}`], src);
    await steps.go('substitute nested modules', ['get', `${substitute.path}@${version}`], src);
  }

  // 4. Refuse early, with a clear message, when the module wants a newer Go.
  const wanted = goModJson.parse(JSON.parse(await steps.go('read go.mod', ['mod', 'edit', '-json'], src))).Go;
  if (wanted && compareGoVersions(`go${wanted}`, go) > 0) {
    throw new StackError(
      `${recipe.name} ${recipe.version} needs Go ${wanted}; this machine has ${go}. Install a newer Go, or pin an older ${recipe.name} in stack/versions.env.`,
    );
  }

  await steps.go('download dependencies', ['mod', 'download'], src);

  // 5. No banned module in the module graph; none of its packages in what is compiled.
  const logLine = (line: string): void => {
    appendFileSync(log, `${line}\n`);
  };
  await refuseBannedModuleGraph(goStep, dropped, logLine);
  const tags = [...workshopTags(recipe), ...(ui && embedded ? [ui.goTag] : [])];
  const pruning = sourcePruning[recipe.name];
  if (pruning) {
    const report = await pruneSources({
      src,
      root: paths.root,
      pruning,
      tags,
      packages: recipe.packages,
      go: goStep,
      log: logLine,
    });
    const formats = report.gatedFormats.map((g) => g.format);
    reporter.note(
      `${recipe.name}: ${report.keptComponents} components kept, ${report.lostComponents.length} left out ` +
        `for needing a banned module (${report.lostComponents.join(', ')})` +
        (formats.length > 0 ? `; alloy convert cannot read ${formats.join(', ')}` : ''),
    );
  } else await refuseBannedPackages(goStep, tags, recipe.packages);

  // 6. Compile into a scratch folder, then swap it in whole.
  const scratch = `${binDir}.partial`;
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  await steps.compile(compileFlags(recipe, tags, scratch), recipe.packages, src);
  await refuseBannedBinaries(
    goStep,
    recipe.binaries.map((b) => join(scratch, b)),
  );

  const stamp: BuildStamp = {
    key: upstreamKey(recipe, go, ui && embedded ? webUiKey(ui) : undefined),
    name: recipe.name,
    version: recipe.version,
    goVersion: go,
    builtAt: new Date().toISOString(),
    steps: steps.steps,
    totalMs: performance.now() - started,
    ...(ui ? { webUi: failure ?? { key: webUiKey(ui) } } : {}),
  };
  writeFileSync(join(scratch, 'build.json'), `${JSON.stringify(stamp, null, 2)}\n`);
  rmSync(binDir, { recursive: true, force: true });
  renameSync(scratch, binDir);
  recordHistory(paths, stamp);
  reporter.ok(
    `${recipe.name} ${recipe.version} built in ${formatDuration(stamp.totalMs)} → ${relative(paths.root, binDir)}`,
  );
  return { name: recipe.name, version: recipe.version, binDir, built: true, stamp };
}

async function buildApp(paths: StackPaths, go: string, reporter: Reporter): Promise<BuildOutcome> {
  const started = performance.now();
  const dir = join(paths.stackDir, 'app');
  if (!existsSync(join(dir, 'go.mod')))
    throw new StackError(`no Go module in ${dir}: the sample app is missing`);
  const log = buildLogFile(paths, 'app');
  writeFileSync(log, `# app from ${dir} with ${go}\n`);
  reporter.step(`building the sample app (log: ${log})`);
  const env = goEnv({ GOFLAGS: '-buildvcs=false' });
  const steps = new StepRunner('app', log, reporter, env);
  appendFileSync(log, `$ (cd ${dir} && go build -o ${appBinary(paths)} .)\n`);
  const start = performance.now();
  const result = await run('go', ['build', '-o', appBinary(paths), '.'], { cwd: dir, env, logFile: log });
  steps.steps['compile'] = performance.now() - start;
  if (result.code !== 0) {
    reporter.fail(`app: go build failed; full log: ${log}`, lastLines(readFileSync(log, 'utf8'), 30));
    throw new StackError(`building the app failed (log: ${log})`);
  }
  const stamp: BuildStamp = {
    key: appSourceHash(dir, go),
    name: 'app',
    version: 'dev',
    goVersion: go,
    builtAt: new Date().toISOString(),
    steps: steps.steps,
    totalMs: performance.now() - started,
  };
  writeFileSync(join(paths.bin, 'app.json'), `${JSON.stringify(stamp, null, 2)}\n`);
  recordHistory(paths, stamp);
  reporter.ok(`app built in ${formatDuration(stamp.totalMs)}`);
  return { name: 'app', version: 'dev', binDir: paths.bin, built: true, stamp };
}

/** .stack/bin/builds.json: the last real build of each target, read by the bench. */
function recordHistory(paths: StackPaths, stamp: BuildStamp): void {
  const file = join(paths.bin, 'builds.json');
  const history: Record<string, BuildStamp> = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, BuildStamp>)
    : {};
  history[stamp.name] = stamp;
  writeFileSync(file, `${JSON.stringify(history, null, 2)}\n`);
}

export function buildHistory(paths: StackPaths): Record<string, BuildStamp> {
  const file = join(paths.bin, 'builds.json');
  if (!existsSync(file)) return {};
  const parsed = z.record(z.string(), stampSchema).safeParse(JSON.parse(readFileSync(file, 'utf8')));
  return parsed.success ? parsed.data : {};
}

export interface EnsureOptions {
  readonly reporter: Reporter;
  /** Rebuild even when a matching build exists. */
  readonly force?: boolean;
}

/** Builds what is missing or stale among `targets`, in order; returns every target's build. */
export async function ensureBuilt(
  paths: StackPaths,
  versions: Versions,
  targets: readonly BuildTarget[],
  options: EnsureOptions,
): Promise<BuildOutcome[]> {
  const go = await goVersion();
  if (!go)
    throw new StackError(
      'Go is not installed (or not on PATH): native mode builds the stack from Go modules. Install Go 1.26 or newer.',
    );
  for (const dir of [paths.bin, paths.logs, paths.build]) mkdirSync(dir, { recursive: true });
  const release = await acquireBuildLock(paths, options.reporter);
  try {
    return await buildMissing(paths, versions, targets, options, go);
  } finally {
    release();
  }
}

/** One builder at a time per checkout (tests, the CLI and the benches may overlap). */
export async function acquireBuildLock(paths: StackPaths, reporter: Reporter): Promise<() => void> {
  mkdirSync(paths.build, { recursive: true });
  const lock = join(paths.build, '.lock');
  let told = false;
  for (;;) {
    try {
      writeFileSync(lock, String(process.pid), { flag: 'wx' });
      return () => {
        rmSync(lock, { force: true });
      };
    } catch {
      let holder: number;
      try {
        holder = Number(readFileSync(lock, 'utf8').trim());
      } catch {
        continue; // released between our two calls
      }
      const alive = holder > 0 && existsSync(`/proc/${holder}`);
      if (!alive || holder === process.pid) {
        rmSync(lock, { force: true });
        continue;
      }
      if (!told) reporter.note(`waiting for another build to finish (pid ${holder}, lock ${lock})`);
      told = true;
      await sleep(2000);
    }
  }
}

async function buildMissing(
  paths: StackPaths,
  versions: Versions,
  targets: readonly BuildTarget[],
  options: EnsureOptions,
  go: string,
): Promise<BuildOutcome[]> {
  const existing = currentBuilds(paths, versions, go);
  const all = recipes(versions);
  const outcomes: BuildOutcome[] = [];
  for (const target of targets) {
    const stamp = existing[target];
    if (stamp && !options.force) {
      const binDir = target === 'app' ? paths.bin : upstreamBinDir(paths, all[target]);
      outcomes.push({ name: target, version: stamp.version, binDir, built: false, stamp });
      continue;
    }
    outcomes.push(
      target === 'app'
        ? await buildApp(paths, go, options.reporter)
        : await buildUpstream(paths, all[target], webUiOf(versions, target), go, options.reporter),
    );
  }
  return outcomes;
}
