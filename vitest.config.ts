import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        // codemirror-promql has no "exports": tests would get its CommonJS build, and with it a
        // second @codemirror/state beside their ES one, whose extensions then fail instanceof
        // checks. Its ES build, as the site's bundle uses, has extensionless imports that only
        // Vite resolves: so Vite loads it (inline) rather than Node.
        resolve: {
          alias: { '@prometheus-io/codemirror-promql': '@prometheus-io/codemirror-promql/dist/esm/index.js' },
        },
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          server: { deps: { inline: ['@prometheus-io/codemirror-promql'] } },
        },
      },
      {
        // Talks to the real stack processes: run by `npm test` after the stack is up.
        test: {
          name: 'stack',
          include: ['tests/stack/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 600_000,
          fileParallelism: false,
        },
      },
      {
        // Docker mode: compose.yaml and the CLI on real containers. Run by `npm run test:docker`
        // (scripts/test-docker.ts), which prepares the daemon, Compose and the images first.
        test: {
          name: 'docker',
          include: ['tests/docker/**/*.test.ts'],
          testTimeout: 600_000,
          hookTimeout: 1_800_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
