/**
 * Mutation run over the security checks of lib/protocol (`npm run mutate:protocol`; not in CI — it
 * takes long). Only the checks are mutated: each range below is a check function or the lines of one.
 * Results and every surviving mutant: docs/protocol.md, "Mutation testing".
 * One part: `npm run mutate:protocol -- --mutate lib/protocol/pairState.ts` (any of the ranges).
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutate.config.ts' },
  plugins: ['@stryker-mutator/vitest-runner'],
  coverageAnalysis: 'perTest',
  // Error messages are for people; a test pinning their wording would not test a check.
  mutator: { excludedMutations: ['StringLiteral'] },
  // Module-level constants would need every test per mutant; the checks are all in functions.
  ignoreStatic: true,
  // The machine is shared (2 cores): two workers at most.
  concurrency: 2,
  timeoutMS: 600_000,
  timeoutFactor: 3,
  // event-recorder: one file per tested mutant as it finishes, to follow a long run.
  reporters: ['clear-text', 'progress', 'json', 'html', 'event-recorder'],
  eventReporter: { baseDir: 'reports/mutation/events' },
  jsonReporter: { fileName: 'reports/mutation/protocol.json' },
  htmlReporter: { fileName: 'reports/mutation/protocol.html' },
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
  mutate: [
    // The pair's state across runs: session ids, one run in flight, live-pair checks.
    'lib/protocol/pairState.ts',
    // KOS: the challenges, the sender's consistency check, the row hash (run key and salt).
    'lib/protocol/otExtension.ts:249-255',
    'lib/protocol/otExtension.ts:308-338',
    'lib/protocol/otExtension.ts:347-364',
    // RVOLE: run context, challenges, Alice's answer, Bob's check.
    'lib/protocol/rvole.ts:27-35',
    'lib/protocol/rvole.ts:55-73',
    'lib/protocol/rvole.ts:131-219',
    // Signing: pair failure, generations, live-pair checks, commitment opening, the DKLs23
    // consistency check, the final signature verification, createSigning's checks.
    'lib/protocol/signing.ts:290-304',
    'lib/protocol/signing.ts:433-459',
    'lib/protocol/signing.ts:478-478',
    'lib/protocol/signing.ts:501-529',
    'lib/protocol/signing.ts:535-543',
    'lib/protocol/signing.ts:555-582',
    'lib/protocol/signing.ts:598-618',
    // Base OT: instance key, B = A refusal, the verification rounds.
    'lib/protocol/baseOt.ts:26-34',
    'lib/protocol/baseOt.ts:97-106',
    'lib/protocol/baseOt.ts:138-167',
    'lib/protocol/commitment.ts',
    // Schnorr: the challenge's binding and verification.
    'lib/protocol/schnorr.ts:220-231',
    'lib/protocol/schnorr.ts:247-257',
    // Key shares: the decoder's and the entry check's validation.
    'lib/protocol/keyShare.ts:80-130',
    'lib/protocol/keyShare.ts:139-208',
    // Message headers and the round machine's message checks.
    'lib/protocol/envelope.ts:256-284',
    'lib/protocol/machine.ts:353-392',
  ],
};
