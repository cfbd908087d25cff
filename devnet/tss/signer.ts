import { DEV_PHRASE } from '@polkadot/keyring';
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
