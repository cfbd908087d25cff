/**
 * Test-only helpers for the `lib/wire` tests: a seeded generator (so a failing fuzz case reproduces)
 * and an assertion that a call fails with a given `WireError` code.
 */
import { expect } from 'vitest';
import { WireError } from './errors';

/** xorshift32: deterministic bytes from a seed. Not for keys. */
export function seededRandom(seed: number): { int(max: number): number; bytes(length: number): Uint8Array } {
  let state = seed >>> 0 || 1;
  const next = (): number => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state;
  };
  return {
    int: (max) => next() % max,
    bytes: (length) => Uint8Array.from({ length }, () => next() & 0xff),
  };
}

/** Runs `fn` and returns the `WireError` it threw; fails the test if it threw anything else or nothing. */
export function wireErrorOf(fn: () => unknown): WireError {
  try {
    fn();
  } catch (error) {
    if (error instanceof WireError) return error;
    throw new Error(`expected a WireError, got ${String(error)}`, { cause: error });
  }
  throw new Error('expected a WireError, but nothing was thrown');
}

/** Asserts `fn` throws a `WireError` with `code`. */
export function expectWireError(fn: () => unknown, code: string): void {
  expect(wireErrorOf(fn).code).toBe(code);
}

/** A copy of `bytes` with bit 0 of byte `index` flipped. */
export function flipBit(bytes: Uint8Array, index = 0): Uint8Array {
  const out = bytes.slice();
  out[index] = (out[index] as number) ^ 1;
  return out;
}
