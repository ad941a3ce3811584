// @ts-check
import { defineConfig } from 'eslint/config';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import astro from 'eslint-plugin-astro';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

/**
 * A no-restricted-imports option that refuses every module under `dir` except its index.ts.
 * @param {string} dir
 */
function stackEntryOnly(dir) {
  return {
    patterns: [
      {
        group: [`${dir}/**`, `!${dir}/index.ts`],
        message: 'Import the stack library through scripts/stack/index.ts, its one public face.',
      },
    ],
  };
}

export default defineConfig(
  {
    ignores: [
      'dist/',
      '.astro/',
      '.tools/',
      '.stack/',
      'node_modules/',
      'test-results/',
      'playwright-report/',
      'stack/app/',
      'labs/*/start/',
      'labs/*/solution/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  ...astro.configs.recommended,
  {
    languageOptions: {
      globals: { ...globals.node, ...globals.browser },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Template literals with numbers are everywhere in CLI output; coercion of numbers is safe.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
    },
  },
  // scripts/stack is a library with one public face, scripts/stack/index.ts. Its own files, scripts/bench
  // (which measures the builder's internals) and tests/unit/stack (the library's own unit tests) may
  // import its modules directly; everyone else goes through the entry, so no module reaches around it.
  {
    files: ['labs/**/*.ts', 'site/**/*.{ts,tsx,astro}', 'tests/**/*.ts'],
    ignores: ['tests/unit/stack/**'],
    rules: { 'no-restricted-imports': ['error', stackEntryOnly('**/scripts/stack')] },
  },
  // A lab's checker and cases go through the kit's barrel: lab → checker → kit → stack library.
  // Besides labs/kit/index.ts they may import the manifest, packages and node: builtins, nothing
  // else (this replaces the block above for these files, and is stricter than it).
  {
    files: ['labs/*/check.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: String.raw`^(?!\.\./kit/index\.ts$|\.\./manifest\.ts$)(\.|/)`,
              message: 'A lab imports the kit through ../kit/index.ts (and may read ../manifest.ts).',
            },
          ],
        },
      ],
    },
  },
  // A lab's cases are data the site reads too (the instructors' list of common mistakes): they
  // import their types from ../kit/cases.ts alone, which needs nothing but node:fs.
  {
    files: ['labs/*/cases.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: String.raw`^(?!\.\./kit/cases\.ts$)(\.|/)`,
              message: "A lab's cases.ts imports only ../kit/cases.ts.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ['scripts/{lab,lib,dashboards,preflight,docker-harness,classroom}/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', stackEntryOnly('../stack')] },
  },
  {
    files: ['scripts/*.ts'],
    rules: { 'no-restricted-imports': ['error', stackEntryOnly('./stack')] },
  },
  {
    files: ['stack/grafana/dashboards/**/*.ts'],
    rules: {
      // The Foundation SDK marks the classic dashboard model deprecated in favour of dashboardv2,
      // yet Grafana's file provisioning and <DashboardFile> read the classic model (gridPos panels).
      '@typescript-eslint/no-deprecated': 'off',
    },
  },
  {
    // k6 test scripts run in k6's JavaScript runtime, which provides __ENV and __VU.
    files: ['stack/k6/**/*.js'],
    languageOptions: { globals: { __ENV: 'readonly', __VU: 'readonly', __ITER: 'readonly' } },
  },
  {
    files: ['**/*.astro', '**/*.js', '**/*.mjs'],
    // Astro frontmatter and plain JS configs are not in the TS project service.
    ...tseslint.configs.disableTypeChecked,
  },
  prettier,
);
