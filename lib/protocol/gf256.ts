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

  /** acc += a·b (carry-less). */
  mulAdd(a: Uint32Array, b: Uint32Array): void {
    const acc = this.acc;
    for (let i = 0; i < 8; i++) {
      let ai = a[i] ?? 0;
      for (let k = 0; ai !== 0; k++, ai >>>= 1) {
        if ((ai & 1) === 0) continue;
        if (k === 0) {
          for (let j = 0; j < 8; j++) acc[i + j]! ^= b[j]!;
        } else {
          for (let j = 0; j < 8; j++) {
            const bj = b[j]!;
            acc[i + j]! ^= bj << k;
            acc[i + j + 1]! ^= bj >>> (32 - k);
          }
        }
      }
    }
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
