/**
 * The chain's key/value state (hex key → SCALE value) with nested transactional layers, so a failed
 * dispatch rolls back its writes while the fee stays paid, and a per-block record of what changed.
 *
 * State root: blake2-256 of the SCALE `Vec<(Bytes, Bytes)>` of all pairs sorted by key (not a trie).
 */
import { compactAddLength, hexToU8a, u8aConcat } from '@polkadot/util';
import { blake2AsU8a } from '@polkadot/util-crypto';
import { encodeVec } from './scale';

/** One key's change in a block: value before and after (null = absent). */
export interface Change {
  key: string;
  prev: Uint8Array | null;
  next: Uint8Array | null;
}

export class State {
  private readonly data: Map<string, Uint8Array>;
  private readonly layers: Map<string, Uint8Array | null>[] = [];
  private journal = new Map<string, Uint8Array | null>();
  /**
   * `root`'s encoding of each pair, kept while its key holds the same value (values are replaced, never
   * changed in place): encoding every pair of the state anew at every block was 8 % of the chain's CPU
   * under `bench:tss`, though a block changes a few dozen of them.
   */
  private readonly encodedPairs = new Map<string, { value: Uint8Array; pair: Uint8Array }>();

  constructor(entries: Iterable<[string, Uint8Array]> = []) {
    this.data = new Map(entries);
  }

  get(key: string): Uint8Array | null {
    for (let i = this.layers.length - 1; i >= 0; i--) {
      const layer = this.layers[i] as Map<string, Uint8Array | null>;
      if (layer.has(key)) return layer.get(key) ?? null;
    }
    return this.data.get(key) ?? null;
  }

  set(key: string, value: Uint8Array | null): void {
    const top = this.layers[this.layers.length - 1];
    if (top) {
      top.set(key, value);
      return;
    }
    if (!this.journal.has(key)) this.journal.set(key, this.data.get(key) ?? null);
    if (value === null) this.data.delete(key);
    else this.data.set(key, value);
  }

  delete(key: string): void {
    this.set(key, null);
  }

  /** Runs `fn` in a layer: its writes land when it returns, and vanish when it throws. */
  transaction<T>(fn: () => T): T {
    this.layers.push(new Map());
    let result: T;
    try {
      result = fn();
    } catch (e) {
      this.layers.pop();
      throw e;
    }
    const layer = this.layers.pop() as Map<string, Uint8Array | null>;
    for (const [k, v] of layer) this.set(k, v);
    return result;
  }

  /** Changes since the last call (the block just built), sorted by key; starts a new record. */
  takeChanges(): Change[] {
    const changes: Change[] = [];
    for (const [key, prev] of this.journal) {
      const next = this.data.get(key) ?? null;
      const same =
        prev !== null && next !== null && prev.length === next.length && prev.every((b, i) => b === next[i]);
      if (!same && !(prev === null && next === null)) changes.push({ key, prev, next });
    }
    this.journal = new Map();
    return changes.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  keys(): string[] {
    return [...this.data.keys()].sort();
  }

  root(): Uint8Array {
    const keys = [...this.data.keys()].sort();
    const pairs = keys.map((key) => {
      const value = this.data.get(key) as Uint8Array;
      let encoded = this.encodedPairs.get(key);
      if (encoded?.value !== value) {
        encoded = { value, pair: u8aConcat(compactAddLength(hexToU8a(key)), compactAddLength(value)) };
        this.encodedPairs.set(key, encoded);
      }
      return encoded.pair;
    });
    if (this.encodedPairs.size > keys.length) {
      for (const key of this.encodedPairs.keys()) if (!this.data.has(key)) this.encodedPairs.delete(key);
    }
    return blake2AsU8a(encodeVec(pairs), 256);
  }
}
