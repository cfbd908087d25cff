import { x25519 } from '@noble/curves/ed25519.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import { hexToU8a, isHex, u8aToHex } from '@polkadot/util';
import {
  decodeAddress,
  encodeAddress,
  mnemonicToMiniSecret,
  mnemonicValidate,
  sr25519PairFromSeed,
} from '@polkadot/util-crypto';
import { getAddress, publicKeyToAddress } from 'viem/utils';
import { sr25519Signer, type Sr25519Signer } from '../../wire';
import { InvalidAccountData, InvalidMnemonic } from './errors';
import type { AccountRegistration } from './types';

export const SS58_PREFIX = 42;
const MAX_NAME_LENGTH = 64;

/** Lower-case words separated by single spaces: the form BIP-39 hashes. */
export function normaliseMnemonic(mnemonic: string): string {
  return mnemonic.normalize('NFKD').trim().toLowerCase().split(/\s+/).join(' ');
}

/** The normalised mnemonic, or `InvalidMnemonic`. */
export function checkMnemonic(mnemonic: unknown): string {
  if (typeof mnemonic !== 'string' || mnemonic.length > 1024) throw new InvalidMnemonic();
  const phrase = normaliseMnemonic(mnemonic);
  if (!mnemonicValidate(phrase)) throw new InvalidMnemonic();
  return phrase;
}

export function checkName(name: unknown): string {
  const trimmed = typeof name === 'string' ? name.trim() : '';
  if (trimmed.length === 0 || trimmed.length > MAX_NAME_LENGTH) {
    throw new InvalidAccountData(`An account name must have 1 to ${MAX_NAME_LENGTH} characters`, {
      details: { field: 'name' },
    });
  }
  return trimmed;
}

/** The sr25519 pair of a (checked) mnemonic, as polkadot.js wallets derive it (no derivation path). */
export function pairFromMnemonic(mnemonic: string, name?: string): KeyringPair {
  return new Keyring({ type: 'sr25519', ss58Format: SS58_PREFIX }).addFromMnemonic(
    mnemonic,
    name === undefined ? {} : { name },
    'sr25519',
  );
}

/**
 * The account's sr25519 key twice over, from one derivation of the mnemonic (its PBKDF2, 2048 rounds of
 * SHA-512, runs once instead of twice before a signing request is submitted): the keyring pair
 * `pairFromMnemonic` gives (it signs the chain's extrinsics), and the signer of protocol frames and
 * envelopes, in schnorrkel's WebAssembly once `cryptoWaitReady()` loaded it, where the keyring pair signs
 * in JavaScript (about 20 times slower, and a signing run seals a frame per round and recipient).
 */
export function signingKeysFromMnemonic(
  mnemonic: string,
  name?: string,
): { pair: KeyringPair; signer: Sr25519Signer } {
  const keypair = sr25519PairFromSeed(mnemonicToMiniSecret(mnemonic));
  const pair = new Keyring({ type: 'sr25519', ss58Format: SS58_PREFIX }).addFromPair(
    keypair,
    name === undefined ? {} : { name },
    'sr25519',
  );
  return { pair, signer: sr25519Signer(keypair) };
}

/**
 * The account's X25519 secret key for TSS envelopes, derived from the mnemonic's mini-secret so that a
 * mnemonic-only restore gets the same key back. The label keeps it independent of the sr25519 key.
 */
export function x25519SecretFromMnemonic(mnemonic: string): Uint8Array {
  return hkdf(
    sha256,
    mnemonicToMiniSecret(mnemonic),
    new TextEncoder().encode('entropy-wallet/x25519'),
    new TextEncoder().encode('v1'),
    32,
  );
}

export function x25519PublicFromSecret(secretKey: Uint8Array): Uint8Array {
  return x25519.getPublicKey(secretKey);
}

/** Canonical SS58 (prefix 42) form of an address, or undefined when it is not one. */
export function canonicalAddress(address: unknown): string | undefined {
  if (typeof address !== 'string' || address.length > 64) return undefined;
  try {
    return encodeAddress(decodeAddress(address), SS58_PREFIX);
  } catch {
    return undefined;
  }
}

/** EIP-55 Ethereum address of a 33-byte compressed secp256k1 verifying key. */
export function ethAddressOf(verifyingKey: `0x${string}`): `0x${string}` {
  const uncompressed = secp256k1.Point.fromBytes(hexToU8a(verifyingKey)).toBytes(false);
  return getAddress(publicKeyToAddress(u8aToHex(uncompressed)));
}

/** Checks a registration record; the Ethereum address must be the verifying key's. */
export function checkRegistration(value: unknown): AccountRegistration {
  const invalid = (field: string, message: string) => new InvalidAccountData(message, { details: { field } });
  if (typeof value !== 'object' || value === null) throw invalid('registration', 'Missing registration');
  const { verifyingKey, ethAddress, constraintAccount, keyRecovery } = value as Record<string, unknown>;
  if (typeof verifyingKey !== 'string' || !isHex(verifyingKey, 33 * 8)) {
    throw invalid('verifyingKey', 'The verifying key must be 33 bytes of hex');
  }
  let expected: `0x${string}`;
  try {
    expected = ethAddressOf(verifyingKey as `0x${string}`);
  } catch {
    throw invalid('verifyingKey', 'The verifying key is not a secp256k1 point');
  }
  if (typeof ethAddress !== 'string' || ethAddress.toLowerCase() !== expected.toLowerCase()) {
    throw invalid('ethAddress', 'The Ethereum address does not belong to the verifying key');
  }
  const constraint = canonicalAddress(constraintAccount);
  if (!constraint) throw invalid('constraintAccount', 'The constraint account is not an SS58 address');
  if (keyRecovery !== undefined && keyRecovery !== 'phrase')
    throw invalid('keyRecovery', 'Unknown key recovery method');
  return {
    verifyingKey: verifyingKey.toLowerCase() as `0x${string}`,
    ethAddress: expected,
    constraintAccount: constraint,
    ...(keyRecovery === 'phrase' ? { keyRecovery } : {}),
  };
}
