import { DEV_PHRASE } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import type { IKeyringPair } from '@polkadot/types/types';
import { u8aConcat, u8aEq } from '@polkadot/util';
import {
  keyExtractSuri,
  keyFromPath,
  mnemonicToMiniSecret,
  sr25519PairFromSeed,
} from '@polkadot/util-crypto';
import { sr25519Signer, type Sr25519Signer } from '../../lib/wire';

/**
 * A frame signer for a development key URI (`//name//tss`), derived as `Keyring.addFromUri` derives it
 * but keeping the raw keypair, so it signs with schnorrkel's WebAssembly build (`sr25519Signer`) rather
 * than a keyring pair's JavaScript one: a server signs several frames per session. Checked against the
 * public key the keyring derived.
 */
export function devUriSigner(uri: string, publicKey: Uint8Array): Sr25519Signer {
  if (!uri.startsWith('//')) throw new Error(`not a development key URI: ${uri}`);
  const { password, path, phrase } = keyExtractSuri(`${DEV_PHRASE}${uri}`);
  const keypair = keyFromPath(sr25519PairFromSeed(mnemonicToMiniSecret(phrase, password)), path, 'sr25519');
  if (keypair.publicKey.length !== publicKey.length || keypair.publicKey.some((b, i) => b !== publicKey[i])) {
    throw new Error(`the key derived from ${uri} is not the keyring's`);
  }
  return sr25519Signer(keypair);
}

/** The sr25519 type byte a `MultiSignature` starts with (`@polkadot/keyring` adds it for `withType`). */
const SR25519_SIGNATURE_TYPE = 1;

/**
 * Our TSS account as `@polkadot/api` signs extrinsics with it, signing through `signer` (schnorrkel's
 * WebAssembly build, see `devUriSigner`) instead of the keyring pair's JavaScript sr25519: a server
 * signs a `relayer.confirmDone` per signature, which cost more CPU than signing all its frames.
 */
export function extrinsicSigner(pair: KeyringPair, signer: Sr25519Signer): IKeyringPair {
  if (pair.type !== 'sr25519' || !u8aEq(pair.publicKey, signer.publicKey)) {
    throw new Error(`the frame signer is not ${pair.address}'s sr25519 key`);
  }
  return {
    address: pair.address,
    addressRaw: pair.addressRaw,
    publicKey: pair.publicKey,
    sign: (data, options) => {
      const signature = signer.sign(data);
      return options?.withType ? u8aConcat([SR25519_SIGNATURE_TYPE], signature) : signature;
    },
  };
}
