/**
 * `--data-dir`: blocks (with their state changes) and the current state in LevelDB, written in one
 * batch per block, so a restarted node continues its chain where it stopped.
 *
 * Keys: `block:<number, 10 digits>` → JSON { hash, parentHash, stateRoot, extrinsicsRoot, extrinsics,
 * changes }, `state:<hex key>` → hex value, `meta` → JSON { best, finalized }.
 */
import { ClassicLevel } from 'classic-level';
import { hexToU8a, u8aToHex } from '@polkadot/util';
import { makeBlock, type Block } from './block';
import type { Hex } from './runtime/entropy-types';
import type { Change } from './state';

interface StoredBlock {
  number: number;
  parentHash: Hex;
  stateRoot: Hex;
  extrinsics: Hex[];
  changes: [string, Hex | null, Hex | null][];
}

export interface Loaded {
  blocks: Block[];
  state: [string, Uint8Array][];
  finalized: number;
}

const blockKey = (n: number) => `block:${n.toString().padStart(10, '0')}`;
const toHex = (v: Uint8Array | null) => (v ? u8aToHex(v) : null);
const fromHex = (v: string | null) => (v === null ? null : hexToU8a(v));

export class BlockStore {
  private readonly db: ClassicLevel<string, string>;
  private writes: Promise<void> = Promise.resolve();

  constructor(dir: string) {
    this.db = new ClassicLevel<string, string>(dir, { valueEncoding: 'utf8' });
  }

  async open(): Promise<void> {
    await this.db.open();
  }

  async load(): Promise<Loaded | null> {
    const meta = await this.db.get('meta');
    if (meta === undefined) return null;
    const { finalized } = JSON.parse(meta) as { finalized: number };
    const blocks: Block[] = [];
    for await (const value of this.db.values({ gte: 'block:', lt: 'block;' })) {
      const s = JSON.parse(value) as StoredBlock;
      const changes: Change[] = s.changes.map(([key, prev, next]) => ({
        key,
        prev: fromHex(prev),
        next: fromHex(next),
      }));
      blocks.push(
        makeBlock(
          s.number,
          s.parentHash,
          hexToU8a(s.stateRoot),
          s.extrinsics.map((e) => hexToU8a(e)),
          changes,
        ),
      );
    }
    const state: [string, Uint8Array][] = [];
    for await (const [key, value] of this.db.iterator({ gte: 'state:', lt: 'state;' })) {
      state.push([key.slice('state:'.length), hexToU8a(value)]);
    }
    return { blocks, state, finalized };
  }

  /**
   * Queues the block and its state changes as one atomic batch; writes stay in order. Resolves once
   * written (a failed write is logged, and resolves too: the node goes on in memory).
   */
  append(block: Block, finalized: number): Promise<void> {
    const stored: StoredBlock = {
      number: block.number,
      parentHash: block.parentHash,
      stateRoot: block.stateRoot,
      extrinsics: block.extrinsics.map((e) => u8aToHex(e)),
      changes: block.changes.map((c) => [c.key, toHex(c.prev), toHex(c.next)]),
    };
    const ops = [
      { type: 'put' as const, key: blockKey(block.number), value: JSON.stringify(stored) },
      ...block.changes.map((c) =>
        c.next === null
          ? { type: 'del' as const, key: `state:${c.key}` }
          : { type: 'put' as const, key: `state:${c.key}`, value: u8aToHex(c.next) },
      ),
      { type: 'put' as const, key: 'meta', value: JSON.stringify({ best: block.number, finalized }) },
    ];
    this.writes = this.writes
      .then(() => this.db.batch(ops))
      .catch((e: unknown) => {
        console.error('devnet chain: cannot persist block', block.number, e);
      });
    return this.writes;
  }

  async close(): Promise<void> {
    await this.writes;
    await this.db.close();
  }
}
