import type { KeyringPair } from '@polkadot/keyring/types';
import { TypeRegistry } from '@polkadot/types';
import { hexToU8a, isHex, u8aToHex, u8aWrapBytes } from '@polkadot/util';
import { decodeAddress, encodeAddress } from '@polkadot/util-crypto';
import type { Hex } from 'viem';
import { InvalidParams } from '../ethereum/errors';
import { parseMessage } from '../ethereum/message';
import { MAX_DATA_BYTES, parseObject } from '../ethereum/params';
import type { SubstratePayloadJson } from './types';

const HEX_FIELDS = [
  'blockHash',
  'blockNumber',
  'era',
  'genesisHash',
  'method',
  'nonce',
  'specVersion',
  'tip',
  'transactionVersion',
] as const;
const OPTIONAL_HEX_FIELDS = ['assetId', 'metadataHash'] as const;
const MAX_EXTENSIONS = 32;

function hexField(value: unknown, param: string, maxBytes = MAX_DATA_BYTES): Hex {
  if (typeof value !== 'string' || !isHex(value) || (value.length - 2) / 2 > maxBytes) {
    throw new InvalidParams(`"${param}" must be hex`, { details: { param } });
  }
  return value.toLowerCase() as Hex;
}

/** The SS58 address in its generic (prefix 42) form, as accounts are stored. */
export function parseSubstrateAddress(value: unknown, param = 'address'): string {
  try {
    if (typeof value !== 'string' || value.length > 64) throw new Error('not a string');
    return encodeAddress(decodeAddress(value), 42);
  } catch {
    throw new InvalidParams(`"${param}" must be an SS58 address`, { details: { param } });
  }
}

/** Validates a polkadot-js `SignerPayloadJSON`; unknown fields are dropped, never signed blindly. */
export function parseSubstratePayload(raw: unknown): SubstratePayloadJson {
  const payload = parseObject(raw, 'payload');
  const out: Record<string, unknown> = { address: parseSubstrateAddress(payload.address) };
  for (const field of HEX_FIELDS) out[field] = hexField(payload[field], field);
  for (const field of OPTIONAL_HEX_FIELDS) {
    if (payload[field] !== undefined && payload[field] !== null) out[field] = hexField(payload[field], field);
  }
  if (
    !Array.isArray(payload.signedExtensions) ||
    payload.signedExtensions.length > MAX_EXTENSIONS ||
    !payload.signedExtensions.every((e) => typeof e === 'string' && e.length > 0 && e.length <= 64)
  ) {
    throw new InvalidParams('"signedExtensions" must be a list of extension names', {
      details: { param: 'signedExtensions' },
    });
  }
  out.signedExtensions = payload.signedExtensions;
  if (payload.version !== 4 && payload.version !== 5) {
    throw new InvalidParams('"version" must be 4 or 5', { details: { param: 'version' } });
  }
  out.version = payload.version;
  if (payload.mode !== undefined) {
    if (payload.mode !== 0 && payload.mode !== 1) {
      throw new InvalidParams('"mode" must be 0 or 1', { details: { param: 'mode' } });
    }
    out.mode = payload.mode;
  }
  return out as unknown as SubstratePayloadJson;
}

/** A polkadot-js `SignerPayloadRaw` of type `bytes`; the data is signed `<Bytes>`-wrapped. */
export function parseSubstrateRaw(raw: unknown): { address: string; data: Hex } {
  const request = parseObject(raw, 'payload');
  if (request.type !== undefined && request.type !== 'bytes') {
    // type "payload" would be an extrinsic payload signed without being decoded for the user.
    throw new InvalidParams('Only raw data of type "bytes" can be signed', { details: { param: 'type' } });
  }
  return { address: parseSubstrateAddress(request.address), data: parseMessage(request.data, 'data') };
}

/** Signs an extrinsic payload as polkadot-js does: the SCALE payload (hashed when over 256 bytes). */
export function signSubstratePayload(pair: KeyringPair, payload: SubstratePayloadJson): Hex {
  const registry = new TypeRegistry();
  registry.setSignedExtensions(payload.signedExtensions);
  return registry.createType('ExtrinsicPayload', payload, { version: payload.version }).sign(pair)
    .signature as Hex;
}

/** Signs `<Bytes>data</Bytes>`, so a signature over user data can never pass for a transaction. */
export function signSubstrateRaw(pair: KeyringPair, data: Hex): Hex {
  return u8aToHex(pair.sign(u8aWrapBytes(hexToU8a(data)))) as Hex;
}
