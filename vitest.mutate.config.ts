import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';
import { BaseSequencer } from 'vitest/node';
import type { TestSpecification } from 'vitest/node';

/** Cheapest first: a mutant is killed by the first failing test, and each file starts with a DKG. */
const ORDER = ['consistency', 'rvole', 'codec', 'entry', 'attacks', 'blame'];
const rank = (file: TestSpecification) =>
  ORDER.findIndex((name) => file.moduleId.endsWith(`/${name}.test.ts`));

class CheapestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    return [...files].sort((a, b) => rank(a) - rank(b));
  }
}

/**
 * The protocol tests the mutation run (stryker.config.mjs, `npm run mutate:protocol`) kills mutants
 * with: the check-level tests of lib/protocol. Not the dkls23*.test.ts files: their larger DKGs cost
 * minutes per mutant on this machine, and an honest run's validity is checked in blame.test.ts too.
 */
export default defineConfig({
  test: {
    include: ORDER.map((name) => `lib/protocol/${name}.test.ts`),
    sequence: { sequencer: CheapestFirst },
    // Honest DKGs the tests set up with are computed once per Stryker run (its workers share a parent).
    setupFiles: ['scripts/mutate-dkg-fixtures.ts'],
    env: { DKG_FIXTURES_DIR: join(tmpdir(), `entropy-dkg-fixtures-${process.ppid}`) },
    // As in vitest.config.ts: CPU-heavy DKGs must hold on a loaded machine.
    testTimeout: 300_000,
    hookTimeout: 600_000,
  },
});
