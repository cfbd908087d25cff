/**
 * The KOS consistency check's sums in GF(2^256) = GF(2)[x] / (x^256 + x^10 + x^5 + x^2 + 1) from the
 * columns of a bit matrix (replaces gf256.ts's GfColumnCombiner loops, which stay the reference):
 * Σ_j χ_j·row_j = Σ_k x^k·X_k with X_k = ⊕ {χ_j : bit j of column k set}, X_k from per-nibble tables of
 * χ (for 4 consecutive rows, the XOR of every subset of their χ), the powers of x by Horner's rule.
 * Elements are 32 bytes, bit k being bit (k mod 8) of byte ⌊k/8⌋: little-endian, as loaded here.
 *
 * Timing: as the JavaScript it replaces, the table index is a nibble of the column, i.e. of the OT
 * matrix (secret): loads from a 96 KiB table at data-dependent addresses. No branch depends on data.
 */

const ELEMENT: usize = 32;

// The 512-bit Horner accumulator: 8 little-endian 64-bit words.
const ACC = memory.data(64);

/** tables[(16·p + v)·32 …] = ⊕ {χ_{4p+b} : bit b of v}, for each nibble p of a column (`nibbles`). */
export function gfTables(tables: usize, chi: usize, nibbles: usize): void {
  for (let p: usize = 0; p < nibbles; p++) {
    const base = tables + (p << 9); // 16 entries of 32 bytes
    v128.store(base, i64x2.splat(0));
    v128.store(base, i64x2.splat(0), 16);
    for (let b: usize = 0; b < 4; b++) {
      const chiJ = chi + (((p << 2) + b) << 5);
      const lo = v128.load(chiJ);
      const hi = v128.load(chiJ, 16);
      const bitV: usize = 1 << b;
      // Entries with bit b as their highest bit: the entry without it, XOR χ_{4p+b}.
      for (let v = bitV; v < bitV << 1; v++) {
        const from = base + ((v ^ bitV) << 5);
        const to = base + (v << 5);
        v128.store(to, v128.xor(v128.load(from), lo));
        v128.store(to, v128.xor(v128.load(from, 16), hi), 16);
      }
    }
  }
}

/** X = ⊕ {χ_j : bit j of the column at `column` set}, XORed into the low 256 bits of ACC. */
@inline function combineColumn(tables: usize, column: usize, nibbles: usize): void {
  let lo = i64x2.splat(0);
  let hi = i64x2.splat(0);
  for (let p: usize = 0; p < nibbles; p += 2) {
    const byte = <usize>load<u8>(column + (p >> 1));
    let at = tables + (p << 9) + ((byte & 15) << 5);
    lo = v128.xor(lo, v128.load(at));
    hi = v128.xor(hi, v128.load(at, 16));
    at = tables + ((p + 1) << 9) + ((byte >> 4) << 5);
    lo = v128.xor(lo, v128.load(at));
    hi = v128.xor(hi, v128.load(at, 16));
  }
  v128.store(ACC, v128.xor(v128.load(ACC), lo));
  v128.store(ACC, v128.xor(v128.load(ACC, 16), hi), 16);
}

/** ACC (512 bits) reduced mod x^256 + x^10 + x^5 + x^2 + 1, 32 bytes at `out`. */
@inline function reduceInto(out: usize): void {
  // x^256 ≡ x^10 + x^5 + x^2 + 1: fold the high 64-bit words down, top first (word 7 spills into word 4).
  for (let k: isize = 7; k >= 4; k--) {
    const v = load<u64>(ACC + (k << 3));
    store<u64>(ACC + (k << 3), 0);
    const lowAt = ACC + ((k - 4) << 3);
    store<u64>(lowAt, load<u64>(lowAt) ^ v ^ (v << 2) ^ (v << 5) ^ (v << 10));
    const nextAt = ACC + ((k - 3) << 3);
    store<u64>(nextAt, load<u64>(nextAt) ^ (v >> 62) ^ (v >> 59) ^ (v >> 54));
  }
  memory.copy(out, ACC, ELEMENT);
}

/**
 * Σ_j χ_j·row_j into `out` for the matrix of `columns` columns of `nibbles`/2 bytes each, one after
 * another (tables from `gfTables`).
 */
export function gfCombineRows(out: usize, tables: usize, matrix: usize, columns: usize, nibbles: usize): void {
  memory.fill(ACC, 0, 64);
  const colBytes = nibbles >> 1;
  for (let k = <isize>columns - 1; k >= 0; k--) {
    // ACC = ACC·x + X_k (Horner, from the highest power down).
    for (let w: isize = 7; w > 0; w--) {
      store<u64>(ACC + (w << 3), (load<u64>(ACC + (w << 3)) << 1) | (load<u64>(ACC + ((w - 1) << 3)) >> 63));
    }
    store<u64>(ACC, load<u64>(ACC) << 1);
    combineColumn(tables, matrix + <usize>k * colBytes, nibbles);
  }
  reduceInto(out);
}

/** Σ_j χ_j·x_j for the bits x_j of one column (a sum, no products: x_j ∈ {0, 1}) into `out`. */
export function gfSumSelected(out: usize, tables: usize, column: usize, nibbles: usize): void {
  memory.fill(ACC, 0, 64);
  combineColumn(tables, column, nibbles);
  reduceInto(out);
}

/** Zeroes the accumulator (it held the last call's secret sums). */
export function gfClearScratch(): void {
  memory.fill(ACC, 0, 64);
}
