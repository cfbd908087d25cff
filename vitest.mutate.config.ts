import { defineConfig } from 'vitest/config';

/**
 * The protocol tests the mutation run (stryker.config.mjs, `npm run mutate:protocol`) kills mutants
 * with: the fast lib/protocol files only (no browser plugin, no large groups).
 */
export default defineConfig({
  test: {
    include: ['lib/protocol/*.test.ts'],
    exclude: ['lib/protocol/*.large.test.ts'],
    // As in vitest.config.ts: CPU-heavy DKGs must hold on a loaded machine.
    testTimeout: 300_000,
    hookTimeout: 600_000,
  },
});
