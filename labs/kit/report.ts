/** How check results look on a terminal, and as JSON. */
import { dim, formatDuration, green, red, yellow } from '../../scripts/stack/index.ts';
import type { CheckResult, LabReport } from './runner.ts';

// The lab CLI takes its colours from here; they are the stack library's, so both paint alike.
export { bold, dim, formatDuration, green, red, yellow } from '../../scripts/stack/index.ts';

/** Indents a block and marks it as quoted tool output. */
export function quoteBlock(text: string, indent = '      '): string {
  return text
    .split('\n')
    .map((line) => `${indent}│ ${line}`)
    .join('\n');
}

/** One check: "✓ name  0.3s" plus, for a failure, message, output and hint. */
export function formatResult(result: CheckResult): string {
  if (result.status === 'skip') return `  ${dim(`· ${result.name} (skipped: fix the check above first)`)}`;
  const time = dim(formatDuration(result.ms));
  if (result.status === 'pass')
    return `  ${green('✓')} ${result.name}${result.detail ? dim(` · ${result.detail}`) : ''} ${time}`;
  const lines = [
    `  ${red('✗')} ${result.name} ${time}`,
    ...(result.message ?? '').split('\n').map((l) => `      ${l}`),
  ];
  if (result.output) lines.push(quoteBlock(result.output));
  if (result.hint) lines.push(`      ${yellow('hint:')} ${result.hint}`);
  return lines.join('\n');
}

export function summaryLine(report: LabReport): string {
  const count = (s: CheckResult['status']): number => report.results.filter((r) => r.status === s).length;
  const parts = [
    `${count('pass')} passed`,
    `${count('fail')} failed`,
    ...(count('skip') ? [`${count('skip')} skipped`] : []),
  ];
  return `${report.passed ? green('PASS') : red('FAIL')} ${report.id} · ${parts.join(', ')} · ${formatDuration(report.ms)}`;
}

/** The stable JSON shape of `lab check --json`. */
export function toJson(report: LabReport): object {
  return {
    lab: report.id,
    dir: report.dir,
    passed: report.passed,
    ms: Math.round(report.ms),
    checks: report.results.map((r) => ({ ...r, ms: Math.round(r.ms) })),
  };
}

/** A GitHub Actions annotation for a failed check (printed when CI is set). */
export function annotation(report: LabReport, result: CheckResult): string {
  const problem = result.problems?.[0];
  const where = problem ? ` file=${problem.file}${problem.line ? `,line=${problem.line}` : ''}` : '';
  const text = `${result.message ?? ''}${result.hint ? ` (hint: ${result.hint})` : ''}`
    .replace(/%/g, '%25')
    .replace(/\n/g, '%0A');
  return `::error${where},title=lab ${report.id}: ${result.name}::${text}`;
}
