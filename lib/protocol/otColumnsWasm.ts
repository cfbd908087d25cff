import { protocolWasm } from './wasm';
import type { ProtocolWasm } from './wasm';

/**
 * The OT extension's column PRG and XORs in WebAssembly (lib/protocol/assembly/otColumns.ts; replaces
 * otExtension.ts's JavaScript loops and ChaCha20, which stay the reference): κ columns of `colBytes`
 * (≤ 128) bytes, κ ≤ 256. Seeds, columns and Δ in the module's memory and its scratch are zeroed after
 * each call.
 */
export interface OtColumns {
  receive(
    seeds0: Uint8Array,
    seeds1: Uint8Array,
    x: Uint8Array,
    nonce: Uint8Array,
    kappa: number,
  ): { t: Uint8Array; u: Uint8Array };
  send(seeds: Uint8Array, delta: Uint8Array, u: Uint8Array, nonce: Uint8Array, kappa: number): Uint8Array;
}

const MAX_KAPPA = 256;
const MAX_COL = 128;
const SEED = 32;

export function otColumnsWasm({ x: w, mem, region }: ProtocolWasm): OtColumns {
  const T = region(MAX_KAPPA * MAX_COL);
  const U = region(MAX_KAPPA * MAX_COL);
  const S0 = region(MAX_KAPPA * SEED);
  const S1 = region(MAX_KAPPA * SEED);
  const X = region(MAX_COL);
  const NONCE = region(12);
  const END = NONCE + 12;
  const check = (kappa: number, colBytes: number, seeds: Uint8Array[], nonce: Uint8Array) => {
    if (kappa > MAX_KAPPA || kappa % 8 !== 0 || colBytes > MAX_COL || nonce.length !== 12)
      throw new RangeError(`up to ${MAX_KAPPA} columns of up to ${MAX_COL} bytes, a 12-byte nonce`);
    if (seeds.some((s) => s.length !== kappa * SEED)) throw new RangeError('one 32-byte seed per column');
  };
  const done = () => {
    mem.fill(0, T, END);
    w.otColumnsClearScratch();
  };
  return {
    receive(seeds0, seeds1, x, nonce, kappa) {
      const colBytes = x.length;
      check(kappa, colBytes, [seeds0, seeds1], nonce);
      mem.set(seeds0, S0);
      mem.set(seeds1, S1);
      mem.set(x, X);
      mem.set(nonce, NONCE);
      w.otReceiveColumns(T, U, S0, S1, X, NONCE, kappa, colBytes);
      const out = { t: mem.slice(T, T + kappa * colBytes), u: mem.slice(U, U + kappa * colBytes) };
      done();
      return out;
    },
    send(seeds, delta, u, nonce, kappa) {
      const colBytes = u.length / kappa;
      check(kappa, colBytes, [seeds], nonce);
      if (!Number.isInteger(colBytes) || delta.length !== kappa / 8)
        throw new RangeError('u is κ columns, Δ κ bits');
      mem.set(seeds, S0);
      mem.set(delta, X);
      mem.set(u, U);
      mem.set(nonce, NONCE);
      w.otSendColumns(T, S0, X, U, NONCE, kappa, colBytes);
      const q = mem.slice(T, T + kappa * colBytes);
      done();
      return q;
    },
  };
}

let wasm: OtColumns | undefined;

/** The WebAssembly columns once compiled (wasm.ts); undefined until then (otExtension.ts uses JavaScript). */
export function otColumnsNow(): OtColumns | undefined {
  if (wasm) return wasm;
  const instance = protocolWasm();
  if (instance) wasm = otColumnsWasm(instance);
  return wasm;
}
