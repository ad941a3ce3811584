/**
 * A real progress bar for `go build`: the packages the build will compile are known up front
 * (`go list -deps` with the build's own flags reports each one's Stale state), and `go build -v`
 * names each package as it compiles it. Packages done of that total, the rate so far and so an
 * ETA, and the log to follow.
 */
import type { Reporter } from '../output.ts';
import { formatDuration } from '../output.ts';

/**
 * `go list` arguments that print, one a line, every package `go build <buildArgs>` would compile.
 * Main packages are left out: built with -o they always count as stale, yet `-v` names them only
 * when their compile is not cached.
 */
export function stalePackagesArgs(buildFlags: readonly string[], packages: readonly string[]): string[] {
  return [
    'list',
    '-deps',
    ...buildFlags,
    '-f',
    '{{if and .Stale (ne .Name "main")}}{{.ImportPath}}{{end}}',
    ...packages,
  ];
}

export function parsePackageList(stdout: string): Set<string> {
  return new Set(
    stdout
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean),
  );
}

/** Milliseconds left at the rate so far; undefined until there is a rate to go by. */
export function etaMs(done: number, total: number, elapsedMs: number): number | undefined {
  if (done < 1 || total <= done || elapsedMs <= 0) return undefined;
  return ((total - done) * elapsedMs) / done;
}

const BAR_WIDTH = 24;

/** "alloy: compile [######------] 812/3204 packages · 4m10s · about 6m20s left" */
export function progressLine(name: string, done: number, total: number, elapsedMs: number): string {
  const fraction = total > 0 ? Math.min(done / total, 1) : 0;
  const filled = Math.round(fraction * BAR_WIDTH);
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}]`;
  const eta = etaMs(done, total, elapsedMs);
  const left = eta === undefined ? '' : ` · about ${formatDuration(eta)} left`;
  return `${name}: compile ${bar} ${done}/${total} packages · ${formatDuration(elapsedMs)}${left}`;
}

/** How often a plain (non-terminal) log gets a progress line. */
const plainEveryFraction = 0.1;
const plainEveryMs = 60_000;
/** A terminal line is redrawn at most this often. */
const liveEveryMs = 250;

/** Counts the packages `go build -v` reports and shows progress through the reporter. */
export class CompileProgress {
  private readonly seen = new Set<string>();
  private readonly started = performance.now();
  private lastShownAt = 0;
  private lastShownFraction = 0;
  private readonly name: string;
  private readonly pending: ReadonlySet<string>;
  private readonly reporter: Reporter;

  constructor(name: string, pending: ReadonlySet<string>, reporter: Reporter, log: string) {
    this.name = name;
    this.pending = pending;
    this.reporter = reporter;
    if (pending.size === 0) {
      reporter.note(`${name}: every library package is cached; compiling the commands and linking`);
      return;
    }
    reporter.note(`${name}: compiling ${pending.size} packages · tail -f ${log}`);
    this.show(true);
  }

  get done(): number {
    return this.seen.size;
  }

  /** One line of `go build -v` stderr: a package path when it compiled one. */
  onLine(line: string): void {
    const pkg = line.trim();
    if (!this.pending.has(pkg) || this.seen.has(pkg)) return;
    this.seen.add(pkg);
    this.show(false);
  }

  /** Clears a live line; the caller then prints its own result. */
  end(): void {
    this.reporter.progress?.end();
  }

  private show(first: boolean): void {
    const now = performance.now();
    const total = this.pending.size;
    const fraction = total > 0 ? this.done / total : 1;
    const live = this.reporter.progress?.live ?? false;
    const step = (f: number): number => Math.floor(f / plainEveryFraction + 1e-9);
    const due = live
      ? now - this.lastShownAt >= liveEveryMs
      : step(fraction) > step(this.lastShownFraction) || now - this.lastShownAt >= plainEveryMs;
    if (!first && !due && this.done < total) return;
    this.lastShownAt = now;
    this.lastShownFraction = fraction;
    const line = progressLine(this.name, this.done, total, now - this.started);
    if (this.reporter.progress) this.reporter.progress.show(line);
    else this.reporter.note(line);
  }
}
