import { mapHashToField, getMinHashLength } from '@noble/curves/abstract/modular.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToNumberBE } from '@noble/curves/utils.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { mnemonicToMiniSecret } from '@polkadot/util-crypto';
import { InvalidAccountData } from '../accounts/errors';

/**
 * The user's DKG secret share, derived from the recovery phrase so the phrase restores it on any device
 * (docs/protocol.md, "The user's share and the recovery phrase").
 *
 *   x = HKDF-SHA512(ikm = seed, salt = DOMAIN, info = account ‖ genesis hash ‖ registration block) → 48 bytes,
 *       mapped into [1, q−1] (FIPS 186-5 A.4.1: bias below 2^-128)
 *
 * The seed is the phrase's mini-secret (the one the sr25519 account and the X25519 key come from, each
 * under its own label). Every field of `info` has a fixed length, so no two inputs share an encoding.
 */
export const SHARE_DOMAIN = 'entropy-wallet/dkg-user-share/v1';

export interface ShareContext {
  /** The account's sr25519 public key (32 bytes). */
  account: Uint8Array;
  /** Genesis hash of the chain it is registered on (32 bytes). */
  genesisHash: Uint8Array;
  /** The registration's identity on chain: the block of its `relayer.register` (recorded with it). */
  registrationBlock: number;
}

function checkContext(context: ShareContext): void {
  const bad = (field: string, message: string) => new InvalidAccountData(message, { details: { field } });
  if (!(context.account instanceof Uint8Array) || context.account.length !== 32)
    throw bad('account', 'The account must be a 32-byte public key');
  if (!(context.genesisHash instanceof Uint8Array) || context.genesisHash.length !== 32)
    throw bad('genesisHash', 'The genesis hash must be 32 bytes');
  const block = context.registrationBlock;
  if (!Number.isInteger(block) || block < 0 || block > 0xffff_ffff)
    throw bad('registrationBlock', 'The registration block must be a u32');
}

/** The share from the phrase's seed (32-byte mini-secret) and the registration it is for. */
export function deriveUserShareFromSeed(seed: Uint8Array, context: ShareContext): bigint {
  if (!(seed instanceof Uint8Array) || seed.length !== 32)
    throw new InvalidAccountData('The seed must be 32 bytes', { details: { field: 'seed' } });
  checkContext(context);
  const info = new Uint8Array(32 + 32 + 4);
  info.set(context.account, 0);
  info.set(context.genesisHash, 32);
  new DataView(info.buffer).setUint32(64, context.registrationBlock);
  const q = secp256k1.Point.Fn.ORDER;
  const okm = hkdf(sha512, seed, new TextEncoder().encode(SHARE_DOMAIN), info, getMinHashLength(q));
  return bytesToNumberBE(mapHashToField(okm, q));
}

/** The share from a (checked, normalised) recovery phrase. */
export function deriveUserShare(mnemonic: string, context: ShareContext): bigint {
  return deriveUserShareFromSeed(mnemonicToMiniSecret(mnemonic), context);
}
