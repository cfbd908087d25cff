import { hexToBytes } from '@noble/hashes/utils.js';
import { PROTOCOL_WASM_HEX } from './wasm.bytes';

/**
 * The protocol's own WebAssembly module (lib/protocol/assembly/, built by `npm run build:wasm`): its
 * exports and its memory, in which each user (rvoleWasm.ts, gf256Wasm.ts, rowHashWasm.ts,
 * otColumnsWasm.ts) takes fixed regions once.
 * The memory is grown to its final size before any view of it is made, and never again, so views stay
 * valid. The protocol is synchronous and every use runs from copying its inputs in to copying its
 * results out without yielding, so uses never interleave.
 */
export interface ProtocolWasmExports {
  memory: WebAssembly.Memory;
  heapBase(): number;
  // The RVOLE (assembly/rvole.ts)
  rvoleClearScratch(): void;
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
  // The KOS check (assembly/gf256.ts)
  gfTables(tables: number, chi: number, nibbles: number): void;
  gfCombineRows(out: number, tables: number, matrix: number, columns: number, nibbles: number): void;
  gfSumSelected(out: number, tables: number, column: number, nibbles: number): void;
  gfClearScratch(): void;
  // The OT row hash (assembly/rowHash.ts)
  rowHashes(pads: number, runKey: number, rows: number, mask: number, count: number): void;
  rowHashClearScratch(): void;
  // The OT extension's columns (assembly/otColumns.ts)
  otReceiveColumns(
    t: number,
    u: number,
    seeds0: number,
    seeds1: number,
    x: number,
    nonce: number,
    kappa: number,
    colBytes: number,
  ): void;
  otSendColumns(
    q: number,
    seeds: number,
    delta: number,
    u: number,
    nonce: number,
    kappa: number,
    colBytes: number,
  ): void;
  otColumnsClearScratch(): void;
}

export interface ProtocolWasm {
  x: ProtocolWasmExports;
  mem: Uint8Array;
  view: DataView;
  /** A 64-byte aligned region of `bytes` bytes, for the caller alone. */
  region(bytes: number): number;
}

/**
 * Enough for the RVOLE's vectors (~200 KiB), the KOS check's tables and matrix (~190 KiB), the row hash
 * (~80 KiB) and the OT extension's columns (~80 KiB).
 */
const PAGES = 10;

/** A fresh instance (the protocol uses the one below; tests make their own). */
export async function instantiateProtocolWasm(): Promise<ProtocolWasm> {
  const { instance } = await WebAssembly.instantiate(hexToBytes(PROTOCOL_WASM_HEX));
  const x = instance.exports as unknown as ProtocolWasmExports;
  const missing = PAGES - x.memory.buffer.byteLength / 65536;
  if (missing > 0) x.memory.grow(missing);
  let at = Math.ceil(x.heapBase() / 64) * 64;
  return {
    x,
    mem: new Uint8Array(x.memory.buffer),
    view: new DataView(x.memory.buffer),
    region(bytes) {
      const start = at;
      at += Math.ceil(bytes / 64) * 64;
      if (at > PAGES * 65536) throw new RangeError('the protocol WebAssembly memory is too small');
      return start;
    },
  };
}

let instance: ProtocolWasm | undefined;

/**
 * Compiled asynchronously when this module is imported (as sha256.ts's hash-wasm). Until it is in place,
 * or where WebAssembly (with SIMD) is unavailable, JavaScript computes the same values: rvoleWasm.ts,
 * gf256Wasm.ts and otExtension.ts fall back to the reference implementations.
 */
export const wasmReady: Promise<'wasm' | 'javascript'> = instantiateProtocolWasm().then(
  (w) => {
    instance = w;
    return 'wasm';
  },
  () => 'javascript',
);

/** The protocol's instance, once compiled. */
export function protocolWasm(): ProtocolWasm | undefined {
  return instance;
}
