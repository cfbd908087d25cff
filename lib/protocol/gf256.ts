/**
 * GF(2^256) = GF(2)[x] / (x^256 + x^10 + x^5 + x^2 + 1), used by the KOS consistency check.
 * Elements are 32 bytes, bit k of the element being bit (k mod 8) of byte ⌊k/8⌋.
 * Products are accumulated unreduced (512 bits) and reduced once, since reduction is linear.
 */
export const GF_BYTES = 32;

export function gfWords(bytes: Uint8Array, offset = 0): Uint32Array {
  const w = new Uint32Array(8);
  for (let i = 0; i < 8; i++) {
    const o = offset + 4 * i;
    w[i] =
      ((bytes[o] ?? 0) |
        ((bytes[o + 1] ?? 0) << 8) |
        ((bytes[o + 2] ?? 0) << 16) |
        ((bytes[o + 3] ?? 0) << 24)) >>>
      0;
  }
  return w;
}

/** Sum of products Σ a·b, reduced on `result()`. */
export class GfAccumulator {
  private readonly acc = new Uint32Array(16);
  private readonly table = new Uint32Array(16 * 9);
  private readonly partial = new Uint32Array(17);

  /**
   * acc += a·b (carry-less), by the 4-bit comb method: a table of u(x)·b for every 4-bit u, then
   * for each nibble position (high to low) XOR the table entries in and shift the partial product.
   */
  mulAdd(a: Uint32Array, b: Uint32Array): void {
    const T = this.table;
    // T[u] = u·b, 9 words each (b·x^3 overflows into the 9th word).
    for (let j = 0; j < 9; j++) T[9 + j] = b[j] ?? 0;
    for (let j = 8; j >= 0; j--) {
      const lo = b[j] ?? 0;
      const below = j > 0 ? b[j - 1]! : 0;
      T[18 + j] = (lo << 1) | (below >>> 31);
      T[36 + j] = (lo << 2) | (below >>> 30);
      T[72 + j] = (lo << 3) | (below >>> 29);
    }
    for (let u = 3; u < 16; u++) {
      if ((u & (u - 1)) === 0) continue;
      const high = 1 << (31 - Math.clz32(u));
      for (let j = 0; j < 9; j++) T[u * 9 + j] = T[high * 9 + j]! ^ T[(u ^ high) * 9 + j]!;
    }
    const p = this.partial;
    p.fill(0);
    for (let k = 7; k >= 0; k--) {
      const shift = 4 * k;
      for (let i = 0; i < 8; i++) {
        const u = ((a[i] ?? 0) >>> shift) & 15;
        if (u === 0) continue;
        const t = u * 9;
        for (let j = 0; j < 9; j++) p[i + j]! ^= T[t + j]!;
      }
      if (k > 0) for (let j = 16; j > 0; j--) p[j] = (p[j]! << 4) | (p[j - 1]! >>> 28);
      if (k > 0) p[0] = p[0]! << 4;
    }
    for (let j = 0; j < 16; j++) this.acc[j]! ^= p[j]!;
  }

  /** acc += a (an already reduced element). */
  add(a: Uint32Array): void {
    for (let i = 0; i < 8; i++) this.acc[i]! ^= a[i]!;
  }

  result(): Uint8Array {
    return reduce(this.acc);
  }
}

/** An unreduced 512-bit product (16 words) reduced to 32 bytes. */
function reduce(unreduced: Uint32Array): Uint8Array {
  const acc = Uint32Array.from(unreduced);
  // x^256 ≡ x^10 + x^5 + x^2 + 1: fold the high words down, top first (word 15 spills into word 8).
  for (let k = 15; k >= 8; k--) {
    const v = acc[k]!;
    acc[k] = 0;
    acc[k - 8]! ^= v ^ (v << 2) ^ (v << 5) ^ (v << 10);
    acc[k - 7]! ^= (v >>> 30) ^ (v >>> 27) ^ (v >>> 22);
  }
  const out = new Uint8Array(GF_BYTES);
  for (let i = 0; i < 8; i++) {
    const v = acc[i]!;
    out[4 * i] = v & 0xff;
    out[4 * i + 1] = (v >>> 8) & 0xff;
    out[4 * i + 2] = (v >>> 16) & 0xff;
    out[4 * i + 3] = v >>> 24;
  }
  return out;
}

/**
 * Σ_j χ_j·row_j over the rows of a bit matrix given by its columns, for fixed challenges χ_j
 * (replaces one `mulAdd` per row). Bit k of row j is bit j of column k, so the sum is
 * Σ_k x^k·X_k with X_k = ⊕ {χ_j : bit j of column k set}: XORs only, with each X_k taken from
 * per-nibble tables of χ (for 4 consecutive rows, the XOR of every subset of their χ) and the
 * powers of x applied by Horner's rule (one shift per column).
 */
export class GfColumnCombiner {
  /** tables[(16·p + v)·8 …]: ⊕ {χ_{4p+b} : bit b of v}, for nibble p of a column. */
  private readonly tables: Uint32Array;
  private readonly nibbles: number;

  constructor(chi: Uint8Array, rows: number) {
    this.nibbles = rows / 4;
    const T = (this.tables = new Uint32Array(this.nibbles * 16 * 8));
    for (let p = 0; p < this.nibbles; p++) {
      for (let b = 0; b < 4; b++) {
        const chiJ = gfWords(chi, (4 * p + b) * GF_BYTES);
        const bitV = 1 << b;
        // Entries with bit b as their highest bit: the entry without it, XOR χ_{4p+b}.
        for (let v = bitV; v < 2 * bitV; v++) {
          const to = (16 * p + v) * 8;
          const from = (16 * p + (v ^ bitV)) * 8;
          for (let w = 0; w < 8; w++) T[to + w] = T[from + w]! ^ chiJ[w]!;
        }
      }
    }
  }

  /** X = ⊕ {χ_j : bit j of `column` set}, XORed into words 0..7 of `out`. */
  private combineColumn(column: Uint8Array, offset: number, out: Uint32Array): void {
    const T = this.tables;
    // Eight local words rather than `out[w]` in the inner loop: this loop is the whole check's cost.
    let [x0, x1, x2, x3, x4, x5, x6, x7] = [0, 0, 0, 0, 0, 0, 0, 0];
    for (let p = 0; p < this.nibbles; p += 2) {
      const byte = column[offset + (p >>> 1)]!;
      let at = (16 * p + (byte & 15)) * 8;
      x0 ^= T[at]!;
      x1 ^= T[at + 1]!;
      x2 ^= T[at + 2]!;
      x3 ^= T[at + 3]!;
      x4 ^= T[at + 4]!;
      x5 ^= T[at + 5]!;
      x6 ^= T[at + 6]!;
      x7 ^= T[at + 7]!;
      at = (16 * (p + 1) + (byte >>> 4)) * 8;
      x0 ^= T[at]!;
      x1 ^= T[at + 1]!;
      x2 ^= T[at + 2]!;
      x3 ^= T[at + 3]!;
      x4 ^= T[at + 4]!;
      x5 ^= T[at + 5]!;
      x6 ^= T[at + 6]!;
      x7 ^= T[at + 7]!;
    }
    out[0]! ^= x0;
    out[1]! ^= x1;
    out[2]! ^= x2;
    out[3]! ^= x3;
    out[4]! ^= x4;
    out[5]! ^= x5;
    out[6]! ^= x6;
    out[7]! ^= x7;
  }

  /** Σ_j χ_j·x_j for the bits x_j of one column (a sum, no products: x_j ∈ {0, 1}). */
  sumSelected(column: Uint8Array): Uint8Array {
    const acc = new Uint32Array(16);
    this.combineColumn(column, 0, acc);
    return reduce(acc);
  }

  /** Σ_j χ_j·row_j for the matrix of `columns` columns of rows/8 bytes each, stored one after another. */
  combineRows(matrix: Uint8Array, columns: number): Uint8Array {
    const colBytes = (this.nibbles * 4) / 8;
    const acc = new Uint32Array(16);
    for (let k = columns - 1; k >= 0; k--) {
      // acc = acc·x + X_k (Horner, from the highest power down).
      for (let w = 15; w > 0; w--) acc[w] = (acc[w]! << 1) | (acc[w - 1]! >>> 31);
      acc[0] = acc[0]! << 1;
      this.combineColumn(matrix, k * colBytes, acc);
    }
    return reduce(acc);
  }
}

/**
 * The KOS check's sums for challenges χ (one element per row): Σ_j χ_j·row_j of a bit matrix given by its
 * `columns` columns, and Σ_j χ_j·x_j for the bits of one column `selected`. Two implementations compute
 * the same bytes: `gfColumnSumsJs` (the reference, and the fallback) and gf256Wasm.ts.
 */
export interface GfColumnSums {
  readonly backend: 'wasm' | 'javascript';
  sums(
    chi: Uint8Array,
    matrix: Uint8Array,
    columns: number,
    selected?: Uint8Array,
  ): { rows: Uint8Array; selected: Uint8Array | undefined };
}

export const gfColumnSumsJs: GfColumnSums = {
  backend: 'javascript',
  sums(chi, matrix, columns, selected) {
    const combiner = new GfColumnCombiner(chi, chi.length / GF_BYTES);
    return {
      rows: combiner.combineRows(matrix, columns),
      selected: selected && combiner.sumSelected(selected),
    };
  },
};
