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

// q and c = 2^256 − q, little-endian 32-bit limbs.
const Q = memory.data<u32>([
  0xd0364141, 0xbfd25e8c, 0xaf48a03b, 0xbaaedce6, 0xfffffffe, 0xffffffff, 0xffffffff, 0xffffffff,
]);
const C = memory.data<u32>([0x2fc9bebf, 0x402da173, 0x50b75fc4, 0x45512319]); // c's limb 4 is 1

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

/** ACC += a·b, unreduced: each 64-bit column gets the low and high halves of 32×32-bit products. */
@inline function mulAcc(a: usize, b: usize): void {
  for (let i: usize = 0; i < LIMBS; i++) {
    const ai = limb(a, i);
    for (let j: usize = 0; j < LIMBS; j++) {
      const p = ai * limb(b, j);
      const at = ACC + ((i + j) << 3);
      store<u64>(at, load<u64>(at) + (p & 0xffffffff));
      store<u64>(at + 8, load<u64>(at + 8) + (p >> 32));
    }
  }
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
 * WIDE (`from` limbs) ← lo + hi·c, where WIDE = hi·2^256 + lo, carried into `to` limbs: the same value
 * mod q. Each caller's bounds make the result fit in `to` limbs.
 */
@inline function fold(from: usize, to: usize): void {
  clearAcc();
  for (let k: usize = 0; k < LIMBS; k++) store<u64>(ACC + (k << 3), limb(WIDE, k));
  for (let i: usize = 0; i < from - LIMBS; i++) {
    const h = limb(WIDE, LIMBS + i);
    for (let k: usize = 0; k < 4; k++) {
      const p = h * limb(C, k);
      const at = ACC + ((i + k) << 3);
      store<u64>(at, load<u64>(at) + (p & 0xffffffff));
      store<u64>(at + 8, load<u64>(at + 8) + (p >> 32));
    }
    const at = ACC + ((i + 4) << 3); // c's limb 4 is 1
    store<u64>(at, load<u64>(at) + h);
  }
  carryAcc(to);
}

/**
 * dst ← ACC mod q, for ACC below 2^521 (up to 512 products of values below q). Bounds after each fold:
 * < 2^395 (13 limbs), < 2^269 (9), < 2^256 + 2^142 (9), < 2^256 (the ninth limb 0); then below 2q.
 */
function reduceAcc(dst: usize): void {
  carryAcc(17);
  fold(17, 13);
  fold(13, 9);
  fold(9, 9);
  fold(9, 9);
  memory.copy(dst, WIDE, SCALAR);
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
