/**
 * The OT row hash (otExtension.ts's `rowHasher`, which stays the reference) for all rows in one call:
 * pad_j = ChaCha20(key = SHA-256(runKey₁₆ ‖ u32be(j) ‖ row_j), nonce 0) — 128 bytes per row. The SHA-256
 * input is 52 bytes, so one padded block; FIPS 180-4 and RFC 8439 §2.3, written out here (replaces
 * hash-wasm's per-call set-up and our JavaScript ChaCha20 for ~3 700 one-block hashes per signing party).
 *
 * Constant time: 32-bit additions, rotations and logic only; no branch or index depends on the data.
 */
import { chachaBlock } from './chacha';

const K = memory.data<u32>([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
const IV = memory.data<u32>([
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
]);
// The message schedule and the digest (ChaCha20's key, as its little-endian words).
const W = memory.data(64 * 4);
const KEY = memory.data(32);

/** SHA-256 of the one block in W[0..15] (already padded), the digest's bytes as 8 words into KEY. */
function sha256Block(): void {
  for (let t: usize = 16; t < 64; t++) {
    const w15 = load<u32>(W + ((t - 15) << 2));
    const w2 = load<u32>(W + ((t - 2) << 2));
    const s0 = rotr<u32>(w15, 7) ^ rotr<u32>(w15, 18) ^ (w15 >>> 3);
    const s1 = rotr<u32>(w2, 17) ^ rotr<u32>(w2, 19) ^ (w2 >>> 10);
    store<u32>(W + (t << 2), load<u32>(W + ((t - 16) << 2)) + s0 + load<u32>(W + ((t - 7) << 2)) + s1);
  }
  let a = load<u32>(IV, 0), b = load<u32>(IV, 4), c = load<u32>(IV, 8), d = load<u32>(IV, 12);
  let e = load<u32>(IV, 16), f = load<u32>(IV, 20), g = load<u32>(IV, 24), h = load<u32>(IV, 28);
  for (let t: usize = 0; t < 64; t++) {
    const S1 = rotr<u32>(e, 6) ^ rotr<u32>(e, 11) ^ rotr<u32>(e, 25);
    const ch = (e & f) ^ (~e & g);
    const t1 = h + S1 + ch + load<u32>(K + (t << 2)) + load<u32>(W + (t << 2));
    const S0 = rotr<u32>(a, 2) ^ rotr<u32>(a, 13) ^ rotr<u32>(a, 22);
    const maj = (a & b) ^ (a & c) ^ (b & c);
    const t2 = S0 + maj;
    h = g;
    g = f;
    f = e;
    e = d + t1;
    d = c;
    c = b;
    b = a;
    a = t1 + t2;
  }
  // The digest is big-endian words; ChaCha20 reads its key bytes as little-endian words.
  store<u32>(KEY, bswap<u32>(a + load<u32>(IV, 0)), 0);
  store<u32>(KEY, bswap<u32>(b + load<u32>(IV, 4)), 4);
  store<u32>(KEY, bswap<u32>(c + load<u32>(IV, 8)), 8);
  store<u32>(KEY, bswap<u32>(d + load<u32>(IV, 12)), 12);
  store<u32>(KEY, bswap<u32>(e + load<u32>(IV, 16)), 16);
  store<u32>(KEY, bswap<u32>(f + load<u32>(IV, 20)), 20);
  store<u32>(KEY, bswap<u32>(g + load<u32>(IV, 24)), 24);
  store<u32>(KEY, bswap<u32>(h + load<u32>(IV, 28)), 28);
}

/**
 * pad_j for j < count into pads[128·j …], row_j = rows[32·j …] XOR `mask` (32 bytes; all zeros for
 * none), the 16-byte run key at `runKey`.
 */
export function rowHashes(pads: usize, runKey: usize, rows: usize, mask: usize, count: usize): void {
  for (let j: usize = 0; j < count; j++) {
    // The block: run key (4 words), j, row ⊕ mask (8 words), then the padding of a 52-byte message.
    for (let i: usize = 0; i < 4; i++) store<u32>(W + (i << 2), bswap<u32>(load<u32>(runKey + (i << 2))));
    store<u32>(W, <u32>j, 16);
    for (let i: usize = 0; i < 8; i++) {
      const word = load<u32>(rows + (j << 5) + (i << 2)) ^ load<u32>(mask + (i << 2));
      store<u32>(W + ((5 + i) << 2), bswap<u32>(word));
    }
    store<u32>(W, 0x80000000, 52);
    store<u32>(W, 0, 56);
    store<u32>(W, 52 * 8, 60);
    sha256Block();
    chachaBlock(pads + (j << 7), KEY, 0, 0, 0, 0);
    chachaBlock(pads + (j << 7) + 64, KEY, 1, 0, 0, 0);
  }
}

/** Zeroes the schedule and the key (they held the last row's secrets). */
export function rowHashClearScratch(): void {
  memory.fill(W, 0, 64 * 4);
  memory.fill(KEY, 0, 32);
}
