import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

/** `npm run test:abuse`: the abuse suite alone, one file, in order (see e2e/abuse/abuse.test.ts). */
export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    root: '.',
    include: ['e2e/abuse/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 1_800_000,
    hookTimeout: 1_800_000,
  },
});
