import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

/**
 * Setup file of the mutation run (vitest.mutate.config.ts): keeps the honest DKG results the protocol
 * tests set up with (`setupDkg` in lib/protocol/testHarness.ts) on disk for the rest of the run, so a
 * mutant costs its tests, not a DKG per test file. Only a run without an active mutant writes them
 * (Stryker's dry run), so no mutant's output is ever reused.
 */
const dir = process.env.DKG_FIXTURES_DIR;
if (!dir) throw new Error('DKG_FIXTURES_DIR is not set: vitest.mutate.config.ts sets it');
mkdirSync(dir, { recursive: true });

const file = (key: string) => join(dir, `${bytesToHex(sha256(new TextEncoder().encode(key)))}.json`);
const activeMutant = () =>
  (globalThis as { __stryker__?: { activeMutant?: string } }).__stryker__?.activeMutant;

(globalThis as { entropyDkgFixtures?: unknown }).entropyDkgFixtures = {
  get(key: string): Uint8Array[] | undefined {
    try {
      return (JSON.parse(readFileSync(file(key), 'utf8')) as string[]).map((h) => Buffer.from(h, 'hex'));
    } catch {
      return undefined;
    }
  },
  set(key: string, shares: Uint8Array[]): void {
    if (activeMutant() !== undefined) return;
    // Written whole, then renamed: the other test runner never reads half a file.
    const tmp = `${file(key)}.${process.pid}`;
    writeFileSync(tmp, JSON.stringify(shares.map((s) => Buffer.from(s).toString('hex'))));
    renameSync(tmp, file(key));
  },
};
