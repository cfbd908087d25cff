import { SCALAR_BYTES, mod, modNear, q, readUint256, scalarFromUniformBytes, writeScalar } from './curve';
import { taggedHash } from './hash';
import { OT_WIDTH, XI } from './otExtension';
import { expand } from './prg';

/**
 * The RVOLE's vector arithmetic mod q (rvole.ts), on the vectors as the protocol holds them: ξ rows of
 * OT_WIDTH 32-byte big-endian scalars (row pads straight from the row hash, uniform in [0, 2^256) and
 * reduced here; τ as sent), the check vector r as hashed (index i·ξ + j). Two implementations compute
 * the same values: `bigintArithmetic` below (the reference, and the fallback until the WebAssembly is
 * in place or where it cannot load) and rvoleWasm.ts (AssemblyScript, lib/protocol/assembly/rvole.ts).
 */
export const L = 2;
export const PADS_BYTES = XI * OT_WIDTH * SCALAR_BYTES;
export const R_BYTES = L * XI * SCALAR_BYTES;

export interface RvoleArithmetic {
  readonly backend: 'wasm' | 'bigint';
  /** Alice: τ_{j,k} = v^1_{j,k} − v^0_{j,k} + α_k, from her two pads per row. */
  aliceTau(v0: Uint8Array, v1: Uint8Array, alpha: bigint[]): Uint8Array;
  /** Alice, with z^A = v^0: r_{i,j} = χ̃_i·z^A_{j,i} + χ̂_i·z^A_{j,L+i} and c_i = Σ_j g_j·z^A_{j,i}. */
  aliceCheck(v0: Uint8Array, tilde: bigint[], hat: bigint[]): { r: Uint8Array; c: bigint[] };
  /**
   * Bob, with z^B_{j,k} = β_j·τ_{j,k} − h_{j,k} (h his pads, β his choice bits; τ's entries in [1, q), as
   * the decoder enforces with `tauOutOfRange`):
   * r_{i,j} = β_j·u_i − (χ̃_i·z^B_{j,i} + χ̂_i·z^B_{j,L+i}) and d_i = b·γ_i + Σ_j g_j·z^B_{j,i}.
   */
  bobCheck(
    h: Uint8Array,
    tau: Uint8Array,
    choices: Uint8Array,
    p: BobCheckInputs,
  ): { r: Uint8Array; d: bigint[] };
  /** Index of the first entry of a received τ outside [1, q), or −1. */
  tauOutOfRange(tau: Uint8Array): number;
}

export interface BobCheckInputs {
  tilde: bigint[];
  hat: bigint[];
  u: bigint[];
  gamma: bigint[];
  b: bigint;
}

/**
 * DKLs19's public gadget vector g ∈ Z_q^ξ: fixed, pseudo-random "nothing up my sleeve" values
 * from a hash of a constant tag; computed once.
 */
let gadgetVector: bigint[] | undefined;
export function gadget(): bigint[] {
  if (!gadgetVector) {
    const bytes = expand(taggedHash('rvole/gadget'), XI * SCALAR_BYTES);
    gadgetVector = [];
    for (let j = 0; j < XI; j++) gadgetVector.push(scalarFromUniformBytes(bytes, j * SCALAR_BYTES));
  }
  return gadgetVector;
}

/** A vector's length must be the protocol's: a short one would be read past its end. */
export function checkLength(what: string, v: Uint8Array, length: number): void {
  if (v.length !== length) throw new RangeError(`${what} is ${length} bytes, not ${v.length}`);
}

const view = (v: Uint8Array) => new DataView(v.buffer, v.byteOffset, v.byteLength);
const bit = (bits: Uint8Array, j: number) => (bits[j >>> 3]! >>> (j & 7)) & 1;

/** Pad k of `pads` reduced mod q (uniform input: within 2^-127 of uniform). */
function pad(pads: DataView, k: number): bigint {
  const x = readUint256(pads, k * SCALAR_BYTES);
  return x >= q ? x - q : x;
}

/**
 * r and the output from z (ξ rows of OT_WIDTH scalars): the part common to both sides; Bob's
 * r_{i,j} adds β_j·u_i and negates (`bob`), and his output starts at b·γ_i.
 */
function checkAndOutput(
  z: bigint[],
  tilde: bigint[],
  hat: bigint[],
  bob?: { choices: Uint8Array; u: bigint[]; gamma: bigint[]; b: bigint },
) {
  const g = gadget();
  const r = new Uint8Array(R_BYTES);
  const rView = view(r);
  const out: bigint[] = [];
  for (let i = 0; i < L; i++) {
    let acc = bob ? bob.b * bob.gamma[i]! : 0n;
    for (let j = 0; j < XI; j++) {
      const s = tilde[i]! * z[j * OT_WIDTH + i]! + hat[i]! * z[j * OT_WIDTH + L + i]!;
      const rij = bob ? (bit(bob.choices, j) ? bob.u[i]! : 0n) - s : s;
      writeScalar(rView, (i * XI + j) * SCALAR_BYTES, mod(rij));
      acc += g[j]! * z[j * OT_WIDTH + i]!;
    }
    out.push(mod(acc));
  }
  return { r, out };
}

/** The reference: JavaScript BigInts (variable-time). */
export const bigintArithmetic: RvoleArithmetic = {
  backend: 'bigint',
  aliceTau(v0, v1, alpha) {
    checkLength('v^0', v0, PADS_BYTES);
    checkLength('v^1', v1, PADS_BYTES);
    const [p0, p1] = [view(v0), view(v1)];
    const tau = new Uint8Array(PADS_BYTES);
    const tauView = view(tau);
    for (let k = 0; k < XI * OT_WIDTH; k++) {
      writeScalar(tauView, k * SCALAR_BYTES, modNear(pad(p1, k) - pad(p0, k) + alpha[k % OT_WIDTH]!));
    }
    return tau;
  },
  aliceCheck(v0, tilde, hat) {
    checkLength('v^0', v0, PADS_BYTES);
    const p0 = view(v0);
    const z = Array.from({ length: XI * OT_WIDTH }, (_, k) => pad(p0, k));
    const { r, out } = checkAndOutput(z, tilde, hat);
    return { r, c: out };
  },
  bobCheck(h, tau, choices, { tilde, hat, u, gamma, b }) {
    checkLength('h', h, PADS_BYTES);
    checkLength('τ', tau, PADS_BYTES);
    checkLength('β', choices, XI / 8);
    const [ph, pt] = [view(h), view(tau)];
    const z: bigint[] = [];
    for (let k = 0; k < XI * OT_WIDTH; k++) {
      const hk = pad(ph, k);
      z.push(
        bit(choices, (k / OT_WIDTH) | 0) ? modNear(readUint256(pt, k * SCALAR_BYTES) - hk) : modNear(-hk),
      );
    }
    const { r, out } = checkAndOutput(z, tilde, hat, { choices, u, gamma, b });
    return { r, d: out };
  },
  tauOutOfRange(tau) {
    checkLength('τ', tau, PADS_BYTES);
    const v = view(tau);
    for (let k = 0; k < XI * OT_WIDTH; k++) {
      const x = readUint256(v, k * SCALAR_BYTES);
      if (x === 0n || x >= q) return k;
    }
    return -1;
  },
};
