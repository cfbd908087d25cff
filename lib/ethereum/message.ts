import { hashMessage, isHex, stringToHex, type Hex } from 'viem';
import { InvalidParams } from './errors';
import { MAX_DATA_BYTES, parseBytes } from './params';

/**
 * `personal_sign`'s message: hex bytes, or (as many dApps send, and other wallets accept) plain text,
 * which is signed as its UTF-8 bytes.
 */
export function parseMessage(value: unknown, param = 'message'): Hex {
  if (typeof value !== 'string') {
    throw new InvalidParams(`"${param}" must be a hex or text string`, { details: { param } });
  }
  if (isHex(value, { strict: true }) && value.length % 2 === 0) return parseBytes(value, param);
  const hex = stringToHex(value);
  if ((hex.length - 2) / 2 > MAX_DATA_BYTES) {
    throw new InvalidParams(`"${param}" is longer than ${MAX_DATA_BYTES} bytes`, { details: { param } });
  }
  return hex;
}

/** EIP-191 version 0x45 hash: what `personal_sign` signs. */
export function messageSigHash(message: Hex): Hex {
  return hashMessage({ raw: message });
}
