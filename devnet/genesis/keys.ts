/**
 * Deterministic devnet keys. Every validator is known by a name (`validator-<group>-<index>` by
 * default); its stash and TSS accounts are sr25519 keys derived from Substrate's public development
 * phrase with hard junctions (`//<name>//stash`, `//<name>//tss`), and its X25519 key from a hash of
 * the name. All of it is public: these keys are for the devnet only.
 */
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import { stringToU8a } from '@polkadot/util';
import { blake2AsU8a, cryptoWaitReady } from '@polkadot/util-crypto';
import { x25519 } from '@noble/curves/ed25519.js';

export const DEV_ACCOUNT_NAMES = ['Alice', 'Bob', 'Charlie', 'Dave', 'Eve', 'Ferdie'] as const;
export const SS58_PREFIX = 42;

export interface ValidatorKeys {
  name: string;
  /** The validator's stash account (sr25519), `//<name>//stash`. */
  stash: KeyringPair;
  /** The key the validator's TSS server signs extrinsics and envelopes with (sr25519), `//<name>//tss`. */
  tss: KeyringPair;
  /** X25519 key for envelope encryption: secret = blake2-256("entropy-devnet/x25519/<name>"). */
  x25519: { secretKey: Uint8Array; publicKey: Uint8Array };
  stashUri: string;
  tssUri: string;
}

function keyring(): Keyring {
  return new Keyring({ type: 'sr25519', ss58Format: SS58_PREFIX });
}

/** Stable validator name for member `index` of signing group `group`. */
export function validatorName(group: number, index: number): string {
  return `validator-${group}-${index}`;
}

/** Derives a validator's keys from its name (awaits the crypto WASM once). */
export async function deriveValidatorKeys(name: string): Promise<ValidatorKeys> {
  await cryptoWaitReady();
  const ring = keyring();
  const stashUri = `//${name}//stash`;
  const tssUri = `//${name}//tss`;
  const secretKey = blake2AsU8a(stringToU8a(`entropy-devnet/x25519/${name}`), 256);
  return {
    name,
    stash: ring.addFromUri(stashUri),
    tss: ring.addFromUri(tssUri),
    x25519: { secretKey, publicKey: x25519.getPublicKey(secretKey) },
    stashUri,
    tssUri,
  };
}

/** `//Alice` … `//Ferdie` as sr25519 pairs. */
export async function devAccounts(): Promise<KeyringPair[]> {
  await cryptoWaitReady();
  const ring = keyring();
  return DEV_ACCOUNT_NAMES.map((n) => ring.addFromUri(`//${n}`, { name: n }));
}
