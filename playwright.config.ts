import { defineConfig, devices } from '@playwright/test';
import { siteUrl } from './site/lib/guard/site-address.ts';

const baseURL = siteUrl;

// Playwright cannot download its own browsers here: it drives Debian's Chromium.
const executablePath = process.env.WORKSHOP_CHROMIUM ?? '/usr/bin/chromium';

const chromium = {
  ...devices['Desktop Chrome'],
  launchOptions: {
    executablePath,
    // The machine has no network beyond package registries: stop Chromium phoning home.
    args: [
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
    ],
  },
};

/** Tests that stop part of the stack, so nothing else may run beside them. */
const stackDownTests = '**/stack-down.test.ts';

export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.test.ts',
  fullyParallel: true,
  // Two cores: more workers only fight the preview server and the stack for CPU.
  workers: 2,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  reporter: process.env.CI ? [['list'], ['github']] : [['list']],
  use: {
    baseURL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: chromium,
      testIgnore: stackDownTests,
    },
    {
      // Stops a stack service: runs alone, after every test that needs the stack up.
      name: 'stack-down',
      use: chromium,
      testMatch: stackDownTests,
      dependencies: ['chromium'],
    },
  ],
  webServer: {
    // Tests run against the built site, as learners get it from `npm start`.
    command: 'npm run --silent build && npm run --silent preview',
    // As in a devcontainer: the preview must still bind 127.0.0.1 (hostile-requests.test.ts checks).
    env: { HOST: '0.0.0.0' },
    url: baseURL,
    // A site already running serves another state (the learner's workspace and progress): a
    // run with its own WORKSHOP_STATE_DIR (npm test) starts its own, and the site inherits it.
    reuseExistingServer: !process.env.CI && !process.env.WORKSHOP_STATE_DIR,
    timeout: 300_000,
    stdout: 'ignore',
  },
});
