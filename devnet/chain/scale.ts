/** Little-endian fixed-width integers and compact lengths for the few values the node encodes by hand. */
import { bnToU8a, compactToU8a, u8aConcat, u8aToBigInt } from '@polkadot/util';

function le(value: number | bigint, bits: number): Uint8Array {
  return bnToU8a(BigInt(value), { bitLength: bits, isLe: true });
}

export const u16Le = (v: number) => le(v, 16);
export const u32Le = (v: number) => le(v, 32);
export const u64Le = (v: number | bigint) => le(v, 64);
export const u128Le = (v: bigint) => le(v, 128);

export function readUint(bytes: Uint8Array, offset: number, size: number): bigint {
  return u8aToBigInt(bytes.subarray(offset, offset + size), { isLe: true });
}

/** SCALE `Vec<T>` of already-encoded items. */
export function encodeVec(items: Uint8Array[]): Uint8Array {
  return u8aConcat(compactToU8a(items.length), ...items);
}
