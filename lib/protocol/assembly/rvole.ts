/**
 * The RVOLE's arithmetic mod q (AssemblyScript; index.ts is the module, rvoleWasm.ts its JavaScript side).
 * It replaces rvole.ts's BigInt loops over the ξ·OT_WIDTH pads: one call does a whole vector.
 *
 * Scalars cross the boundary as 32-byte big-endian strings (as the protocol sends and hashes them)
 * and are worked on as eight little-endian 32-bit limbs. Products go to 64-bit column sums, the sum
 * of products of a whole inner product is reduced once, by 2^256 ≡ c (mod q), c = 2^256 − q < 2^129,
 * folded four times (as libsecp256k1's scalar_reduce_512).
 *
 * Constant time: no branch and no memory index depends on a value (choice bits select by masks);
 * the loops' bounds are the row count only. WebAssembly's i64 multiply is a single machine
 * multiply on the engines we run on.
 */

const LIMBS: usize = 8;
const SCALAR: usize = 32;
const WIDTH: usize = 4; // OT_WIDTH: scalars per row
const L: usize = 2;

// q, little-endian 32-bit limbs.
const Q = memory.data<u32>([
  0xd0364141, 0xbfd25e8c, 0xaf48a03b, 0xbaaedce6, 0xfffffffe, 0xffffffff, 0xffffffff, 0xffffffff,
]);
// c's limbs 0..3 (its limb 4 is 1), and the low half of a 64-bit word.
const C0: u64 = 0x2fc9bebf;
const C1: u64 = 0x402da173;
const C2: u64 = 0x50b75fc4;
const C3: u64 = 0x45512319;
const LOW: u64 = 0xffffffff;

// Scratch: 64-bit column sums, 32-bit limbs of a sum being reduced, and scalars in limb form.
const ACC = memory.data(18 * 8);
const WIDE = memory.data(18 * 4);
const T0 = memory.data(32);
const T1 = memory.data(32);
const T2 = memory.data(32); // subQIfAbove's alone
const PARAMS = memory.data(16 * 32);

/** Zeroes the scratch (it held the last call's secrets). */
export function rvoleClearScratch(): void {
  memory.fill(ACC, 0, 18 * 8);
  memory.fill(WIDE, 0, 18 * 4);
  memory.fill(T0, 0, 32);
  memory.fill(T1, 0, 32);
  memory.fill(T2, 0, 32);
  memory.fill(PARAMS, 0, 16 * 32);
}

@inline function limb(p: usize, i: usize): u64 {
  return <u64>load<u32>(p + (i << 2));
}

/** Big-endian 32 bytes at `src` → limbs at `dst`. */
@inline function fromBytes(dst: usize, src: usize): void {
  for (let i: usize = 0; i < LIMBS; i++) store<u32>(dst + (i << 2), bswap<u32>(load<u32>(src + 28 - (i << 2))));
}

/** Limbs at `src` → big-endian 32 bytes at `dst`. */
@inline function toBytes(dst: usize, src: usize): void {
  for (let i: usize = 0; i < LIMBS; i++) store<u32>(dst + 28 - (i << 2), bswap<u32>(load<u32>(src + (i << 2))));
}

/** x ← x − q if carry·2^256 + x ≥ q (the value is below 2q). */
@inline function subQIfAbove(x: usize, carry: u64): void {
  let borrow: u64 = 0;
  for (let i: usize = 0; i < LIMBS; i++) {
    const t = limb(x, i) - limb(Q, i) - borrow;
    store<u32>(T2 + (i << 2), <u32>t);
    borrow = t >> 63;
  }
  // Keep x when x − q borrowed and nothing was carried out of x.
  const keep = <u32>0 - <u32>(borrow & (carry ^ 1));
  for (let i: usize = 0; i < LIMBS; i++) {
    const o = i << 2;
    store<u32>(x + o, (load<u32>(x + o) & keep) | (load<u32>(T2 + o) & ~keep));
  }
}

/** dst ← a + b mod q, for a, b < q (dst may be a or b). */
@inline function addMod(dst: usize, a: usize, b: usize): void {
  let carry: u64 = 0;
  for (let i: usize = 0; i < LIMBS; i++) {
    const t = limb(a, i) + limb(b, i) + carry;
    store<u32>(dst + (i << 2), <u32>t);
    carry = t >> 32;
  }
  subQIfAbove(dst, carry);
}

/** dst ← a − b mod q, for a, b < q (dst may be a or b). */
@inline function subMod(dst: usize, a: usize, b: usize): void {
  let borrow: u64 = 0;
  for (let i: usize = 0; i < LIMBS; i++) {
    const t = limb(a, i) - limb(b, i) - borrow;
    store<u32>(dst + (i << 2), <u32>t);
    borrow = t >> 63;
  }
  const mask = <u64>0 - borrow; // add q back if it borrowed
  let carry: u64 = 0;
  for (let i: usize = 0; i < LIMBS; i++) {
    const t = limb(dst, i) + (limb(Q, i) & mask) + carry;
    store<u32>(dst + (i << 2), <u32>t);
    carry = t >> 32;
  }
}

/** Uniform 32 big-endian bytes → limbs below q: x − q if x ≥ q (within 2^-127 of uniform). */
@inline function fromUniformBytes(dst: usize, src: usize): void {
  fromBytes(dst, src);
  subQIfAbove(dst, 0);
}

@inline function clearAcc(): void {
  memory.fill(ACC, 0, 18 * 8);
}

/**
 * ACC += a·b, unreduced, column by column (product scanning): the low halves of the 32×32-bit products
 * a_i·b_j with i + j = k go to column k, their high halves to column k + 1. Written out in full, the limbs
 * in locals (replaces a loop adding each product into ACC in memory).
 */
@inline function mulAcc(a: usize, b: usize): void {
  const a0 = limb(a, 0), a1 = limb(a, 1), a2 = limb(a, 2), a3 = limb(a, 3);
  const a4 = limb(a, 4), a5 = limb(a, 5), a6 = limb(a, 6), a7 = limb(a, 7);
  const b0 = limb(b, 0), b1 = limb(b, 1), b2 = limb(b, 2), b3 = limb(b, 3);
  const b4 = limb(b, 4), b5 = limb(b, 5), b6 = limb(b, 6), b7 = limb(b, 7);
  let low: u64, high: u64 = 0, p: u64;
  // Column k: low = the previous column's high halves plus this column's low halves.
  low = high; high = 0;
  p = a0 * b0; low += p & LOW; high += p >> 32;
  store<u64>(ACC, load<u64>(ACC, 0) + low, 0);
  low = high; high = 0;
  p = a0 * b1; low += p & LOW; high += p >> 32; p = a1 * b0; low += p & LOW; high += p >> 32;
  store<u64>(ACC, load<u64>(ACC, 8) + low, 8);
  low = high; high = 0;
  p = a0 * b2; low += p & LOW; high += p >> 32; p = a1 * b1; low += p & LOW; high += p >> 32; p = a2 * b0; low += p & LOW; high += p >> 32;
  store<u64>(ACC, load<u64>(ACC, 16) + low, 16);
  low = high; high = 0;
  p = a0 * b3; low += p & LOW; high += p >> 32; p = a1 * b2; low += p & LOW; high += p >> 32; p = a2 * b1; low += p & LOW; high += p >> 32;
  p = a3 * b0; low += p & LOW; high += p >> 32;
  store<u64>(ACC, load<u64>(ACC, 24) + low, 24);
  low = high; high = 0;
  p = a0 * b4; low += p & LOW; high += p >> 32; p = a1 * b3; low += p & LOW; high += p >> 32; p = a2 * b2; low += p & LOW; high += p >> 32;
  p = a3 * b1; low += p & LOW; high += p >> 32; p = a4 * b0; low += p & LOW; high += p >> 32;
  store<u64>(ACC, load<u64>(ACC, 32) + low, 32);
  low = high; high = 0;
  p = a0 * b5; low += p & LOW; high += p >> 32; p = a1 * b4; low += p & LOW; high += p >> 32; p = a2 * b3; low += p & LOW; high += p >> 32;
  p = a3 * b2; low += p & LOW; high += p >> 32; p = a4 * b1; low += p & LOW; high += p >> 32; p = a5 * b0; low += p & LOW; high += p >> 32;
  store<u64>(ACC, load<u64>(ACC, 40) + low, 40);
  low = high; high = 0;
  p = a0 * b6; low += p & LOW; high += p >> 32; p = a1 * b5; low += p & LOW; high += p >> 32; p = a2 * b4; low += p & LOW; high += p >> 32;
  p = a3 * b3; low += p & LOW; high += p >> 32; p = a4 * b2; low += p & LOW; high += p >> 32; p = a5 * b1; low += p & LOW; high += p >> 32;
  p = a6 * b0; low += p & LOW; high += p >> 32;
  store<u64>(ACC, load<u64>(ACC, 48) + low, 48);
  low = high; high = 0;
  p = a0 * b7; low += p & LOW; high += p >> 32; p = a1 * b6; low += p & LOW; high += p >> 32; p = a2 * b5; low += p & LOW; high += p >> 32;
  p = a3 * b4; low += p & LOW; high += p >> 32; p = a4 * b3; low += p & LOW; high += p >> 32; p = a5 * b2; low += p & LOW; high += p >> 32;
  p = a6 * b1; low += p & LOW; high += p >> 32; p = a7 * b0; low += p & LOW; high += p >> 32;
  store<u64>(ACC, load<u64>(ACC, 56) + low, 56);
  low = high; high = 0;
  p = a1 * b7; low += p & LOW; high += p >> 32; p = a2 * b6; low += p & LOW; high += p >> 32; p = a3 * b5; low += p & LOW; high += p >> 32;
  p = a4 * b4; low += p & LOW; high += p >> 32; p = a5 * b3; low += p & LOW; high += p >> 32; p = a6 * b2; low += p & LOW; high += p >> 32;
  p = a7 * b1; low += p & LOW; high += p >> 32;
  store<u64>(ACC, load<u64>(ACC, 64) + low, 64);
  low = high; high = 0;
  p = a2 * b7; low += p & LOW; high += p >> 32; p = a3 * b6; low += p & LOW; high += p >> 32; p = a4 * b5; low += p & LOW; high += p >> 32;
  p = a5 * b4; low += p & LOW; high += p >> 32; p = a6 * b3; low += p & LOW; high += p >> 32; p = a7 * b2; low += p & LOW; high += p >> 32;
  store<u64>(ACC, load<u64>(ACC, 72) + low, 72);
  low = high; high = 0;
  p = a3 * b7; low += p & LOW; high += p >> 32; p = a4 * b6; low += p & LOW; high += p >> 32; p = a5 * b5; low += p & LOW; high += p >> 32;
  p = a6 * b4; low += p & LOW; high += p >> 32; p = a7 * b3; low += p & LOW; high += p >> 32;
  store<u64>(ACC, load<u64>(ACC, 80) + low, 80);
  low = high; high = 0;
  p = a4 * b7; low += p & LOW; high += p >> 32; p = a5 * b6; low += p & LOW; high += p >> 32; p = a6 * b5; low += p & LOW; high += p >> 32;
  p = a7 * b4; low += p & LOW; high += p >> 32;
  store<u64>(ACC, load<u64>(ACC, 88) + low, 88);
  low = high; high = 0;
  p = a5 * b7; low += p & LOW; high += p >> 32; p = a6 * b6; low += p & LOW; high += p >> 32; p = a7 * b5; low += p & LOW; high += p >> 32;
  store<u64>(ACC, load<u64>(ACC, 96) + low, 96);
  low = high; high = 0;
  p = a6 * b7; low += p & LOW; high += p >> 32; p = a7 * b6; low += p & LOW; high += p >> 32;
  store<u64>(ACC, load<u64>(ACC, 104) + low, 104);
  low = high; high = 0;
  p = a7 * b7; low += p & LOW; high += p >> 32;
  store<u64>(ACC, load<u64>(ACC, 112) + low, 112);
  store<u64>(ACC, load<u64>(ACC, 120) + high, 120);
}

/** The columns of ACC (below 2^45 each) carried into `limbs` 32-bit limbs at WIDE. */
@inline function carryAcc(limbs: usize): void {
  let carry: u64 = 0;
  for (let k: usize = 0; k < limbs; k++) {
    const t = load<u64>(ACC + (k << 3)) + carry;
    store<u32>(WIDE + (k << 2), <u32>t);
    carry = t >> 32;
  }
}

/**
 * dst ← ACC mod q, for ACC below 2^521 (up to 512 products of values below q): four folds
 * WIDE ← lo + hi·c, where WIDE = hi·2^256 + lo (the same value mod q), then one conditional subtraction
 * of q. Each fold is written out column by column with the limbs in locals (replaces a loop over ACC in
 * memory: 0.6× the time of the RVOLE's calls); its comment gives the bound that fixes its limb count.
 */
function reduceAcc(dst: usize): void {
  carryAcc(17);
  const w0 = limb(WIDE, 0), w1 = limb(WIDE, 1), w2 = limb(WIDE, 2), w3 = limb(WIDE, 3), w4 = limb(WIDE, 4), w5 = limb(WIDE, 5);
  const w6 = limb(WIDE, 6), w7 = limb(WIDE, 7), w8 = limb(WIDE, 8), w9 = limb(WIDE, 9), w10 = limb(WIDE, 10), w11 = limb(WIDE, 11);
  const w12 = limb(WIDE, 12), w13 = limb(WIDE, 13), w14 = limb(WIDE, 14), w15 = limb(WIDE, 15), w16 = limb(WIDE, 16);
  let t: u64, carry: u64, high: u64, p: u64;
  // 17 limbs → 13, below 2^395
  carry = 0;
  high = 0;
  t = carry + high + w0; high = 0; p = w8 * C0; t += p & LOW; high += p >> 32;
    const f0_0 = t & LOW; carry = t >> 32;
  t = carry + high + w1; high = 0; p = w9 * C0; t += p & LOW; high += p >> 32;
    p = w8 * C1; t += p & LOW; high += p >> 32; const f0_1 = t & LOW; carry = t >> 32;
  t = carry + high + w2; high = 0; p = w10 * C0; t += p & LOW; high += p >> 32;
    p = w9 * C1; t += p & LOW; high += p >> 32; p = w8 * C2; t += p & LOW; high += p >> 32;
    const f0_2 = t & LOW; carry = t >> 32;
  t = carry + high + w3; high = 0; p = w11 * C0; t += p & LOW; high += p >> 32;
    p = w10 * C1; t += p & LOW; high += p >> 32; p = w9 * C2; t += p & LOW; high += p >> 32;
    p = w8 * C3; t += p & LOW; high += p >> 32; const f0_3 = t & LOW; carry = t >> 32;
  t = carry + high + w4; high = 0; p = w12 * C0; t += p & LOW; high += p >> 32;
    p = w11 * C1; t += p & LOW; high += p >> 32; p = w10 * C2; t += p & LOW; high += p >> 32;
    p = w9 * C3; t += p & LOW; high += p >> 32; t += w8; const f0_4 = t & LOW; carry = t >> 32;
  t = carry + high + w5; high = 0; p = w13 * C0; t += p & LOW; high += p >> 32;
    p = w12 * C1; t += p & LOW; high += p >> 32; p = w11 * C2; t += p & LOW; high += p >> 32;
    p = w10 * C3; t += p & LOW; high += p >> 32; t += w9; const f0_5 = t & LOW; carry = t >> 32;
  t = carry + high + w6; high = 0; p = w14 * C0; t += p & LOW; high += p >> 32;
    p = w13 * C1; t += p & LOW; high += p >> 32; p = w12 * C2; t += p & LOW; high += p >> 32;
    p = w11 * C3; t += p & LOW; high += p >> 32; t += w10; const f0_6 = t & LOW; carry = t >> 32;
  t = carry + high + w7; high = 0; p = w15 * C0; t += p & LOW; high += p >> 32;
    p = w14 * C1; t += p & LOW; high += p >> 32; p = w13 * C2; t += p & LOW; high += p >> 32;
    p = w12 * C3; t += p & LOW; high += p >> 32; t += w11; const f0_7 = t & LOW; carry = t >> 32;
  t = carry + high; high = 0; p = w16 * C0; t += p & LOW; high += p >> 32;
    p = w15 * C1; t += p & LOW; high += p >> 32; p = w14 * C2; t += p & LOW; high += p >> 32;
    p = w13 * C3; t += p & LOW; high += p >> 32; t += w12; const f0_8 = t & LOW; carry = t >> 32;
  t = carry + high; high = 0; p = w16 * C1; t += p & LOW; high += p >> 32;
    p = w15 * C2; t += p & LOW; high += p >> 32; p = w14 * C3; t += p & LOW; high += p >> 32; t += w13;
    const f0_9 = t & LOW; carry = t >> 32;
  t = carry + high; high = 0; p = w16 * C2; t += p & LOW; high += p >> 32;
    p = w15 * C3; t += p & LOW; high += p >> 32; t += w14; const f0_10 = t & LOW; carry = t >> 32;
  t = carry + high; high = 0; p = w16 * C3; t += p & LOW; high += p >> 32; t += w15;
    const f0_11 = t & LOW; carry = t >> 32;
  t = carry + high; high = 0; t += w16; const f0_12 = t & LOW; carry = t >> 32;
  // 13 limbs → 9, below 2^269
  carry = 0;
  high = 0;
  t = carry + high + f0_0; high = 0; p = f0_8 * C0; t += p & LOW; high += p >> 32;
    const f1_0 = t & LOW; carry = t >> 32;
  t = carry + high + f0_1; high = 0; p = f0_9 * C0; t += p & LOW; high += p >> 32;
    p = f0_8 * C1; t += p & LOW; high += p >> 32; const f1_1 = t & LOW; carry = t >> 32;
  t = carry + high + f0_2; high = 0; p = f0_10 * C0; t += p & LOW; high += p >> 32;
    p = f0_9 * C1; t += p & LOW; high += p >> 32; p = f0_8 * C2; t += p & LOW; high += p >> 32;
    const f1_2 = t & LOW; carry = t >> 32;
  t = carry + high + f0_3; high = 0; p = f0_11 * C0; t += p & LOW; high += p >> 32;
    p = f0_10 * C1; t += p & LOW; high += p >> 32; p = f0_9 * C2; t += p & LOW; high += p >> 32;
    p = f0_8 * C3; t += p & LOW; high += p >> 32; const f1_3 = t & LOW; carry = t >> 32;
  t = carry + high + f0_4; high = 0; p = f0_12 * C0; t += p & LOW; high += p >> 32;
    p = f0_11 * C1; t += p & LOW; high += p >> 32; p = f0_10 * C2; t += p & LOW; high += p >> 32;
    p = f0_9 * C3; t += p & LOW; high += p >> 32; t += f0_8; const f1_4 = t & LOW; carry = t >> 32;
  t = carry + high + f0_5; high = 0; p = f0_12 * C1; t += p & LOW; high += p >> 32;
    p = f0_11 * C2; t += p & LOW; high += p >> 32; p = f0_10 * C3; t += p & LOW; high += p >> 32; t += f0_9;
    const f1_5 = t & LOW; carry = t >> 32;
  t = carry + high + f0_6; high = 0; p = f0_12 * C2; t += p & LOW; high += p >> 32;
    p = f0_11 * C3; t += p & LOW; high += p >> 32; t += f0_10; const f1_6 = t & LOW; carry = t >> 32;
  t = carry + high + f0_7; high = 0; p = f0_12 * C3; t += p & LOW; high += p >> 32; t += f0_11;
    const f1_7 = t & LOW; carry = t >> 32;
  t = carry + high; high = 0; t += f0_12; const f1_8 = t & LOW; carry = t >> 32;
  // 9 limbs → 9, below 2^256 + 2^142
  carry = 0;
  high = 0;
  t = carry + high + f1_0; high = 0; p = f1_8 * C0; t += p & LOW; high += p >> 32;
    const f2_0 = t & LOW; carry = t >> 32;
  t = carry + high + f1_1; high = 0; p = f1_8 * C1; t += p & LOW; high += p >> 32;
    const f2_1 = t & LOW; carry = t >> 32;
  t = carry + high + f1_2; high = 0; p = f1_8 * C2; t += p & LOW; high += p >> 32;
    const f2_2 = t & LOW; carry = t >> 32;
  t = carry + high + f1_3; high = 0; p = f1_8 * C3; t += p & LOW; high += p >> 32;
    const f2_3 = t & LOW; carry = t >> 32;
  t = carry + high + f1_4; high = 0; t += f1_8; const f2_4 = t & LOW; carry = t >> 32;
  t = carry + high + f1_5; high = 0; const f2_5 = t & LOW; carry = t >> 32;
  t = carry + high + f1_6; high = 0; const f2_6 = t & LOW; carry = t >> 32;
  t = carry + high + f1_7; high = 0; const f2_7 = t & LOW; carry = t >> 32;
  t = carry + high; high = 0; const f2_8 = t & LOW; carry = t >> 32;
  // 9 limbs → 9, below 2^256: the ninth limb is 0
  carry = 0;
  high = 0;
  t = carry + high + f2_0; high = 0; p = f2_8 * C0; t += p & LOW; high += p >> 32;
    const f3_0 = t & LOW; carry = t >> 32;
  t = carry + high + f2_1; high = 0; p = f2_8 * C1; t += p & LOW; high += p >> 32;
    const f3_1 = t & LOW; carry = t >> 32;
  t = carry + high + f2_2; high = 0; p = f2_8 * C2; t += p & LOW; high += p >> 32;
    const f3_2 = t & LOW; carry = t >> 32;
  t = carry + high + f2_3; high = 0; p = f2_8 * C3; t += p & LOW; high += p >> 32;
    const f3_3 = t & LOW; carry = t >> 32;
  t = carry + high + f2_4; high = 0; t += f2_8; const f3_4 = t & LOW; carry = t >> 32;
  t = carry + high + f2_5; high = 0; const f3_5 = t & LOW; carry = t >> 32;
  t = carry + high + f2_6; high = 0; const f3_6 = t & LOW; carry = t >> 32;
  t = carry + high + f2_7; high = 0; const f3_7 = t & LOW; carry = t >> 32;
  t = carry + high; high = 0; const f3_8 = t & LOW; carry = t >> 32;
  store<u32>(dst, <u32>f3_0, 0); store<u32>(dst, <u32>f3_1, 4); store<u32>(dst, <u32>f3_2, 8); store<u32>(dst, <u32>f3_3, 12);
  store<u32>(dst, <u32>f3_4, 16); store<u32>(dst, <u32>f3_5, 20); store<u32>(dst, <u32>f3_6, 24); store<u32>(dst, <u32>f3_7, 28);
  subQIfAbove(dst, 0);
}

/** All ones if choice bit j is set, else zero. */
@inline function choiceMask(choices: usize, j: usize): u32 {
  return <u32>0 - ((<u32>load<u8>(choices + (j >> 3)) >> <u32>(j & 7)) & 1);
}

/** Big-endian scalars → limbs, `count` of them (the gadget and the parameters). */
export function loadScalars(dst: usize, src: usize, count: usize): void {
  for (let k: usize = 0; k < count; k++) fromBytes(dst + k * SCALAR, src + k * SCALAR);
}

/** Index of the first big-endian scalar at `src` outside [1, q), or −1 (public values only). */
export function firstOutOfRange(src: usize, count: usize): isize {
  for (let k: usize = 0; k < count; k++) {
    fromBytes(T0, src + k * SCALAR);
    let borrow: u64 = 0;
    let any: u32 = 0;
    for (let i: usize = 0; i < LIMBS; i++) {
      const t = limb(T0, i) - limb(Q, i) - borrow;
      borrow = t >> 63;
      any |= load<u32>(T0 + (i << 2));
    }
    if (borrow == 0 || any == 0) return <isize>k;
  }
  return -1;
}

/**
 * Alice: τ_{j,k} = v^1_{j,k} − v^0_{j,k} + α_k (big-endian into `tau`), from the rows' raw pads v^0, v^1
 * (uniform big-endian, reduced here) and α (4 big-endian scalars).
 */
export function aliceTau(tau: usize, v0: usize, v1: usize, alpha: usize, rows: usize): void {
  loadScalars(PARAMS, alpha, WIDTH);
  for (let n: usize = 0; n < rows * WIDTH; n++) {
    fromUniformBytes(T0, v0 + n * SCALAR);
    fromUniformBytes(T1, v1 + n * SCALAR);
    subMod(T0, T1, T0);
    addMod(T0, T0, PARAMS + (n & (WIDTH - 1)) * SCALAR);
    toBytes(tau + n * SCALAR, T0);
  }
}

/** Raw pads (uniform big-endian) → limbs below q, in place. */
export function reducePads(pads: usize, count: usize): void {
  for (let n: usize = 0; n < count; n++) {
    fromUniformBytes(T0, pads + n * SCALAR);
    memory.copy(pads + n * SCALAR, T0, SCALAR);
  }
}

/**
 * Bob: z^B_{j,k} = β_j·τ_{j,k} − h_{j,k} in place of h (limbs, from `reducePads`), τ big-endian,
 * β the choice bits.
 */
export function bobZ(h: usize, tau: usize, choices: usize, rows: usize): void {
  for (let j: usize = 0; j < rows; j++) {
    const beta = choiceMask(choices, j);
    for (let k: usize = 0; k < WIDTH; k++) {
      const n = j * WIDTH + k;
      fromBytes(T0, tau + n * SCALAR);
      for (let i: usize = 0; i < LIMBS; i++) store<u32>(T0 + (i << 2), load<u32>(T0 + (i << 2)) & beta);
      subMod(h + n * SCALAR, T0, h + n * SCALAR);
    }
  }
}

/**
 * The check values and output of either side, from z (limbs, ξ rows of 4) and g (limbs, ξ), with
 * `params` = χ̃_1, χ̃_2, χ̂_1, χ̂_2, u_1, u_2, γ_1, γ_2, b (big-endian):
 *   Alice (bob = 0): r_{i,j} = χ̃_i·z_{j,i} + χ̂_i·z_{j,L+i},  out_i = Σ_j g_j·z_{j,i}  (u, γ, b unused: pass 0)
 *   Bob (bob = 1):   r_{i,j} = β_j·u_i − (χ̃_i·z_{j,i} + χ̂_i·z_{j,L+i}),  out_i = b·γ_i + Σ_j g_j·z_{j,i}
 * r goes big-endian to `r` (index i·rows + j), out big-endian to `out`.
 */
export function checkAndOutput(
  r: usize,
  out: usize,
  z: usize,
  g: usize,
  params: usize,
  choices: usize,
  bob: bool,
  rows: usize,
): void {
  loadScalars(PARAMS, params, 9);
  const tilde = PARAMS;
  const hat = PARAMS + L * SCALAR;
  const u = PARAMS + 2 * L * SCALAR;
  const gamma = PARAMS + 3 * L * SCALAR;
  const b = PARAMS + 4 * L * SCALAR;
  for (let i: usize = 0; i < L; i++) {
    for (let j: usize = 0; j < rows; j++) {
      clearAcc();
      mulAcc(tilde + i * SCALAR, z + (j * WIDTH + i) * SCALAR);
      mulAcc(hat + i * SCALAR, z + (j * WIDTH + L + i) * SCALAR);
      reduceAcc(T0);
      if (bob) {
        const beta = choiceMask(choices, j);
        for (let w: usize = 0; w < LIMBS; w++) {
          store<u32>(T1 + (w << 2), load<u32>(u + i * SCALAR + (w << 2)) & beta);
        }
        subMod(T0, T1, T0);
      }
      toBytes(r + (i * rows + j) * SCALAR, T0);
    }
    clearAcc();
    if (bob) mulAcc(b, gamma + i * SCALAR);
    for (let j: usize = 0; j < rows; j++) mulAcc(g + j * SCALAR, z + (j * WIDTH + i) * SCALAR);
    reduceAcc(T0);
    toBytes(out + i * SCALAR, T0);
  }
}
