import { sha256 } from '@noble/hashes/sha2.js';
import { KAPPA, SEED_BYTES } from './baseOt';
import { GF_BYTES, GfAccumulator, gfWords } from './gf256';
import { Transcript, taggedHash } from './hash';
import { expand, prgNonce } from './prg';

/**
 * KOS15 OT extension (actively secure via the GF(2^256) consistency check), turned into correlated OT
 * over Z_q of width 2L = 4 as in DKLs19 §5 / DKLs23 §5 ("forced reuse": one batch of choice bits, the
 * sender's whole correlation vector per row).
 *
 * The receiver ("Bob", base-OT sender holding both seeds per column) extends to M = ξ + κ + s rows;
 * the last κ + s rows carry random choice bits that mask the check. The check's challenges χ_j are
 * derived by Fiat–Shamir from the receiver's whole matrix u and the run context (session, both
 * parties, the receiver's fresh nonce), so they are fixed only after the receiver committed to u.
 * A failed check may leak bits of the sender's Δ: the caller must discard the pair's OT setup.
 */
export const XI = 416; // ξ = κ_q + 2s with κ_q = 256 (field bits of secp256k1) and s = 80
export const STAT = 80;
export const M = XI + KAPPA + STAT;
const COL_BYTES = M / 8;
export const U_BYTES = KAPPA * COL_BYTES;
export const OT_WIDTH = 4;

function bit(bits: Uint8Array, i: number): number {
  return ((bits[i >>> 3] ?? 0) >>> (i & 7)) & 1;
}

/** Columns (KAPPA × M bits) to rows (M × KAPPA bits). */
function transpose(columns: Uint8Array): Uint8Array {
  const rows = new Uint8Array(M * GF_BYTES);
  for (let i = 0; i < KAPPA; i++) {
    const rowByte = i >>> 3;
    const mask = 1 << (i & 7);
    const base = i * COL_BYTES;
    for (let p = 0; p < COL_BYTES; p++) {
      let v = columns[base + p]!;
      for (let k = 0; v !== 0; k++, v >>>= 1) {
        if (v & 1) rows[(8 * p + k) * GF_BYTES + rowByte]! |= mask;
      }
    }
  }
  return rows;
}

function checkChallenges(context: Uint8Array, u: Uint8Array): Uint8Array {
  const seed = new Transcript('ote-check').append('context', context).append('u', u).challengeBytes('chi');
  return expand(seed, M * GF_BYTES, prgNonce('ote-check', context));
}

export interface OteReceiverOutput {
  u: Uint8Array;
  /** x̃ = Σ x_j·χ_j and t̃ = Σ χ_j·t_j. */
  xCheck: Uint8Array;
  tCheck: Uint8Array;
  /** Rows t_j (j < ξ), KAPPA bits each. */
  rows: Uint8Array;
}

/** Receiver: choice bits `choices` (ξ bits), base-OT seeds ρ^0, ρ^1 per column. */
export function oteReceive(
  seeds0: Uint8Array,
  seeds1: Uint8Array,
  context: Uint8Array,
  choices: Uint8Array,
  padding: Uint8Array,
): OteReceiverOutput {
  const x = new Uint8Array(COL_BYTES);
  x.set(choices.subarray(0, XI / 8));
  x.set(padding.subarray(0, (M - XI) / 8), XI / 8);
  const t = new Uint8Array(U_BYTES);
  const u = new Uint8Array(U_BYTES);
  const nonce = prgNonce('ote', context);
  const t1 = new Uint8Array(COL_BYTES);
  for (let i = 0; i < KAPPA; i++) {
    const base = i * COL_BYTES;
    const seed0 = seeds0.subarray(i * SEED_BYTES, (i + 1) * SEED_BYTES);
    expand(seed0, COL_BYTES, nonce, t.subarray(base, base + COL_BYTES));
    expand(seeds1.subarray(i * SEED_BYTES, (i + 1) * SEED_BYTES), COL_BYTES, nonce, t1);
    for (let p = 0; p < COL_BYTES; p++) u[base + p] = t[base + p]! ^ t1[p]! ^ x[p]!;
  }
  const rows = transpose(t);
  const chi = checkChallenges(context, u);
  const xAcc = new GfAccumulator();
  const tAcc = new GfAccumulator();
  for (let j = 0; j < M; j++) {
    const chiJ = gfWords(chi, j * GF_BYTES);
    if (bit(x, j)) xAcc.add(chiJ);
    tAcc.mulAdd(chiJ, gfWords(rows, j * GF_BYTES));
  }
  return { u, xCheck: xAcc.result(), tCheck: tAcc.result(), rows: rows.subarray(0, XI * GF_BYTES) };
}

/**
 * Sender: Δ (KAPPA bits) and the chosen seeds ρ^{Δ_i}. Returns rows q_j = t_j ⊕ x_j·Δ (j < ξ), or
 * undefined if the consistency check Σ χ_j·q_j = t̃ + x̃·Δ fails.
 */
export function oteSend(
  delta: Uint8Array,
  seeds: Uint8Array,
  context: Uint8Array,
  u: Uint8Array,
  xCheck: Uint8Array,
  tCheck: Uint8Array,
): Uint8Array | undefined {
  const q = new Uint8Array(U_BYTES);
  const nonce = prgNonce('ote', context);
  for (let i = 0; i < KAPPA; i++) {
    const base = i * COL_BYTES;
    expand(
      seeds.subarray(i * SEED_BYTES, (i + 1) * SEED_BYTES),
      COL_BYTES,
      nonce,
      q.subarray(base, base + COL_BYTES),
    );
    if (bit(delta, i)) for (let p = 0; p < COL_BYTES; p++) q[base + p]! ^= u[base + p]!;
  }
  const rows = transpose(q);
  const chi = checkChallenges(context, u);
  const qAcc = new GfAccumulator();
  for (let j = 0; j < M; j++) qAcc.mulAdd(gfWords(chi, j * GF_BYTES), gfWords(rows, j * GF_BYTES));
  const expected = new GfAccumulator();
  expected.add(gfWords(tCheck));
  expected.mulAdd(gfWords(xCheck), gfWords(delta));
  const lhs = qAcc.result();
  const rhs = expected.result();
  let diff = 0;
  for (let k = 0; k < GF_BYTES; k++) diff |= lhs[k]! ^ rhs[k]!;
  return diff === 0 ? rows.subarray(0, XI * GF_BYTES) : undefined;
}

/**
 * The correlation-robust hash of row j: OT_WIDTH outputs of SHA-256 over the fixed-length, one-block
 * input (16-byte run key, 2-byte row index, 1-byte output index, 32-byte row), so it is unambiguous.
 * The caller reduces each 32-byte output mod q.
 */
export function rowHasher(context: Uint8Array) {
  const input = new Uint8Array(16 + 2 + 1 + GF_BYTES);
  input.set(taggedHash('ote/row', context).subarray(0, 16), 0);
  const out = new Uint8Array(OT_WIDTH * 32);
  return (j: number, row: Uint8Array): Uint8Array => {
    input[16] = j >>> 8;
    input[17] = j & 0xff;
    input.set(row, 19);
    for (let k = 0; k < OT_WIDTH; k++) {
      input[18] = k;
      out.set(sha256(input), k * 32);
    }
    return out;
  };
}

export function xorRow(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(GF_BYTES);
  for (let k = 0; k < GF_BYTES; k++) out[k] = a[k]! ^ b[k]!;
  return out;
}
