import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: './e2e',
  testMatch: '**/*.spec.ts',
  // One Chromium with the extension at a time: the machine has two cores and the devnet needs one.
  workers: 1,
  fullyParallel: false,
  // Generous bounds, so a loaded machine is slow rather than failing; both can be raised further.
  timeout: Number(process.env.E2E_TEST_TIMEOUT_MS ?? 90_000),
  expect: { timeout: Number(process.env.E2E_EXPECT_TIMEOUT_MS ?? 30_000) },
  retries: 0,
  reporter: [['list'], ['json', { outputFile: 'reports/e2e.json' }]],
  outputDir: 'test-results',
  use: { trace: 'retain-on-failure', screenshot: 'only-on-failure' },
});
