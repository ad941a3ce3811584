import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'tests/unit/**/*.test.ts',
            'scripts/**/*.test.ts',
            'site/**/*.test.ts',
            'labs/**/*.test.ts',
          ],
          exclude: ['labs/*/start/**', 'labs/*/solution/**'],
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
    ],
  },
});
