import { SCALAR_BYTES, readUint256, writeScalar } from './curve';
import { OT_WIDTH, XI } from './otExtension';
import { L, PADS_BYTES, R_BYTES, bigintArithmetic, checkLength, gadget } from './rvoleArithmetic';
import type { BobCheckInputs, RvoleArithmetic } from './rvoleArithmetic';
import { protocolWasm } from './wasm';
import type { ProtocolWasm } from './wasm';

/**
 * The RVOLE's vector arithmetic in WebAssembly (replaces `bigintArithmetic`'s BigInt loops: ~10 BigInt
 * allocations per 32-byte read, a 512-bit `%` per check entry); lib/protocol/assembly/rvole.ts has the
 * arithmetic and its constant-time properties. A call copies its vectors into the module's memory, runs
 * one export over the whole vector and copies the results out; the pads, z vectors, Bob's β and b and
 * the scratch are zeroed before it returns.
 */
const PARAMS = 9; // χ̃_1, χ̃_2, χ̂_1, χ̂_2, u_1, u_2, γ_1, γ_2, b

export function rvoleWasm({ x, mem, view: memView, region }: ProtocolWasm): RvoleArithmetic {
  const G = region(XI * SCALAR_BYTES);
  const P0 = region(PADS_BYTES);
  const P1 = region(PADS_BYTES);
  const TAU = region(PADS_BYTES);
  const R = region(R_BYTES);
  const IN = region(PARAMS * SCALAR_BYTES);
  const OUT = region(L * SCALAR_BYTES);
  const CHOICES = region(XI / 8);
  const END = CHOICES + XI / 8;

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
    mem.fill(0, P0, END);
    x.rvoleClearScratch();
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

/** The implementation in use now: the WebAssembly once compiled (wasm.ts), the BigInt reference until then. */
export function rvoleArithmetic(): RvoleArithmetic {
  if (wasm) return wasm;
  const instance = protocolWasm();
  if (instance) wasm = rvoleWasm(instance);
  return wasm ?? bigintArithmetic;
}
