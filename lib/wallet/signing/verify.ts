import { secp256k1 } from '@noble/curves/secp256k1.js';
import { equalBytes } from '@noble/curves/utils.js';

/**
 * True when `signature` (65 bytes r‖s‖v, v = recovery id 0/1, low s) is a valid ECDSA signature over the
 * 32-byte `hash` by `verifyingKey` (33 bytes compressed) and its recovery id recovers that same key — what
 * Ethereum's ecrecover relies on.
 */
export function verifyThresholdSignature(
  signature: Uint8Array,
  hash: Uint8Array,
  verifyingKey: Uint8Array,
): boolean {
  if (signature.length !== 65 || hash.length !== 32) return false;
  const recovery = signature[64]!;
  if (recovery > 1) return false;
  try {
    const compact = signature.subarray(0, 64);
    if (!secp256k1.verify(compact, hash, verifyingKey, { prehash: false, lowS: true })) return false;
    const recovered = secp256k1.Signature.fromBytes(compact, 'compact')
      .addRecoveryBit(recovery)
      .recoverPublicKey(hash);
    return equalBytes(recovered.toBytes(true), verifyingKey);
  } catch {
    return false;
  }
}
