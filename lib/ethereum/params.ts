import { getAddress, isAddress, isHex, type Address, type Hex } from 'viem';
import { InvalidParams } from './errors';

/** Largest message or calldata a page may ask to sign (bytes), so one request cannot exhaust memory. */
export const MAX_DATA_BYTES = 128 * 1024;

/** A method's positional params, with the count checked. */
export function positional(params: unknown, method: string, min: number, max = min): unknown[] {
  const list = params === undefined ? [] : params;
  if (!Array.isArray(list) || list.length < min || list.length > max) {
    const expected = min === max ? `${min}` : `${min} to ${max}`;
    throw new InvalidParams(`${method} expects ${expected} parameter(s)`, { details: { method } });
  }
  return list;
}

export function parseAddress(value: unknown, param: string): Address {
  if (typeof value !== 'string' || !isAddress(value, { strict: false })) {
    throw new InvalidParams(`"${param}" must be a 20-byte hex address`, { details: { param } });
  }
  return getAddress(value);
}

/** Hex bytes (`0x` + even number of digits), lower-cased, at most `maxBytes`. */
export function parseBytes(value: unknown, param: string, maxBytes = MAX_DATA_BYTES): Hex {
  if (typeof value !== 'string' || !isHex(value, { strict: true }) || value.length % 2 !== 0) {
    throw new InvalidParams(`"${param}" must be hex bytes (0x…)`, { details: { param } });
  }
  if ((value.length - 2) / 2 > maxBytes) {
    throw new InvalidParams(`"${param}" is longer than ${maxBytes} bytes`, { details: { param } });
  }
  return value.toLowerCase() as Hex;
}

export function parseBytes32(value: unknown, param: string): Hex {
  const hex = parseBytes(value, param, 32);
  if (hex.length !== 66) {
    throw new InvalidParams(`"${param}" must be exactly 32 bytes`, { details: { param } });
  }
  return hex;
}

const QUANTITY = /^0x[0-9a-f]{1,64}$/i;

/** An EIP-1474 quantity (hex, at most 256 bits). Leading zeros are tolerated: dApps send them. */
export function parseQuantity(value: unknown, param: string): bigint {
  if (typeof value !== 'string' || !QUANTITY.test(value)) {
    throw new InvalidParams(`"${param}" must be a hex quantity (0x…)`, { details: { param } });
  }
  return BigInt(value);
}

/** A quantity that must fit a JavaScript number (nonce, chain id). */
export function parseSafeInteger(value: unknown, param: string): number {
  const quantity = parseQuantity(value, param);
  if (quantity > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new InvalidParams(`"${param}" is too large`, { details: { param } });
  }
  return Number(quantity);
}

export function parseObject(value: unknown, param: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidParams(`"${param}" must be an object`, { details: { param } });
  }
  return value as Record<string, unknown>;
}
