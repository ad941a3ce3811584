/**
 * The labs whose checker builds the learner's Go program: their modules downloaded and their
 * solutions compiled now, so that on the day `go build` needs neither the network nor the
 * minutes the first compile of the OpenTelemetry SDK and client_golang takes.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { goEnv } from '../../labs/kit/go.ts';
import { manifest } from '../../labs/manifest.ts';
import { repoRoot, run } from '../stack/index.ts';

export interface LabProgramResult {
  readonly lab: string;
  readonly ok: boolean;
  /** The go command's own words when it failed. */
  readonly error?: string;
}

const LAB_BUILD_TIMEOUT_MS = 15 * 60_000;

/** The labs with a Go module in solution/. */
export const goLabs = (): string[] =>
  manifest.map((l) => l.id).filter((id) => existsSync(join(repoRoot, 'labs', id, 'solution', 'go.mod')));

/** Downloads the modules of each Go lab and compiles its solution (into a temporary folder). */
export async function prepareLabPrograms(): Promise<LabProgramResult[]> {
  const results: LabProgramResult[] = [];
  const out = mkdtempSync(join(tmpdir(), 'workshop-preflight-'));
  try {
    for (const lab of goLabs()) {
      const dir = join(repoRoot, 'labs', lab, 'solution');
      const download = await run('go', ['mod', 'download'], {
        cwd: dir,
        env: goEnv(),
        timeoutMs: LAB_BUILD_TIMEOUT_MS,
      });
      const build =
        download.code === 0
          ? await run('go', ['build', '-o', join(out, lab), '.'], {
              cwd: dir,
              env: goEnv(),
              timeoutMs: LAB_BUILD_TIMEOUT_MS,
            })
          : download;
      results.push(
        build.code === 0
          ? { lab, ok: true }
          : { lab, ok: false, error: (build.stderr || build.stdout).trim().split('\n').slice(-3).join(' ') },
      );
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  return results;
}
