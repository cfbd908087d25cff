import { randomBytes } from '@noble/ciphers/utils.js';
import { scryptAsync } from '@noble/hashes/scrypt.js';
import { hexToU8a, isHex, u8aToHex } from '@polkadot/util';

/** scrypt's cost parameters. Memory used is 128·N·r·p bytes. */
export interface ScryptCost {
  N: number;
  r: number;
  p: number;
}

/** Everything needed to re-derive a key, stored next to the ciphertext it protects. */
export interface KdfParams extends ScryptCost {
  name: 'scrypt';
  /** 16 random bytes, hex. */
  salt: `0x${string}`;
}

/**
 * Production cost: N = 2^16, r = 8, p = 1 → 64 MiB and about 0.25 s in V8 on a 2-core laptop (scrypt is
 * memory-hard, so guessing in parallel on GPUs costs 64 MiB per guess). Records keep their own parameters,
 * so raising this later still opens older vaults and backups.
 */
export const PRODUCTION_SCRYPT: ScryptCost = { N: 2 ** 16, r: 8, p: 1 };

export const KEY_BYTES = 32;
const SALT_BYTES = 16;
// Bounds for parameters read from storage or a backup file: an attacker-made file must not make us
// allocate gigabytes or spin for minutes.
const MIN_N = 2 ** 10;
const MAX_N = 2 ** 20;
const MAX_MEMORY = 256 * 1024 * 1024;

export function isAcceptableCost(cost: ScryptCost): boolean {
  const { N, r, p } = cost;
  return (
    Number.isSafeInteger(N) &&
    Number.isSafeInteger(r) &&
    Number.isSafeInteger(p) &&
    N >= MIN_N &&
    N <= MAX_N &&
    (N & (N - 1)) === 0 &&
    r >= 1 &&
    r <= 32 &&
    p >= 1 &&
    p <= 16 &&
    128 * N * r * p <= MAX_MEMORY
  );
}

/** Fresh parameters (new salt) at `cost`. */
export function newKdfParams(cost: ScryptCost): KdfParams {
  if (!isAcceptableCost(cost)) throw new RangeError('scrypt cost out of the accepted range');
  return { name: 'scrypt', N: cost.N, r: cost.r, p: cost.p, salt: u8aToHex(randomBytes(SALT_BYTES)) };
}

/** Checks parameters read from storage or a file; undefined when they are not acceptable. */
export function parseKdfParams(value: unknown): KdfParams | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { name, N, r, p, salt } = value as Record<string, unknown>;
  if (name !== 'scrypt' || typeof N !== 'number' || typeof r !== 'number' || typeof p !== 'number') {
    return undefined;
  }
  if (!isAcceptableCost({ N, r, p })) return undefined;
  if (typeof salt !== 'string' || !isHex(salt, SALT_BYTES * 8)) return undefined;
  return { name, N, r, p, salt: salt as `0x${string}` };
}

/** The canonical text of the parameters, bound into the associated data so they cannot be swapped. */
export function kdfLabel(params: KdfParams): string {
  return `scrypt:N=${params.N}:r=${params.r}:p=${params.p}:salt=${params.salt}`;
}

/** The 32-byte key for `password` (NFKC-normalised, so the same password typed differently matches). */
export function deriveKey(password: string, params: KdfParams): Promise<Uint8Array> {
  return scryptAsync(new TextEncoder().encode(password.normalize('NFKC')), hexToU8a(params.salt), {
    N: params.N,
    r: params.r,
    p: params.p,
    dkLen: KEY_BYTES,
  });
}
