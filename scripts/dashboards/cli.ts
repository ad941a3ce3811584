/**
 * npm run dashboards [-- --check]: writes every dashboard built with the Grafana Foundation SDK
 * (stack/grafana/dashboards/) to the JSON Grafana provisions, or with --check only reports the
 * files that differ. Exit codes: 0 up to date (or written), 1 drift, 2 usage.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { dashboardJson, dashboards } from '../../stack/grafana/dashboards/index.ts';
import { bold, green, red, repoRoot } from '../stack/index.ts';
import { findDrift } from './drift.ts';

const USAGE = `Usage: npm run dashboards [-- --check]

  (no option)  write each dashboard's JSON into stack/grafana/provisioning/dashboards/json/
  --check      write nothing; exit 1 when a committed JSON file differs from its program`;

function write(): number {
  for (const dashboard of dashboards) {
    const path = join(repoRoot, dashboard.output);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, dashboardJson(dashboard.build()));
    console.log(`  ${green('✓')} ${dashboard.output} ← ${dashboard.source}`);
  }
  // Writing cannot fix a stray file: report it like --check does.
  return check({ quietWhenClean: true });
}

function check({ quietWhenClean }: { quietWhenClean: boolean }): number {
  const drift = findDrift(repoRoot, dashboards);
  if (drift.length === 0) {
    if (!quietWhenClean)
      console.log(`  ${green('✓')} ${dashboards.length} dashboard(s) match their programs`);
    return 0;
  }
  for (const d of drift) {
    console.error(`  ${red('✗')} ${d.file}: ${d.message}`);
    if (process.env['CI']) console.log(`::error file=${d.file}::${d.message}`);
  }
  console.error(
    `\n${bold(`${drift.length} dashboard file(s) out of date.`)} ${bold('npm run dashboards')} rewrites generated files from their programs; commit what it writes.`,
  );
  return 1;
}

function main(argv: readonly string[]): number {
  let values: { check: boolean; help: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        check: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  return values.check ? check({ quietWhenClean: false }) : write();
}

process.exitCode = main(process.argv.slice(2));
