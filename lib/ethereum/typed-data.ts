import { hashTypedData, validateTypedData, type Hex, type TypedDataDefinition } from 'viem';
import { InvalidParams } from './errors';
import { exceeds } from '../messaging/bounded';
import { MAX_DATA_BYTES, parseObject } from './params';

/**
 * How deep typed data may nest (structs in structs, arrays): real ones (permits, orders) nest a few
 * levels; deeper only makes hashing slow (each level re-encodes its types).
 */
export const MAX_TYPED_DATA_DEPTH = 32;
/** How many struct types typed data may define: hashing re-encodes every dependency at each level. */
export const MAX_TYPED_DATA_TYPES = 64;

/** EIP-712 v4 typed data as pages send it (JSON), kept JSON-safe for the queue. */
export interface TypedDataJson {
  types: Record<string, { name: string; type: string }[]>;
  primaryType: string;
  domain: Record<string, unknown>;
  message: Record<string, unknown>;
}

/**
 * Parses `eth_signTypedData_v4`'s data (a JSON string, or an object as some dApps send), validates it
 * against its own types with viem, and hashes it. A domain `chainId` other than the page's current chain is
 * not refused here: the popup shows the user both, with a warning (`describeRequest`). Size (128 KiB as
 * JSON) and depth are checked first, for objects as for strings, so no page can make the worker parse or
 * hash without bound.
 */
export function parseTypedData(raw: unknown): { typedData: TypedDataJson; sigHash: Hex } {
  let value = raw;
  if (typeof raw === 'string') {
    if (raw.length > MAX_DATA_BYTES) {
      throw new InvalidParams('The typed data is too large', { details: { param: 'typedData' } });
    }
    try {
      value = JSON.parse(raw);
    } catch {
      throw new InvalidParams('The typed data is not valid JSON', { details: { param: 'typedData' } });
    }
  }
  const excess = exceeds(value, { maxBytes: MAX_DATA_BYTES, maxDepth: MAX_TYPED_DATA_DEPTH + 3 });
  if (excess === 'size') {
    throw new InvalidParams('The typed data is too large', { details: { param: 'typedData' } });
  }
  if (excess === 'depth') {
    throw new InvalidParams(`The typed data is nested more than ${MAX_TYPED_DATA_DEPTH} levels deep`, {
      details: { param: 'typedData' },
    });
  }
  const object = parseObject(value, 'typedData');
  const types = parseObject(object.types, 'typedData.types');
  if (Object.keys(types).length > MAX_TYPED_DATA_TYPES) {
    throw new InvalidParams(`The typed data defines more than ${MAX_TYPED_DATA_TYPES} types`, {
      details: { param: 'typedData.types' },
    });
  }
  const domain = parseObject(object.domain ?? {}, 'typedData.domain');
  const message = parseObject(object.message, 'typedData.message');
  if (typeof object.primaryType !== 'string' || !(object.primaryType in types)) {
    throw new InvalidParams('"primaryType" must name one of the types', {
      details: { param: 'typedData.primaryType' },
    });
  }
  const typedData = {
    types: types as TypedDataJson['types'],
    primaryType: object.primaryType,
    domain,
    message,
  };
  let sigHash: Hex;
  try {
    const definition = typedData as unknown as TypedDataDefinition;
    validateTypedData(definition);
    sigHash = hashTypedData(definition);
  } catch (error) {
    throw new InvalidParams(`The typed data does not match its types: ${firstLine(error)}`, {
      details: { param: 'typedData' },
    });
  }
  return { typedData, sigHash };
}

function firstLine(error: unknown): string {
  const text =
    error instanceof Error ? ((error as { shortMessage?: string }).shortMessage ?? error.message) : '';
  return text.split('\n')[0] ?? '';
}
