import type { z } from 'astro/zod';

/**
 * Checks a live component's props at build time. A mistake fails the build with a message that
 * names the component, the prop and what it accepts, rather than a panel that silently breaks.
 */

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function propName(path: readonly PropertyKey[]): string {
  return path
    .map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`))
    .join('');
}

function describe(issue: z.core.$ZodIssue, input: unknown): string {
  if (issue.code === 'unrecognized_keys') {
    const where = issue.path.length > 0 ? ` in "${propName(issue.path)}"` : '';
    return `unknown prop${issue.keys.length > 1 ? 's' : ''}${where}: ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  }
  const got = valueAt(input, issue.path);
  const received = got === undefined ? 'nothing' : JSON.stringify(got);
  const name = issue.path.length > 0 ? `prop "${propName(issue.path)}"` : 'props';
  return `${name}: ${issue.message} (got ${received})`;
}

/** Parses props with a schema, or throws an error naming the component and each bad prop. */
export function parseLiveProps<Out>(component: string, schema: z.ZodType<Out>, props: unknown): Out {
  const result = schema.safeParse(props);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `  - ${describe(issue, props)}`);
  throw new Error(`<${component}> has invalid props:\n${lines.join('\n')}`);
}
