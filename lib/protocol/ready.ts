import { rvoleReady } from './rvoleWasm';
import type { RvoleBackend } from './rvoleArithmetic';
import { sha256Ready } from './sha256';
import type { Sha256Backend } from './sha256';

export interface ProtocolBackends {
  sha256: Sha256Backend;
  rvole: RvoleBackend;
}

/**
 * Resolves once the protocol's WebAssembly (SHA-256, the RVOLE arithmetic) is in place, saying which
 * implementation each uses; until then JavaScript computes the same values, slower.
 */
export const protocolReady: Promise<ProtocolBackends> = Promise.all([sha256Ready, rvoleReady]).then(
  ([sha256, rvole]) => ({ sha256, rvole }),
);
