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
    const acc = Uint32Array.from(this.acc);
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
}
