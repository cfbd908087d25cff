import { protocolWasm } from './wasm';
import type { ProtocolWasm } from './wasm';

/**
 * The OT row hash of many rows in one WebAssembly call (lib/protocol/assembly/rowHash.ts; replaces a
 * hash-wasm SHA-256 call and a JavaScript ChaCha20 expansion per row): the pads of `count` rows of 32
 * bytes, each XORed with `mask` if given, under a 16-byte run key. Up to 512 rows a call. The rows, mask
 * and pads in the module's memory and its scratch are zeroed after each call.
 */
export type RowHashes = (
  runKey: Uint8Array,
  rows: Uint8Array,
  count: number,
  mask?: Uint8Array,
) => Uint8Array;

const MAX_ROWS = 512;
const ROW = 32;
const PAD = 128;

export function rowHashesWasm({ x, mem, region }: ProtocolWasm): RowHashes {
  const PADS = region(MAX_ROWS * PAD);
  const ROWS = region(MAX_ROWS * ROW);
  const KEY = region(16);
  const MASK = region(ROW);
  const END = MASK + ROW;
  return (runKey, rows, count, mask) => {
    if (count > MAX_ROWS || rows.length < count * ROW)
      throw new RangeError(`up to ${MAX_ROWS} rows of ${ROW} bytes`);
    if (runKey.length !== 16 || (mask && mask.length !== ROW))
      throw new RangeError('a 16-byte key, a 32-byte mask');
    mem.set(rows.subarray(0, count * ROW), ROWS);
    mem.set(runKey, KEY);
    if (mask) mem.set(mask, MASK);
    else mem.fill(0, MASK, END);
    x.rowHashes(PADS, KEY, ROWS, MASK, count);
    const pads = mem.slice(PADS, PADS + count * PAD);
    mem.fill(0, PADS, END);
    x.rowHashClearScratch();
    return pads;
  };
}

let wasm: RowHashes | undefined;

/** The WebAssembly row hash once compiled (wasm.ts); undefined until then (otExtension.ts hashes in JavaScript). */
export function rowHashesNow(): RowHashes | undefined {
  if (wasm) return wasm;
  const instance = protocolWasm();
  if (instance) wasm = rowHashesWasm(instance);
  return wasm;
}
