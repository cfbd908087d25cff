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
  // The initial run takes ~5 min of wall time on the loaded machine (Stryker's default limit is 5).
  dryRunTimeoutMinutes: 60,
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
    // KOS: the challenges, the sender's consistency check (and the column-wise Σ χ_j·q_j it
    // compares), the row hash (run key and salt).
    'lib/protocol/otExtension.ts:86-92',
    'lib/protocol/otExtension.ts:141-169',
    'lib/protocol/gf256.ts:102-179',
    'lib/protocol/otExtension.ts:178-202',
    // RVOLE: run context, challenges, Alice's answer, Bob's check.
    'lib/protocol/rvole.ts:27-35',
    'lib/protocol/rvole.ts:55-73',
    'lib/protocol/rvole.ts:131-219',
    // Signing: pair failure, generations, live-pair checks, commitment opening, the DKLs23
    // consistency check (its inputs and the check of every pair), the final signature
    // verification, createSigning's and assertCanSign's checks.
    'lib/protocol/signing.ts:74-88',
    'lib/protocol/signing.ts:223-249',
    'lib/protocol/signing.ts:268-268',
    'lib/protocol/signing.ts:295-313',
    'lib/protocol/signing.ts:319-328',
    'lib/protocol/signing.ts:333-344',
    'lib/protocol/signing.ts:354-382',
    'lib/protocol/signing.ts:398-418',
    'lib/protocol/signing.ts:428-437',
    // The DKLs23 consistency check itself, per pair (libsecp256k1).
    'lib/protocol/consistency.ts',
    // Base OT: instance key, B = A refusal, the verification rounds.
    'lib/protocol/baseOt.ts:28-36',
    'lib/protocol/baseOt.ts:114-125',
    'lib/protocol/baseOt.ts:149-178',
    'lib/protocol/commitment.ts',
    // Schnorr: the challenge's binding and verification.
    'lib/protocol/schnorr.ts:20-31',
    'lib/protocol/schnorr.ts:47-57',
    // Key shares: the decoder's and the entry check's validation.
    'lib/protocol/keyShare.ts:82-132',
    'lib/protocol/keyShare.ts:141-212',
    // Message headers and the round machine's message checks.
    'lib/protocol/envelope.ts:48-76',
    'lib/protocol/machine.ts:69-108',
  ],
};
