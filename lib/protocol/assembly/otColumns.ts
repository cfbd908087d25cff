/**
 * The KOS OT extension's columns (otExtension.ts's JavaScript loops stay the reference): each column is
 * PRG(seed) = the ChaCha20 keystream of the 32-byte seed under the run's 12-byte nonce, colBytes ≤ 128
 * bytes (two blocks).
 *   receiver: t_i = PRG(ρ⁰_i), u_i = t_i ⊕ PRG(ρ¹_i) ⊕ x
 *   sender:   q_i = PRG(ρ^{Δ_i}_i) ⊕ Δ_i·u_i
 * Constant time: the sender's Δ_i selects u_i by a mask (the JavaScript branched on it).
 */
import { chachaBlock } from './chacha';

const BLOCK = memory.data(128);
const SEED: usize = 32;

/** PRG(seed) into BLOCK (one block, or two when a column is longer than 64 bytes). */
@inline function prg(seed: usize, nonce: usize, colBytes: usize): void {
  const n0 = load<u32>(nonce, 0), n1 = load<u32>(nonce, 4), n2 = load<u32>(nonce, 8);
  chachaBlock(BLOCK, seed, 0, n0, n1, n2);
  if (colBytes > 64) chachaBlock(BLOCK + 64, seed, 1, n0, n1, n2);
}

export function otReceiveColumns(
  t: usize,
  u: usize,
  seeds0: usize,
  seeds1: usize,
  x: usize,
  nonce: usize,
  kappa: usize,
  colBytes: usize,
): void {
  for (let i: usize = 0; i < kappa; i++) {
    const base = i * colBytes;
    prg(seeds0 + i * SEED, nonce, colBytes);
    memory.copy(t + base, BLOCK, colBytes);
    prg(seeds1 + i * SEED, nonce, colBytes);
    for (let p: usize = 0; p < colBytes; p++) {
      store<u8>(u + base + p, load<u8>(t + base + p) ^ load<u8>(BLOCK + p) ^ load<u8>(x + p));
    }
  }
}

export function otSendColumns(
  q: usize,
  seeds: usize,
  delta: usize,
  u: usize,
  nonce: usize,
  kappa: usize,
  colBytes: usize,
): void {
  for (let i: usize = 0; i < kappa; i++) {
    const base = i * colBytes;
    const mask = <u8>(0 - ((<u32>load<u8>(delta + (i >> 3)) >> <u32>(i & 7)) & 1));
    prg(seeds + i * SEED, nonce, colBytes);
    for (let p: usize = 0; p < colBytes; p++) {
      store<u8>(q + base + p, load<u8>(BLOCK + p) ^ (load<u8>(u + base + p) & mask));
    }
  }
}

/** Zeroes the keystream block (a column of the last call). */
export function otColumnsClearScratch(): void {
  memory.fill(BLOCK, 0, 128);
}
