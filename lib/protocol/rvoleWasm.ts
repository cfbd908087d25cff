import { hexToBytes } from '@noble/hashes/utils.js';
import { SCALAR_BYTES, readUint256, writeScalar } from './curve';
import { OT_WIDTH, XI } from './otExtension';
import { L, PADS_BYTES, R_BYTES, bigintArithmetic, checkLength, gadget } from './rvoleArithmetic';
import type { BobCheckInputs, RvoleArithmetic, RvoleBackend } from './rvoleArithmetic';
import { RVOLE_WASM_HEX } from './rvoleWasm.bytes';

/**
 * The RVOLE's vector arithmetic in WebAssembly (replaces `bigintArithmetic`'s BigInt loops: ~10 BigInt
 * allocations per 32-byte read, a 512-bit `%` per check entry). Built from lib/protocol/assembly/rvole.ts
 * (`npm run build:wasm`); see there for the arithmetic and its constant-time properties.
 *
 * One instance serves every call: a call copies its vectors into the module's memory, runs one export
 * over the whole vector and copies the results out, without yielding (the protocol is synchronous), so
 * calls never interleave. The pads and z vectors it held are zeroed before it returns.
 */
interface Exports {
  memory: WebAssembly.Memory;
  heapBase(): number;
  clearScratch(): void;
  loadScalars(dst: number, src: number, count: number): void;
  firstOutOfRange(src: number, count: number): number;
  aliceTau(tau: number, v0: number, v1: number, alpha: number, rows: number): void;
  reducePads(pads: number, count: number): void;
  bobZ(h: number, tau: number, choices: number, rows: number): void;
  checkAndOutput(
    r: number,
    out: number,
    z: number,
    g: number,
    params: number,
    choices: number,
    bob: number,
    rows: number,
  ): void;
}

const PARAMS = 9; // χ̃_1, χ̃_2, χ̂_1, χ̂_2, u_1, u_2, γ_1, γ_2, b

export async function instantiateRvoleWasm(): Promise<RvoleArithmetic> {
  const { instance } = await WebAssembly.instantiate(hexToBytes(RVOLE_WASM_HEX));
  const x = instance.exports as unknown as Exports;
  // The caller's regions, after the module's own data (64-byte aligned).
  let at = Math.ceil(x.heapBase() / 64) * 64;
  const region = (bytes: number) => {
    const start = at;
    at += Math.ceil(bytes / 64) * 64;
    return start;
  };
  const G = region(XI * SCALAR_BYTES);
  const P0 = region(PADS_BYTES);
  const P1 = region(PADS_BYTES);
  const TAU = region(PADS_BYTES);
  const R = region(R_BYTES);
  const IN = region(PARAMS * SCALAR_BYTES);
  const OUT = region(L * SCALAR_BYTES);
  const CHOICES = region(XI / 8);
  const pages = Math.ceil(at / 65536) - x.memory.buffer.byteLength / 65536;
  if (pages > 0) x.memory.grow(pages);
  // The memory never grows again, so these views stay valid.
  const mem = new Uint8Array(x.memory.buffer);
  const memView = new DataView(x.memory.buffer);

  const g = gadget();
  // g in limbs once, converted from its big-endian encoding in P0 (not in place).
  for (let j = 0; j < XI; j++) writeScalar(memView, P0 + j * SCALAR_BYTES, g[j]!);
  x.loadScalars(G, P0, XI);

  const params = (values: bigint[]) => {
    for (let k = 0; k < PARAMS; k++) writeScalar(memView, IN + k * SCALAR_BYTES, values[k] ?? 0n);
  };
  const outputs = () => [readUint256(memView, OUT), readUint256(memView, OUT + SCALAR_BYTES)];
  // Everything but g: pads, z, Bob's β and b, and the module's scratch.
  const wipe = () => {
    mem.fill(0, P0, at);
    x.clearScratch();
  };

  return {
    backend: 'wasm',
    aliceTau(v0, v1, alpha) {
      checkLength('v^0', v0, PADS_BYTES);
      checkLength('v^1', v1, PADS_BYTES);
      mem.set(v0, P0);
      mem.set(v1, P1);
      params(alpha);
      x.aliceTau(TAU, P0, P1, IN, XI);
      const tau = mem.slice(TAU, TAU + PADS_BYTES);
      wipe();
      return tau;
    },
    aliceCheck(v0, tilde, hat) {
      checkLength('v^0', v0, PADS_BYTES);
      mem.set(v0, P0);
      x.reducePads(P0, XI * OT_WIDTH);
      params([...tilde, ...hat]);
      x.checkAndOutput(R, OUT, P0, G, IN, CHOICES, 0, XI);
      const result = { r: mem.slice(R, R + R_BYTES), c: outputs() };
      wipe();
      return result;
    },
    bobCheck(h, tau, choices, { tilde, hat, u, gamma, b }: BobCheckInputs) {
      checkLength('h', h, PADS_BYTES);
      checkLength('τ', tau, PADS_BYTES);
      checkLength('β', choices, XI / 8);
      mem.set(h, P0);
      mem.set(tau, TAU);
      mem.set(choices, CHOICES);
      x.reducePads(P0, XI * OT_WIDTH);
      x.bobZ(P0, TAU, CHOICES, XI);
      params([...tilde, ...hat, ...u, ...gamma, b]);
      x.checkAndOutput(R, OUT, P0, G, IN, CHOICES, 1, XI);
      const result = { r: mem.slice(R, R + R_BYTES), d: outputs() };
      wipe();
      return result;
    },
    tauOutOfRange(tau) {
      checkLength('τ', tau, PADS_BYTES);
      mem.set(tau, TAU);
      return x.firstOutOfRange(TAU, XI * OT_WIDTH);
    },
  };
}

let wasm: RvoleArithmetic | undefined;

/**
 * Compiled asynchronously when this module is imported (as sha256.ts's hash-wasm); until it is in place,
 * or where WebAssembly is unavailable, the BigInt reference computes the same values.
 */
export const rvoleReady: Promise<RvoleBackend> = instantiateRvoleWasm().then(
  (w) => {
    wasm = w;
    return 'wasm';
  },
  () => 'bigint',
);

/** The implementation in use now. */
export function rvoleArithmetic(): RvoleArithmetic {
  return wasm ?? bigintArithmetic;
}
