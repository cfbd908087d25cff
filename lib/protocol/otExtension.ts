import { KAPPA, SEED_BYTES } from './baseOt';
import { GF_BYTES, GfAccumulator, gfWords } from './gf256';
import { gfColumnSums } from './gf256Wasm';
import { otColumnsNow } from './otColumnsWasm';
import type { OtColumns } from './otColumnsWasm';
import { rowHashesNow } from './rowHashWasm';
import { Transcript, taggedHash } from './hash';
import { expand, prgNonce } from './prg';
import { sha256 } from './sha256';

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
/** One row's pads: OT_WIDTH 32-byte values. */
export const PAD_BYTES = OT_WIDTH * 32;

function bit(bits: Uint8Array, i: number): number {
  return ((bits[i >>> 3] ?? 0) >>> (i & 7)) & 1;
}

/**
 * Columns (KAPPA columns of M bits) to rows (M rows of KAPPA bits), bit k of byte p being bit 8p + k.
 * Works on 8×8 bit blocks held in two 32-bit words (bit 8c + k = bit k of column c), transposed by the
 * three masked delta swaps of the classic 64-bit diagonal flip.
 */
export function transpose(columns: Uint8Array, kappa = KAPPA, m = M): Uint8Array {
  const colBytes = m / 8;
  const rowBytes = kappa / 8;
  const rows = new Uint8Array(m * rowBytes);
  for (let g = 0; g < rowBytes; g++) {
    const c0 = 8 * g * colBytes;
    for (let p = 0; p < colBytes; p++) {
      const at = c0 + p;
      let lo =
        (columns[at]! |
          (columns[at + colBytes]! << 8) |
          (columns[at + 2 * colBytes]! << 16) |
          (columns[at + 3 * colBytes]! << 24)) >>>
        0;
      let hi =
        (columns[at + 4 * colBytes]! |
          (columns[at + 5 * colBytes]! << 8) |
          (columns[at + 6 * colBytes]! << 16) |
          (columns[at + 7 * colBytes]! << 24)) >>>
        0;
      if ((lo | hi) === 0) continue;
      let t = 0x0f0f0f0f & (hi ^ ((hi << 28) | (lo >>> 4)));
      hi ^= t ^ (t >>> 28);
      lo ^= t << 4;
      t = 0x33330000 & (hi ^ (hi << 14));
      let u = 0x33330000 & (lo ^ (lo << 14));
      hi ^= t ^ (t >>> 14);
      lo ^= u ^ (u >>> 14);
      t = 0x55005500 & (hi ^ (hi << 7));
      u = 0x55005500 & (lo ^ (lo << 7));
      hi ^= t ^ (t >>> 7);
      lo ^= u ^ (u >>> 7);
      const r0 = 8 * p * rowBytes + g;
      rows[r0] = lo;
      rows[r0 + rowBytes] = lo >>> 8;
      rows[r0 + 2 * rowBytes] = lo >>> 16;
      rows[r0 + 3 * rowBytes] = lo >>> 24;
      rows[r0 + 4 * rowBytes] = hi;
      rows[r0 + 5 * rowBytes] = hi >>> 8;
      rows[r0 + 6 * rowBytes] = hi >>> 16;
      rows[r0 + 7 * rowBytes] = hi >>> 24;
    }
  }
  return rows;
}

/**
 * The columns in JavaScript (the reference, and the fallback until otColumnsWasm.ts is in place):
 * receiver t_i = PRG(ρ⁰_i), u_i = t_i ⊕ PRG(ρ¹_i) ⊕ x; sender q_i = PRG(ρ^{Δ_i}_i) ⊕ Δ_i·u_i.
 */
export const otColumnsJs: OtColumns = {
  receive(seeds0, seeds1, x, nonce, kappa) {
    const colBytes = x.length;
    const t = new Uint8Array(kappa * colBytes);
    const u = new Uint8Array(kappa * colBytes);
    // Aligned scratch buffers: ChaCha20 is much faster writing to 4-byte-aligned memory.
    const t0 = new Uint8Array(colBytes);
    const t1 = new Uint8Array(colBytes);
    for (let i = 0; i < kappa; i++) {
      const base = i * colBytes;
      expand(seeds0.subarray(i * SEED_BYTES, (i + 1) * SEED_BYTES), colBytes, nonce, t0);
      expand(seeds1.subarray(i * SEED_BYTES, (i + 1) * SEED_BYTES), colBytes, nonce, t1);
      t.set(t0, base);
      for (let p = 0; p < colBytes; p++) u[base + p] = t0[p]! ^ t1[p]! ^ x[p]!;
    }
    return { t, u };
  },
  send(seeds, delta, u, nonce, kappa) {
    const colBytes = u.length / kappa;
    const q = new Uint8Array(u.length);
    const column = new Uint8Array(colBytes);
    for (let i = 0; i < kappa; i++) {
      const base = i * colBytes;
      expand(seeds.subarray(i * SEED_BYTES, (i + 1) * SEED_BYTES), colBytes, nonce, column);
      if (bit(delta, i)) for (let p = 0; p < colBytes; p++) q[base + p] = column[p]! ^ u[base + p]!;
      else q.set(column, base);
    }
    return q;
  },
};

/** Digest of the receiver's matrix u, shared by the KOS and RVOLE challenges. */
export function matrixDigest(u: Uint8Array): Uint8Array {
  return taggedHash('ote/u', u);
}

export function kosChallenges(context: Uint8Array, uDigest: Uint8Array): Uint8Array {
  const seed = new Transcript('ote-check')
    .append('context', context)
    .append('u', uDigest)
    .challengeBytes('chi');
  return expand(seed, M * GF_BYTES, prgNonce('ote-check', context));
}

export interface OteReceiverOutput {
  u: Uint8Array;
  uDigest: Uint8Array;
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
  const nonce = prgNonce('ote', context);
  const { t, u } = (otColumnsNow() ?? otColumnsJs).receive(seeds0, seeds1, x, nonce, KAPPA);
  const rows = transpose(t);
  const uDigest = matrixDigest(u);
  // x̃ and t̃ from the columns x and t (replaces a GF(2^256) multiplication per row of t).
  const sums = gfColumnSums().sums(kosChallenges(context, uDigest), t, KAPPA, x);
  const [xCheck, tCheck] = [sums.selected!, sums.rows];
  return { u, uDigest, xCheck, tCheck, rows: rows.subarray(0, XI * GF_BYTES) };
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
  uDigest: Uint8Array,
  xCheck: Uint8Array,
  tCheck: Uint8Array,
): Uint8Array | undefined {
  const q = (otColumnsNow() ?? otColumnsJs).send(seeds, delta, u, prgNonce('ote', context), KAPPA);
  const rows = transpose(q);
  // Σ χ_j·q_j from the columns of q (replaces a GF(2^256) multiplication per row).
  const lhs = gfColumnSums().sums(kosChallenges(context, uDigest), q, KAPPA).rows;
  const expected = new GfAccumulator();
  expected.add(gfWords(tCheck));
  expected.mulAdd(gfWords(xCheck), gfWords(delta));
  const rhs = expected.result();
  let diff = 0;
  for (let k = 0; k < GF_BYTES; k++) diff |= lhs[k]! ^ rhs[k]!;
  return diff === 0 ? rows.subarray(0, XI * GF_BYTES) : undefined;
}

/**
 * The correlation-robust hash of row j: SHA-256 over the fixed-length, one-block input (16-byte run
 * key, 4-byte row index, 32-byte row) — unambiguous — expanded by ChaCha20 to OT_WIDTH 32-byte values
 * (the RVOLE's pads: rvoleArithmetic.ts reduces each mod q, within 2^-127 of uniform). The run key
 * hashes the run's context and the OT-extension sender's fresh salt: the receiver alone cannot make two
 * runs share pads, even by replaying his whole message under a repeated session id (the receiver's
 * nonce is his to choose).
 */
export function rowHasher(context: Uint8Array, senderSalt: Uint8Array) {
  const input = new Uint8Array(16 + 4 + GF_BYTES);
  input.set(rowKey(context, senderSalt), 0);
  const view = new DataView(input.buffer);
  /** H(j, row) into out[offset, offset + PAD_BYTES) (replaces a fresh array of bigints per row). */
  return (j: number, row: Uint8Array, out: Uint8Array, offset: number): void => {
    // A short row would leave the previous row's bytes in the shared input.
    if (row.length !== GF_BYTES) throw new RangeError(`an OT row is ${GF_BYTES} bytes`);
    view.setUint32(16, j);
    input.set(row, 20);
    expand(sha256(input), PAD_BYTES, undefined, out.subarray(offset, offset + PAD_BYTES));
  };
}

/** The row hash's 16-byte run key. */
export function rowKey(context: Uint8Array, senderSalt: Uint8Array): Uint8Array {
  return taggedHash('ote/row', context, senderSalt).subarray(0, 16);
}

/**
 * The pads H(j, row_j ⊕ mask) of all ξ rows (`rows` as oteSend/oteReceive return them), one after
 * another: in one WebAssembly call once it is compiled (rowHashWasm.ts), row by row in JavaScript until then.
 */
export function rowPads(
  context: Uint8Array,
  senderSalt: Uint8Array,
  rows: Uint8Array,
  mask?: Uint8Array,
): Uint8Array {
  if (rows.length !== XI * GF_BYTES) throw new RangeError(`the RVOLE hashes ${XI} rows`);
  const wasm = rowHashesNow();
  if (wasm) return wasm(rowKey(context, senderSalt), rows, XI, mask);
  const H = rowHasher(context, senderSalt);
  const pads = new Uint8Array(XI * PAD_BYTES);
  for (let j = 0; j < XI; j++) {
    const row = rows.subarray(j * GF_BYTES, (j + 1) * GF_BYTES);
    H(j, mask ? xorRow(row, mask) : row, pads, j * PAD_BYTES);
  }
  return pads;
}

export function xorRow(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(GF_BYTES);
  for (let k = 0; k < GF_BYTES; k++) out[k] = a[k]! ^ b[k]!;
  return out;
}
