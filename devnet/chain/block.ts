/**
 * Blocks: a Substrate header (`parentHash, Compact<number>, stateRoot, extrinsicsRoot, digest`) with an
 * empty digest; the block hash is blake2-256 of the SCALE header, as `@polkadot/types` computes it.
 * The extrinsics root is blake2-256 of the SCALE `Vec<Extrinsic>` (not a trie root).
 */
import { compactToU8a, hexToU8a, u8aConcat, u8aToHex } from '@polkadot/util';
import { blake2AsU8a } from '@polkadot/util-crypto';
import type { Hex } from './runtime/entropy-types';
import { encodeVec } from './scale';
import type { Change } from './state';

export interface Block {
  number: number;
  hash: Hex;
  parentHash: Hex;
  stateRoot: Hex;
  extrinsicsRoot: Hex;
  extrinsics: Uint8Array[];
  /** State changes this block made, sorted by key (for reading older states and notifying). */
  changes: Change[];
  changeIndex: Map<string, Change>;
}

export const ZERO_HASH: Hex = `0x${'00'.repeat(32)}`;

function encodeHeader(b: Pick<Block, 'parentHash' | 'number' | 'stateRoot' | 'extrinsicsRoot'>): Uint8Array {
  return u8aConcat(
    hexToU8a(b.parentHash),
    compactToU8a(b.number),
    hexToU8a(b.stateRoot),
    hexToU8a(b.extrinsicsRoot),
    compactToU8a(0),
  );
}

export function makeBlock(
  number: number,
  parentHash: Hex,
  stateRoot: Uint8Array,
  extrinsics: Uint8Array[],
  changes: Change[],
): Block {
  const fields = {
    number,
    parentHash,
    stateRoot: u8aToHex(stateRoot),
    extrinsicsRoot: u8aToHex(blake2AsU8a(encodeVec(extrinsics), 256)),
  };
  return {
    ...fields,
    hash: u8aToHex(blake2AsU8a(encodeHeader(fields), 256)),
    extrinsics,
    changes,
    changeIndex: new Map(changes.map((c) => [c.key, c])),
  };
}

/** The header as JSON-RPC returns it. */
export function headerJson(b: Block) {
  return {
    parentHash: b.parentHash,
    number: `0x${b.number.toString(16)}`,
    stateRoot: b.stateRoot,
    extrinsicsRoot: b.extrinsicsRoot,
    digest: { logs: [] as string[] },
  };
}
