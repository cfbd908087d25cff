import { sha256 } from '../protocol';
import { noblePrimitives, type WirePrimitives } from '../wire';

/**
 * The worker's frame and envelope cryptography: noble's, with SHA-256 (each frame's signature covers
 * the hash of its payload, up to ~76 KB in a signing run) in hash-wasm's WebAssembly, which the protocol
 * loads anyway: about 0.5 ms per 76 KB instead of noble's 2 ms (Node, load ~7). Noble hashes until the
 * module is loaded. The same digests either way, so the same bytes on the wire.
 */
export const workerWirePrimitives: WirePrimitives = {
  ...noblePrimitives,
  name: 'noble, hash-wasm SHA-256',
  sha256: (data) => sha256(data),
};
