/**
 * The "Commands:" block of a CLI's help, printed from the verb table the CLI dispatches on, so
 * help and behaviour cannot drift (rustlings keeps its help on the command enum the same way).
 */
export interface HelpRow {
  /** The verb as typed: `check`. */
  readonly name: string;
  /** What follows the verb, in usage notation: `<lab> [--json]`; empty when nothing does. */
  readonly args: string;
  /** One line, or several joined with \n; printed in a column after the usage. */
  readonly summary: string;
}

/**
 * One row per verb: two spaces, the usage padded to `width`, the summary. A usage that does not
 * fit leaves the summary to the next line; continuation lines start under the summary column.
 */
export function commandsHelp(rows: readonly HelpRow[], width: number): string {
  const indent = ' '.repeat(2 + width);
  return rows
    .map(({ name, args, summary }) => {
      const usage = `  ${args ? `${name} ${args}` : name}`;
      const [first = '', ...more] = summary.split('\n');
      const head =
        usage.length < indent.length
          ? `${usage.padEnd(indent.length)}${first}`
          : `${usage}\n${indent}${first}`;
      return [head, ...more.map((line) => `${indent}${line}`)].join('\n');
    })
    .join('\n');
}
