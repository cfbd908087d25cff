import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    include: [
      'lib/**/*.test.ts',
      'components/**/*.test.tsx',
      'devnet/**/*.test.ts',
      'entrypoints/**/*.test.ts',
    ],
    // Two files at a time on two cores (Vitest's default leaves one core idle): most devnet tests wait on
    // blocks and child processes, not on their own CPU.
    maxWorkers: 2,
    // Generous: CPU-heavy tests (DKGs, devnets) must hold on a loaded 2-core machine; a hang still ends.
    testTimeout: 300_000,
    // Above the devnet's 5-minute health bound: a slow TSS server fails with its name and log.
    hookTimeout: 600_000,
  },
});
