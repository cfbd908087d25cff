import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
import { createSHA256 } from 'hash-wasm';
import type { IHasher } from 'hash-wasm';

/**
 * SHA-256 for the protocol's hashing (`hash.ts`, the OT row hash): hash-wasm's WebAssembly build
 * (replaces noble's JavaScript SHA-256, 2–3× slower both on the ~600 KB that signing hashes per party
 * and on the row hashes' one-block inputs). Its module is embedded as base64 and compiled
 * asynchronously, so it starts loading when this module is imported and `sha256Ready` says when it is
 * in place; until then (or where WebAssembly is unavailable) noble computes the same digests. Callers
 * that want the fast path from the first run await `sha256Ready` once at start-up.
 *
 * One WebAssembly instance serves every hash: each use below runs from start to digest without
 * yielding (the protocol is synchronous), so two hashes never interleave in it.
 */
let wasm: IHasher | undefined;

export type Sha256Backend = 'wasm' | 'noble';

export const sha256Ready: Promise<Sha256Backend> = createSHA256().then(
  (h) => {
    wasm = h;
    return 'wasm';
  },
  () => 'noble',
);

/** Which implementation hashes now. */
export function sha256Backend(): Sha256Backend {
  return wasm ? 'wasm' : 'noble';
}

/** SHA-256 of the concatenation of `parts`. */
export function sha256(...parts: Uint8Array[]): Uint8Array {
  if (wasm) {
    wasm.init();
    for (const p of parts) wasm.update(p);
    return wasm.digest('binary');
  }
  const h = nobleSha256.create();
  for (const p of parts) h.update(p);
  return h.digest();
}
