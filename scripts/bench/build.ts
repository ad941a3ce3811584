/**
 * npm run bench:build [-- component...]: cold compile time of each native component, with
 * every module already downloaded and an empty build cache (a temporary GOCACHE per build, so
 * the learner's cache is neither used nor touched). Where the workshop adds tags to upstream's
 * release build (Prometheus' remove_all_sd), both are compiled in the same run and the ratio is
 * printed. CPU time over wall time says how busy the cores were, and so how much a second
 * build alongside could gain at most. Uses the prepared sources in .stack/build (it runs the
 * normal build first if they are missing); leaves .stack/bin alone.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../stack/exec.ts';
import { compileFlags, ensureBuilt, goEnv, workshopTags } from '../stack/native/build.ts';
import type { Recipe, UpstreamName } from '../stack/native/components.ts';
import { recipes, upstreamNames } from '../stack/native/components.ts';
import { bold, consoleReporter, formatDuration } from '../stack/output.ts';
import { stackPaths } from '../stack/paths.ts';
import { table } from '../stack/status.ts';
import { loadVersions } from '../stack/versions.ts';

const paths = stackPaths();
const versions = loadVersions(paths.versionsFile);

interface Timing {
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly packages: number;
}

/** The prepared source copy buildUpstream leaves (module copied, go.mod fixed, UI embedded). */
const sourceDir = (recipe: Recipe): string => join(paths.build, `${recipe.name}-${recipe.version}`);

async function coldCompile(recipe: Recipe, tags: readonly string[]): Promise<Timing> {
  const cache = mkdtempSync(join(tmpdir(), `bench-gocache-${recipe.name}-`));
  const out = mkdtempSync(join(tmpdir(), `bench-out-${recipe.name}-`));
  try {
    const env = goEnv({ CGO_ENABLED: recipe.cgo ? '1' : '0', GOCACHE: cache });
    const src = sourceDir(recipe);
    const listed = await run(
      'go',
      ['list', '-deps', `-tags=${tags.join(',')}`, '-f', '{{.ImportPath}}', ...recipe.packages],
      { cwd: src, env },
    );
    if (listed.code !== 0) throw new Error(`go list for ${recipe.name}: ${listed.stderr}`);
    // bash's `time` reports the child's CPU time next to the wall time.
    const command = ['go', 'build', ...compileFlags(recipe, tags, out), ...recipe.packages]
      .map((a) => `'${a.replace(/'/g, `'\\''`)}'`)
      .join(' ');
    const timed = await run('bash', ['-c', `TIMEFORMAT='%R %U %S'; time ${command} 2>/dev/null`], {
      cwd: src,
      env,
    });
    if (timed.code !== 0) throw new Error(`go build for ${recipe.name} failed (exit ${timed.code})`);
    const [real, user, sys] = (timed.stderr.trim().split('\n').at(-1) ?? '').split(' ').map(Number);
    return {
      wallMs: (real ?? 0) * 1000,
      cpuMs: ((user ?? 0) + (sys ?? 0)) * 1000,
      packages: listed.stdout.split('\n').filter(Boolean).length,
    };
  } finally {
    rmSync(cache, { recursive: true, force: true });
    rmSync(out, { recursive: true, force: true });
  }
}

const row = (name: string, variant: string, t: Timing): string[] => [
  name,
  variant,
  String(t.packages),
  formatDuration(t.wallMs),
  formatDuration(t.cpuMs),
  (t.cpuMs / t.wallMs).toFixed(2),
];

async function main(): Promise<void> {
  const asked = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const unknown = asked.filter((a) => !(upstreamNames as readonly string[]).includes(a));
  if (unknown.length > 0)
    throw new Error(`unknown component(s) ${unknown.join(', ')}: ${upstreamNames.join(', ')}`);
  const names = (asked.length > 0 ? asked : upstreamNames) as UpstreamName[];
  const all = recipes(versions);
  await ensureBuilt(paths, versions, names, { reporter: consoleReporter });

  console.log(bold(`\nCold compile, empty build cache, modules downloaded (${cpus().length} cores)`));
  const rows: string[][] = [];
  const ratios: string[] = [];
  const timings: Timing[] = [];
  for (const name of names) {
    const recipe = all[name];
    if (recipe.trimTags?.length) {
      console.log(`  ${name}: upstream's tags (${recipe.tags.join(',')}) …`);
      const upstream = await coldCompile(recipe, recipe.tags);
      timings.push(upstream);
      rows.push(row(name, `upstream (${recipe.tags.join(',')})`, upstream));
      console.log(`  ${name}: the workshop's tags (${workshopTags(recipe).join(',')}) …`);
      const trimmed = await coldCompile(recipe, workshopTags(recipe));
      timings.push(trimmed);
      rows.push(row(name, `workshop (+${recipe.trimTags.join(',')})`, trimmed));
      ratios.push(
        `${name}: the workshop's build takes ${(trimmed.wallMs / upstream.wallMs).toFixed(2)}× the time of upstream's, ${trimmed.packages} packages instead of ${upstream.packages}`,
      );
    } else {
      console.log(`  ${name} …`);
      const timing = await coldCompile(recipe, workshopTags(recipe));
      timings.push(timing);
      rows.push(row(name, `workshop (${workshopTags(recipe).join(',') || 'no tags'})`, timing));
    }
  }
  console.log(table(['COMPONENT', 'TAGS', 'PACKAGES', 'WALL', 'CPU', 'CPU/WALL'], rows));
  for (const r of ratios) console.log(r);
  const busy = timings.reduce((sum, t) => sum + t.cpuMs, 0) / timings.reduce((sum, t) => sum + t.wallMs, 0);
  const idle = Math.max(0, cpus().length - busy);
  console.log(
    `go build kept ${busy.toFixed(2)} of ${cpus().length} cores busy on average: a second build alongside could use at most the ${idle.toFixed(2)} core left (${Math.round((100 * idle) / cpus().length)}% of the machine), while both builds' memory peaks at once.`,
  );
}

await main();
