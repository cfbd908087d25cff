/**
 * The protocol's own WebAssembly module (AssemblyScript): the RVOLE's arithmetic mod q (rvole.ts), the
 * KOS check's GF(2^256) sums (gf256.ts), the OT row hash (rowHash.ts) and the OT extension's columns
 * (otColumns.ts). `npm run build:wasm` compiles it into lib/protocol/wasm.bytes.ts; wasm.test.ts checks
 * the committed build matches this source; wasm.ts loads it.
 */
export * from './rvole';
export * from './gf256';
export * from './rowHash';
export * from './otColumns';

/** Where the caller's buffers may start: after the module's constants and scratch. */
export function heapBase(): usize {
  return __heap_base;
}
