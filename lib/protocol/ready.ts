import { sha256Ready } from './sha256';
import type { Sha256Backend } from './sha256';
import { wasmReady } from './wasm';

export interface ProtocolBackends {
  sha256: Sha256Backend;
  /** Our module (lib/protocol/assembly/): the RVOLE's arithmetic mod q, the KOS check's sums, the row hash. */
  arithmetic: 'wasm' | 'javascript';
}

/**
 * Resolves once the protocol's WebAssembly (hash-wasm's SHA-256, our own module) is in place, saying
 * which implementation each uses; until then JavaScript computes the same values, slower.
 */
export const protocolReady: Promise<ProtocolBackends> = Promise.all([sha256Ready, wasmReady]).then(
  ([sha256, arithmetic]) => ({ sha256, arithmetic }),
);
