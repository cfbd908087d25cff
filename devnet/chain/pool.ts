/**
 * The transaction pool: checked transactions waiting for a block, `ready` when their nonce is due
 * (counting the sender's earlier pool entries) and `future` otherwise, each with its watchers.
 */
import type { CheckedTx } from './runtime';
import type { Hex } from './runtime/entropy-types';
import { TransactionRejected } from './runtime/errors';

/** `author_extrinsicUpdate` payloads, as Substrate's `TransactionStatus` serialises them. */
export type TxStatus =
  | 'ready'
  | 'future'
  | { inBlock: Hex }
  | { finalized: Hex }
  | { finalityTimeout: Hex }
  | 'invalid'
  | 'dropped';

export type TxWatcher = (status: TxStatus, final: boolean) => void;

interface Entry {
  tx: CheckedTx;
  watchers: Set<TxWatcher>;
  status: 'ready' | 'future';
}

export class Pool {
  private readonly entries = new Map<Hex, Entry>();
  /** Included transactions waiting for their block to be finalized. */
  private readonly included = new Map<number, { blockHash: Hex; watchers: Set<TxWatcher> }[]>();

  constructor(private readonly maxSize = 8192) {}

  get size(): number {
    return this.entries.size;
  }

  /** Adds `tx`; `onChainNonce` is the sender's nonce at the best block. */
  add(tx: CheckedTx, onChainNonce: number, watcher?: TxWatcher): 'ready' | 'future' {
    if (this.entries.has(tx.hash)) throw TransactionRejected.other(1013, 'Transaction Already Imported');
    for (const e of this.entries.values()) {
      if (e.tx.signer === tx.signer && e.tx.nonce === tx.nonce) {
        throw TransactionRejected.other(
          1014,
          'Priority is too low: (0 vs 0)',
          'The transaction has too low priority to replace another transaction already in the pool.',
        );
      }
    }
    if (this.entries.size >= this.maxSize) {
      throw TransactionRejected.other(1016, 'Immediately Dropped', 'The transaction pool is full');
    }
    const status = tx.nonce <= this.nextNonce(tx.signer, onChainNonce) ? 'ready' : 'future';
    this.entries.set(tx.hash, { tx, watchers: new Set(watcher ? [watcher] : []), status });
    return status;
  }

  /** The sender's next nonce counting consecutive pool entries (`system_accountNextIndex`). */
  nextNonce(signer: string, onChainNonce: number): number {
    const nonces = new Set(
      [...this.entries.values()].filter((e) => e.tx.signer === signer).map((e) => e.tx.nonce),
    );
    let next = onChainNonce;
    while (nonces.has(next)) next++;
    return next;
  }

  /** Candidates for the next block, ordered by arrival. */
  candidates(): CheckedTx[] {
    return [...this.entries.values()].map((e) => e.tx);
  }

  pending(): Uint8Array[] {
    return [...this.entries.values()].map((e) => e.tx.bytes);
  }

  unwatch(hash: Hex, watcher: TxWatcher): void {
    this.entries.get(hash)?.watchers.delete(watcher);
    for (const list of this.included.values()) for (const i of list) i.watchers.delete(watcher);
  }

  /** After block `number`: included entries leave, dropped ones become invalid, due futures ready. */
  onBlock(
    number: number,
    blockHash: Hex,
    included: Hex[],
    dropped: Hex[],
    nonceOf: (signer: string) => number,
  ): void {
    const waiting: { blockHash: Hex; watchers: Set<TxWatcher> }[] = [];
    for (const hash of included) {
      const e = this.entries.get(hash);
      if (!e) continue;
      this.entries.delete(hash);
      for (const w of e.watchers) w({ inBlock: blockHash }, false);
      waiting.push({ blockHash, watchers: e.watchers });
    }
    this.included.set(number, waiting);
    for (const hash of dropped) {
      const e = this.entries.get(hash);
      if (!e) continue;
      this.entries.delete(hash);
      for (const w of e.watchers) w('invalid', true);
    }
    for (const e of this.entries.values()) {
      if (e.status === 'future' && e.tx.nonce <= this.nextNonce(e.tx.signer, nonceOf(e.tx.signer))) {
        e.status = 'ready';
        for (const w of e.watchers) w('ready', false);
      }
    }
  }

  onFinalized(number: number): void {
    for (const { blockHash, watchers } of this.included.get(number) ?? []) {
      for (const w of watchers) w({ finalized: blockHash }, true);
    }
    this.included.delete(number);
  }

  /** Ends every watch (node shutting down). */
  close(): void {
    for (const e of this.entries.values()) for (const w of e.watchers) w('dropped', true);
    this.entries.clear();
    this.included.clear();
  }
}
