import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { pointFromBytes } from './curve';
import { ProtocolError } from './errors';

/** The EIP-55 checksummed Ethereum address of a 33-byte compressed secp256k1 verifying key. */
export function ethereumAddress(verifyingKey: Uint8Array): `0x${string}` {
  const point = verifyingKey instanceof Uint8Array ? pointFromBytes(verifyingKey) : undefined;
  if (!point)
    throw new ProtocolError('Verifying key must be a 33-byte compressed secp256k1 point', {
      code: 'BAD_INPUT',
    });
  const uncompressed = point.toBytes(false).subarray(1);
  const hex = bytesToHex(keccak_256(uncompressed).subarray(12));
  const checksum = bytesToHex(keccak_256(new TextEncoder().encode(hex)));
  let out = '';
  for (let i = 0; i < hex.length; i++) {
    const c = hex[i]!;
    out += parseInt(checksum[i]!, 16) >= 8 ? c.toUpperCase() : c;
  }
  return `0x${out}`;
}
