import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToHex, concatHex, hexToBytes, numberToHex, type Address, type Hex } from 'viem';
import { publicKeyToAddress } from 'viem/accounts';
import { SignatureMismatch } from './errors';

/** Splits a 65-byte r‖s‖v signature; v may be 0/1 or 27/28 (signers differ), recovery is 0/1. */
export function splitSignature(signature: Uint8Array): { r: Hex; s: Hex; recovery: 0 | 1 } {
  if (signature.length !== 65) {
    throw new SignatureMismatch(`A signature must be 65 bytes, got ${signature.length}`);
  }
  const v = signature[64]!;
  const recovery = v >= 27 ? v - 27 : v;
  if (recovery !== 0 && recovery !== 1) {
    throw new SignatureMismatch(`Invalid recovery byte ${v}`);
  }
  return { r: bytesToHex(signature.subarray(0, 32)), s: bytesToHex(signature.subarray(32, 64)), recovery };
}

/** The `personal_sign` / `eth_signTypedData_v4` / `eth_sign` result: 0x r‖s‖v with v = 27 or 28. */
export function messageSignatureHex(signature: Uint8Array): Hex {
  const { r, s, recovery } = splitSignature(signature);
  return concatHex([r, s, numberToHex(27 + recovery, { size: 1 })]);
}

/**
 * The address `signature` recovers to over `sigHash`. Synchronous on noble: viem's `recoverAddress` loads
 * secp256k1 with a dynamic import, which a service worker may not do.
 */
export function recoverSigner(sigHash: Hex, signature: Uint8Array): Address {
  const { recovery } = splitSignature(signature);
  try {
    const point = secp256k1.Signature.fromBytes(signature.subarray(0, 64), 'compact')
      .addRecoveryBit(recovery)
      .recoverPublicKey(hexToBytes(sigHash));
    return publicKeyToAddress(bytesToHex(point.toBytes(false)));
  } catch (cause) {
    throw new SignatureMismatch('The signature does not recover to any key', { details: { sigHash }, cause });
  }
}

/** Refuses a signature that does not recover to `expected` over `sigHash`: better than handing it out. */
export async function assertSignedBy(sigHash: Hex, signature: Uint8Array, expected: Address): Promise<void> {
  const recovered = recoverSigner(sigHash, signature);
  if (recovered.toLowerCase() !== expected.toLowerCase()) {
    throw new SignatureMismatch('The signature does not match the account’s registered key', {
      details: { expected, recovered, sigHash },
    });
  }
}
