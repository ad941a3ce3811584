/**
 * How dashboard variables are written into PromQL. Values land inside double-quoted PromQL
 * strings, so they are escaped for that string; multi-value and "All" variables become a regex
 * alternation for =~, with regex metacharacters escaped too. Unlike Grafana's generic `regex`
 * format this never writes "\/": PromQL strings reject that escape, and routes are full of "/".
 */

/** The parts of a variable the formatter looks at, as Scenes passes them. */
export interface FormattedVariable {
  readonly multi?: boolean;
  readonly includeAll?: boolean;
}

/** Escapes a value for a double-quoted PromQL string. */
export function escapePromQLString(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}

/** Escapes a value for an RE2 regex that itself sits in a double-quoted PromQL string. */
export function escapePromQLRegex(value: string): string {
  return escapePromQLString(value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
}

/** Formats a variable's value for a PromQL query (Scenes' custom formatter signature). */
export function formatPromQLVariable(value: unknown, variable: FormattedVariable): string {
  const values = (Array.isArray(value) ? (value as unknown[]) : [value]).map(String);
  if (!variable.multi && !variable.includeAll) return values.map(escapePromQLString).join('|');
  const escaped = values.map(escapePromQLRegex);
  return escaped.length === 1 ? (escaped[0] ?? '') : `(${escaped.join('|')})`;
}
