import type { ApiPromise } from '@polkadot/api';
import { TypeRegistry } from '@polkadot/types';
import type { Call } from '@polkadot/types/interfaces';
import type { Codec, Registry } from '@polkadot/types/types';
import { formatAmount } from '../wallet/units';
import type { DecodedCall, DecodedSubstratePayload, DecodedValue } from './substrate-types';
import type { SubstratePayloadJson } from './types';

const MAX_TEXT = 1_000;
const MAX_DEPTH = 4;

type ChainView = Pick<ApiPromise, 'registry' | 'genesisHash' | 'runtimeVersion' | 'runtimeChain'>;

const IMMORTAL = 'This transaction never expires (immortal): it stays valid until it is used.';

/** The era needs no metadata: a mortal one is valid for `period` blocks from its birth block. */
function eraOf(registry: Registry, payload: SubstratePayloadJson): DecodedSubstratePayload['era'] {
  const era = registry.createType('ExtrinsicEra', payload.era);
  if (!era.isMortalEra) return { mortal: false };
  const blockNumber = BigInt(payload.blockNumber);
  const mortal = era.asMortalEra;
  return {
    mortal: true,
    period: mortal.period.toNumber(),
    birth: mortal.birth(blockNumber),
    death: mortal.death(blockNumber),
  };
}

function short(hash: string): string {
  return `${hash.slice(0, 10)}…${hash.slice(-6)}`;
}

function text(codec: Codec): DecodedValue {
  const json = JSON.stringify(codec.toHuman());
  return { kind: 'text', text: json.length > MAX_TEXT ? `${json.slice(0, MAX_TEXT)}…` : json };
}

function isCall(codec: Codec): codec is Call {
  return typeof (codec as Partial<Call>).section === 'string' && (codec as Partial<Call>).meta !== undefined;
}

function describeValue(registry: Registry, codec: Codec, typeName: string, depth: number): DecodedValue {
  const raw = codec.toRawType();
  if (isCall(codec) && depth < MAX_DEPTH)
    return { kind: 'call', call: describeCall(registry, codec, depth + 1) };
  if (Array.isArray(codec) && codec.length > 0 && codec.every(isCall) && depth < MAX_DEPTH) {
    return { kind: 'calls', calls: (codec as Call[]).map((c) => describeCall(registry, c, depth + 1)) };
  }
  if (/Balance/.test(typeName) || /^Compact<u128>$|^u128$/.test(raw)) {
    const planck = BigInt(codec.toString());
    const decimals = registry.chainDecimals[0] ?? 12;
    const symbol = registry.chainTokens[0] ?? 'UNIT';
    return {
      kind: 'amount',
      planck: planck.toString(),
      formatted: formatAmount(planck, decimals, symbol, decimals),
    };
  }
  const address = addressOf(codec, typeName);
  if (address) return { kind: 'address', address };
  return text(codec);
}

/** An AccountId, or a MultiAddress's `Id`, as an SS58 address in the chain's format. */
function addressOf(codec: Codec, typeName: string): string | undefined {
  const multi = codec as Partial<{ isId: boolean; asId: Codec }>;
  if (multi.isId === true && multi.asId) return multi.asId.toString();
  if (/AccountId/.test(typeName) || /AccountId/.test(codec.toRawType())) return codec.toString();
  return undefined;
}

function describeCall(registry: Registry, call: Call, depth = 0): DecodedCall {
  const doc = call.meta.docs[0]?.toString().trim();
  return {
    section: call.section,
    method: call.method,
    ...(doc ? { doc } : {}),
    args: call.meta.args.map((arg, i) => {
      const type = arg.typeName.isSome ? arg.typeName.unwrap().toString() : arg.type.toString();
      return { name: arg.name.toString(), type, value: describeValue(registry, call.args[i]!, type, depth) };
    }),
  };
}

/**
 * Decodes a polkadot-js `SignerPayloadJSON` with the connected chain's metadata (no blind signing), and
 * says when the payload was built for another chain (genesis) or another runtime (spec version).
 */
export function decodeSubstratePayload(
  payload: SubstratePayloadJson,
  api: ChainView,
): DecodedSubstratePayload {
  const { registry } = api;
  const warnings: string[] = [];
  const connectedGenesis = api.genesisHash.toHex();
  const connectedSpec = api.runtimeVersion.specVersion.toNumber();
  const specVersion = Number(BigInt(payload.specVersion));
  const sameChain = payload.genesisHash === connectedGenesis;
  const chainName = api.runtimeChain.toString();
  if (!sameChain) {
    warnings.push(
      `This transaction is for another chain (genesis ${short(payload.genesisHash)}) than the one the wallet is connected to (${chainName}, ${short(connectedGenesis)}).`,
    );
  }
  if (specVersion !== connectedSpec) {
    warnings.push(
      `It was built for runtime version ${specVersion}; ${chainName} runs version ${connectedSpec}, so what it calls may differ from what is shown.`,
    );
  }
  let call: DecodedCall | undefined;
  let decodeError: string | undefined;
  if (sameChain) {
    try {
      call = describeCall(registry, registry.createType('Call', payload.method));
    } catch (error) {
      decodeError = `The call could not be decoded with ${chainName}'s metadata: ${error instanceof Error ? error.message : String(error)}`;
    }
  } else {
    decodeError = 'The call is not decoded: the connected chain’s metadata does not describe another chain.';
  }
  const era = eraOf(registry, payload);
  const decimals = registry.chainDecimals[0] ?? 12;
  const symbol = registry.chainTokens[0] ?? 'UNIT';
  if (!era.mortal) warnings.push(IMMORTAL);
  return {
    ...(call ? { call } : {}),
    ...(decodeError ? { decodeError } : {}),
    tip: formatAmount(BigInt(payload.tip), decimals, symbol, decimals),
    nonce: Number(BigInt(payload.nonce)),
    era,
    genesisHash: payload.genesisHash,
    ...(sameChain ? { chain: chainName } : {}),
    specVersion,
    warnings,
  };
}

/** When the chain cannot be reached, the request is still shown — undecoded, and saying so. */
export function undecodedSubstratePayload(
  payload: SubstratePayloadJson,
  reason: string,
): DecodedSubstratePayload {
  const era = eraOf(new TypeRegistry(), payload);
  return {
    decodeError: `The call is not decoded: ${reason}`,
    tip: `${BigInt(payload.tip).toString()} (smallest unit)`,
    nonce: Number(BigInt(payload.nonce)),
    era,
    genesisHash: payload.genesisHash,
    specVersion: Number(BigInt(payload.specVersion)),
    warnings: [
      `The wallet could not reach the chain to decode this transaction (${reason}).`,
      ...(era.mortal ? [] : [IMMORTAL]),
    ],
  };
}
