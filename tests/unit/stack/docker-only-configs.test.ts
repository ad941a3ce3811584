/**
 * Loki and k6 run in Docker mode only (their Go modules are AGPL, which the project never builds),
 * so neither `loki -verify-config` nor `k6 inspect` can check their files here. What can be
 * checked without their binaries is checked: loki.yaml against a strict schema of the keys it
 * uses (a misspelt or misplaced key fails), and shop.js parsed as JavaScript, with its options
 * read and compared with what the load lesson says. Loki's own defaulting and cross-field
 * validation, and k6's reading of the script, are what this cannot cover.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import ts from 'typescript';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { lokiTenant, services, tenants } from '../../../stack/services.ts';
import { stackPaths } from '../../../scripts/stack/paths.ts';

const stack = stackPaths().stackDir;
const read = (file: string): string => readFileSync(join(stack, file), 'utf8');

const dataPath = z.string().startsWith('${LOKI_DATA_DIR}');

/** The subset of Loki 3.x's configuration the stack's file uses, key names as Loki spells them. */
const lokiConfig = z.strictObject({
  auth_enabled: z.literal(true),
  server: z.strictObject({
    http_listen_address: z.literal('0.0.0.0'),
    http_listen_port: z.literal(services.loki.port),
    grpc_listen_address: z.literal('127.0.0.1'),
    grpc_listen_port: z.number().int(),
    log_level: z.enum(['debug', 'info', 'warn', 'error']),
  }),
  common: z.strictObject({
    instance_addr: z.literal('127.0.0.1'),
    path_prefix: dataPath,
    storage: z.strictObject({
      filesystem: z.strictObject({ chunks_directory: dataPath, rules_directory: dataPath }),
    }),
    replication_factor: z.literal(1),
    ring: z.strictObject({ kvstore: z.strictObject({ store: z.literal('inmemory') }) }),
  }),
  schema_config: z.strictObject({
    configs: z
      .array(
        z.strictObject({
          from: z.union([z.string().regex(/^\d{4}-\d{2}-\d{2}$/), z.date()]),
          store: z.literal('tsdb'),
          object_store: z.literal('filesystem'),
          // Structured metadata needs schema v13.
          schema: z.literal('v13'),
          index: z.strictObject({ prefix: z.string(), period: z.literal('24h') }),
        }),
      )
      .min(1),
  }),
  ingester: z.strictObject({
    lifecycler: z.strictObject({ min_ready_duration: z.string().regex(/^\d+(ms|s|m)$/) }),
  }),
  limits_config: z.strictObject({ allow_structured_metadata: z.literal(true) }),
  query_range: z.strictObject({
    results_cache: z.strictObject({
      cache: z.strictObject({
        embedded_cache: z.strictObject({ enabled: z.boolean(), max_size_mb: z.number().int().positive() }),
      }),
    }),
  }),
  analytics: z.strictObject({ reporting_enabled: z.literal(false) }),
});

interface ComposeService {
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: string[];
}
const compose = parse(read('compose.yaml')) as { services: Record<string, ComposeService> };

describe('loki.yaml (Docker mode only)', () => {
  const text = read('loki/loki.yaml');

  it('uses only keys Loki knows, where Loki expects them', () => {
    const result = lokiConfig.safeParse(parse(text));
    expect(result.success, result.error ? z.prettifyError(result.error) : '').toBe(true);
  });

  it('fails on a misspelt key, naming it (the check can fail)', () => {
    const result = lokiConfig.safeParse(parse(text.replace('http_listen_port:', 'http_port:')));
    expect(result.success).toBe(false);
    expect(result.error ? z.prettifyError(result.error) : '').toMatch(/http_port/);
  });

  it('gets the data folder it expands, and Alloy sends its one tenant', () => {
    const loki = compose.services['loki'];
    expect(loki?.command).toContain('-config.expand-env=true');
    expect(loki?.environment?.['LOKI_DATA_DIR']).toBe('/loki');
    expect(read('alloy/config.alloy')).toMatch(
      new RegExp(
        `otelcol\\.exporter\\.otlphttp "loki"[^]*?headers\\s*=\\s*\\{\\s*"X-Scope-OrgID"\\s*=\\s*"${lokiTenant}"`,
      ),
    );
  });
});

describe('k6/shop.js (Docker mode only)', () => {
  const source = read('k6/shop.js');
  const file = ts.createSourceFile('shop.js', source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.JS);

  /** The `export const options = {…}` literal, evaluated on its own (it is plain data). */
  function options(): {
    scenarios: Record<string, { executor: string; rate: number; timeUnit: string }>;
    thresholds: Record<string, string[]>;
  } {
    for (const statement of file.statements) {
      if (!ts.isVariableStatement(statement)) continue;
      for (const d of statement.declarationList.declarations)
        if (ts.isIdentifier(d.name) && d.name.text === 'options' && d.initializer)
          return runInNewContext(`(${d.initializer.getText(file)})`, {}) as ReturnType<typeof options>;
    }
    throw new Error('shop.js exports no options literal');
  }

  it('parses as JavaScript and imports only k6 modules', () => {
    const diagnostics = (file as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics;
    expect(diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))).toEqual([]);
    const imports = file.statements
      .filter(ts.isImportDeclaration)
      .map((i) => (i.moduleSpecifier as ts.StringLiteral).text);
    expect(imports.length).toBeGreaterThan(0);
    for (const name of imports) expect(name).toMatch(/^k6(\/[a-z-]+)*$/);
  });

  it('runs the arrival-rate scenario and the thresholds the load lesson describes', () => {
    const { scenarios, thresholds } = options();
    expect(scenarios['shoppers']).toMatchObject({
      executor: 'constant-arrival-rate',
      rate: 4,
      timeUnit: '1s',
    });
    expect(Object.keys(thresholds).sort()).toEqual(['http_req_duration{group:::browse}', 'http_req_failed']);
    // k6's threshold expressions: an aggregation, an operator, a number.
    for (const list of Object.values(thresholds))
      for (const expression of list)
        expect(expression).toMatch(
          /^(avg|min|max|med|rate|count|p\(\d+(\.\d+)?\))\s*(<|<=|>|>=|==|===|!=)\s*\d+(\.\d+)?$/,
        );
  });

  it('is run by compose against the app, writing to a Mimir tenant the stack reads', () => {
    const k6 = compose.services['k6'];
    const env = k6?.environment ?? {};
    expect(k6?.command).toContain('/scripts/shop.js');
    expect(env['SHOP_URL']).toBe(`http://app:${services.app.port}`);
    expect(env['K6_PROMETHEUS_RW_SERVER_URL']).toBe(`http://mimir:${services.mimir.port}/api/v1/push`);
    expect(Object.values(tenants)).toContain(env['K6_PROMETHEUS_RW_HEADERS_X-Scope-OrgID']);
    expect(k6?.depends_on).toEqual(expect.arrayContaining(['app', 'mimir']));
  });
});
