/**
 * The transaction pool, after Substrate's: per sender, transactions whose nonces follow the on-chain one
 * without a gap are `ready` (they go into the next block), the others `future` (waiting for a missing
 * nonce). Futures never pay a fee until included, so they are capped per sender and in total, expire
 * after a time to live, and are the first to go when the pool is full; a ready transaction with a higher
 * priority (tip) can then evict the lowest-priority one. Removed transactions are banned for a while.
 * Every lookup goes through a per-sender index: no operation rescans the whole pool.
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
  | { usurped: Hex }
  | 'invalid'
  | 'dropped';

export type TxWatcher = (status: TxStatus, final: boolean) => void;

export interface PoolOptions {
  /** Transactions in the pool, ready and future (Substrate `--pool-limit`). */
  maxCount: number;
  /** Their encoded bytes (Substrate `--pool-kbytes`). */
  maxBytes: number;
  /** Future transactions in total (Substrate: a tenth of the pool). */
  maxFuture: number;
  maxFutureBytes: number;
  /** Future transactions of one sender. */
  maxFuturePerSender: number;
  /** A future transaction not promoted within this time is dropped as invalid. */
  futureTtlMs: number;
  /** How long an evicted or expired transaction's hash is refused (Substrate's ban time). */
  banTimeMs: number;
  now: () => number;
}

export const POOL_DEFAULTS = {
  maxCount: 8192,
  maxBytes: 20 * 1024 * 1024,
  maxFuture: 819,
  maxFutureBytes: 2 * 1024 * 1024,
  maxFuturePerSender: 64,
  futureTtlMs: 5 * 60_000,
  banTimeMs: 30 * 60_000,
} as const;

interface Entry {
  tx: CheckedTx;
  watchers: Set<TxWatcher>;
  status: 'ready' | 'future';
  /** Arrival order, the tie-break between equal priorities (older first). */
  arrival: number;
  /** When it last became future (its time to live counts from there). */
  futureSince: number;
}

/** One sender's transactions: nonces `[base, readyEnd)` are all present and ready, the rest future. */
interface Sender {
  byNonce: Map<number, Entry>;
  base: number;
  readyEnd: number;
  futures: number;
}

const priority = (e: Entry): bigint => e.tx.tip;
/** True if `a` should leave before `b`: lower priority, then newer. */
const worse = (a: Entry, b: Entry): boolean =>
  priority(a) < priority(b) || (priority(a) === priority(b) && a.arrival > b.arrival);

function dropped(why: string): TransactionRejected {
  return TransactionRejected.other(1016, 'Immediately Dropped', why);
}

export class Pool {
  private readonly options: PoolOptions;
  private readonly entries = new Map<Hex, Entry>();
  private readonly senders = new Map<string, Sender>();
  /** Future entries in arrival order (oldest first, for expiry). */
  private readonly futures = new Set<Entry>();
  /** Mortal entries by the first block they can no longer be included in. */
  private readonly deaths = new Map<number, Set<Entry>>();
  private readonly banned = new Map<Hex, number>();
  /** Included transactions waiting for their block to be finalized. */
  private readonly included = new Map<number, { blockHash: Hex; watchers: Set<TxWatcher> }[]>();
  private bytes = 0;
  private futureBytes = 0;
  private arrivals = 0;
  private sweptDeaths = 0;

  constructor(options: Partial<PoolOptions> = {}) {
    this.options = { ...POOL_DEFAULTS, now: Date.now, ...options };
  }

  get size(): number {
    return this.entries.size;
  }

  get futureCount(): number {
    return this.futures.size;
  }

  /** Adds `tx`; `onChainNonce` is the sender's nonce at the best block. Throws `TransactionRejected`. */
  add(tx: CheckedTx, onChainNonce: number, watcher?: TxWatcher): 'ready' | 'future' {
    const now = this.options.now();
    this.expireFutures(now);
    if (this.entries.has(tx.hash)) throw TransactionRejected.other(1013, 'Transaction Already Imported');
    if ((this.banned.get(tx.hash) ?? 0) > now) {
      throw TransactionRejected.other(1012, 'Transaction is temporarily banned');
    }
    const sender = this.sender(tx.signer, onChainNonce);
    const entry: Entry = {
      tx,
      watchers: new Set(watcher ? [watcher] : []),
      status: tx.nonce <= sender.readyEnd ? 'ready' : 'future',
      arrival: this.arrivals++,
      futureSince: now,
    };
    const rival = sender.byNonce.get(tx.nonce);
    if (rival && priority(rival) >= priority(entry)) {
      throw TransactionRejected.other(
        1014,
        `Priority is too low: (${priority(rival)} vs ${priority(entry)})`,
        'The transaction has too low priority to replace another transaction already in the pool.',
      );
    }
    if (rival) {
      entry.status = rival.status;
      this.remove(rival, { usurped: tx.hash }, false);
    } else {
      this.makeRoom(entry, sender);
    }
    // Eviction may have emptied (and forgotten) this sender: look it up again.
    const s = this.sender(tx.signer, onChainNonce);
    this.insert(entry, s);
    if (entry.status === 'ready' && tx.nonce === s.readyEnd) this.extendReady(s);
    return entry.status;
  }

  /** The sender's next nonce counting its ready transactions (`system_accountNextIndex`). */
  nextNonce(signer: string, onChainNonce: number): number {
    const s = this.senders.get(signer);
    return s && s.base === onChainNonce ? s.readyEnd : onChainNonce;
  }

  /**
   * Ready transactions for the next block: by priority (then arrival) across senders, each sender's in
   * nonce order (its slots in that ordering are filled with its transactions by ascending nonce).
   */
  candidates(): CheckedTx[] {
    const ready: Entry[] = [];
    for (const s of this.senders.values()) {
      for (let n = s.base; n < s.readyEnd; n++) ready.push(s.byNonce.get(n) as Entry);
    }
    ready.sort((a, b) => (worse(b, a) ? -1 : worse(a, b) ? 1 : 0));
    const next = new Map<string, number>();
    return ready.map((e) => {
      const s = this.senders.get(e.tx.signer) as Sender;
      const n = next.get(e.tx.signer) ?? s.base;
      next.set(e.tx.signer, n + 1);
      return (s.byNonce.get(n) as Entry).tx;
    });
  }

  /** Every queued transaction (`author_pendingExtrinsics`): the ready ones first, then the futures. */
  pending(): Uint8Array[] {
    return [...this.candidates(), ...[...this.futures].map((e) => e.tx)].map((t) => t.bytes);
  }

  unwatch(hash: Hex, watcher: TxWatcher): void {
    this.entries.get(hash)?.watchers.delete(watcher);
    for (const list of this.included.values()) for (const i of list) i.watchers.delete(watcher);
  }

  /**
   * After block `number`: included entries leave, dropped ones become invalid, as do those whose era
   * ends with the next block or that waited too long as future; each touched sender's queue is settled
   * against its new on-chain nonce.
   */
  onBlock(
    number: number,
    blockHash: Hex,
    included: Hex[],
    droppedHashes: Hex[],
    nonceOf: (signer: string) => number,
  ): void {
    const touched = new Set<string>();
    const waiting: { blockHash: Hex; watchers: Set<TxWatcher> }[] = [];
    for (const hash of included) {
      const e = this.entries.get(hash);
      if (!e) continue;
      this.remove(e, null, false);
      touched.add(e.tx.signer);
      for (const w of e.watchers) w({ inBlock: blockHash }, false);
      waiting.push({ blockHash, watchers: e.watchers });
    }
    this.included.set(number, waiting);
    for (const hash of droppedHashes) {
      const e = this.entries.get(hash);
      if (!e) continue;
      this.remove(e, 'invalid', false);
      touched.add(e.tx.signer);
    }
    for (let b = Math.max(this.sweptDeaths + 1, 0); b <= number + 1; b++) {
      for (const e of this.deaths.get(b) ?? []) {
        this.remove(e, 'invalid', true);
        touched.add(e.tx.signer);
      }
      this.deaths.delete(b);
    }
    this.sweptDeaths = number + 1;
    for (const signer of this.expireFutures(this.options.now())) touched.add(signer);
    for (const signer of touched) this.settle(signer, nonceOf(signer));
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
    this.senders.clear();
    this.futures.clear();
    this.deaths.clear();
    this.included.clear();
  }

  private sender(signer: string, onChainNonce: number): Sender {
    if (onChainNonce > (this.senders.get(signer)?.base ?? onChainNonce)) this.settle(signer, onChainNonce);
    let s = this.senders.get(signer);
    if (!s) {
      s = { byNonce: new Map(), base: onChainNonce, readyEnd: onChainNonce, futures: 0 };
      this.senders.set(signer, s);
    }
    return s;
  }

  /** Frees space for `entry` by eviction, or throws 1016 if it is not worth anyone's place. */
  private makeRoom(entry: Entry, sender: Sender): void {
    const { options: o } = this;
    const size = entry.tx.bytes.length;
    if (entry.status === 'future') {
      if (sender.futures >= o.maxFuturePerSender) {
        throw dropped(`Too many future transactions from this sender (limit ${o.maxFuturePerSender})`);
      }
      while (this.futures.size + 1 > o.maxFuture || this.futureBytes + size > o.maxFutureBytes) {
        const worst = this.worstFuture();
        if (!worst || !worse(worst, entry)) {
          throw dropped('The future queue is full');
        }
        this.evict(worst);
      }
    }
    while (this.entries.size + 1 > o.maxCount || this.bytes + size > o.maxBytes) {
      const future = this.worstFuture();
      if (future && (entry.status === 'ready' || priority(future) < priority(entry))) {
        this.evict(future);
        continue;
      }
      const tail = entry.status === 'ready' ? this.worstReadyTail(entry.tx.signer) : null;
      if (!tail || priority(tail) >= priority(entry)) throw dropped('The transaction pool is full');
      this.evict(tail);
    }
  }

  private worstFuture(): Entry | null {
    let worst: Entry | null = null;
    for (const e of this.futures) if (!worst || worse(e, worst)) worst = e;
    return worst;
  }

  /** The lowest-priority last ready transaction of any other sender (removing it orphans nothing ready). */
  private worstReadyTail(except: string): Entry | null {
    let worst: Entry | null = null;
    for (const [signer, s] of this.senders) {
      if (signer === except || s.readyEnd === s.base) continue;
      const tail = s.byNonce.get(s.readyEnd - 1) as Entry;
      if (!worst || worse(tail, worst)) worst = tail;
    }
    return worst;
  }

  private evict(e: Entry): void {
    this.remove(e, 'dropped', true);
    const s = this.senders.get(e.tx.signer);
    if (s) this.settleReady(s);
    if (s?.byNonce.size === 0) this.senders.delete(e.tx.signer);
  }

  private insert(e: Entry, s: Sender): void {
    this.entries.set(e.tx.hash, e);
    s.byNonce.set(e.tx.nonce, e);
    this.bytes += e.tx.bytes.length;
    if (e.status === 'future') this.markFuture(e, s);
    const death = e.tx.deathBlock;
    if (death !== null) {
      const set = this.deaths.get(death) ?? new Set();
      set.add(e);
      this.deaths.set(death, set);
    }
  }

  /** Takes `e` out of every index; tells its watchers `status` (final) unless null. */
  private remove(e: Entry, status: TxStatus | null, ban: boolean): void {
    this.entries.delete(e.tx.hash);
    this.bytes -= e.tx.bytes.length;
    const s = this.senders.get(e.tx.signer);
    s?.byNonce.delete(e.tx.nonce);
    if (e.status === 'future' && s) this.unmarkFuture(e, s);
    if (e.tx.deathBlock !== null) this.deaths.get(e.tx.deathBlock)?.delete(e);
    if (ban) this.ban(e.tx.hash);
    if (status !== null) for (const w of e.watchers) w(status, true);
  }

  private markFuture(e: Entry, s: Sender): void {
    e.status = 'future';
    e.futureSince = this.options.now();
    this.futures.add(e);
    this.futureBytes += e.tx.bytes.length;
    s.futures++;
  }

  private unmarkFuture(e: Entry, s: Sender): void {
    this.futures.delete(e);
    this.futureBytes -= e.tx.bytes.length;
    s.futures--;
  }

  /** Promotes the futures that now follow the ready run without a gap. */
  private extendReady(s: Sender): void {
    for (;;) {
      s.readyEnd++;
      const next = s.byNonce.get(s.readyEnd);
      if (!next) return;
      if (next.status === 'future') {
        this.unmarkFuture(next, s);
        next.status = 'ready';
        for (const w of next.watchers) w('ready', false);
      }
    }
  }

  /** Recomputes the ready run from `base`; entries after a new gap are demoted to future. */
  private settleReady(s: Sender): void {
    const oldEnd = s.readyEnd;
    let end = s.base;
    while (s.byNonce.get(end)?.status === 'ready') end++;
    s.readyEnd = end;
    if (s.byNonce.has(end)) {
      s.readyEnd = end - 1;
      this.extendReady(s);
    }
    for (let n = s.readyEnd + 1; n < oldEnd; n++) {
      const e = s.byNonce.get(n);
      if (e?.status !== 'ready') continue;
      this.markFuture(e, s);
      for (const w of e.watchers) w('future', false);
    }
  }

  /** After the sender's on-chain nonce moved to `nonce`: stale entries go, the ready run is redone. */
  private settle(signer: string, nonce: number): void {
    const s = this.senders.get(signer);
    if (!s) return;
    if (nonce > s.base) {
      for (const e of [...s.byNonce.values()]) if (e.tx.nonce < nonce) this.remove(e, 'invalid', false);
      s.base = nonce;
      s.readyEnd = Math.max(s.readyEnd, nonce);
    }
    this.settleReady(s);
    if (s.byNonce.size === 0) this.senders.delete(signer);
  }

  /** Drops futures older than their time to live; returns their senders. */
  private expireFutures(now: number): Set<string> {
    const senders = new Set<string>();
    for (const e of this.futures) {
      if (e.futureSince + this.options.futureTtlMs > now) break;
      this.remove(e, 'invalid', true);
      senders.add(e.tx.signer);
      const s = this.senders.get(e.tx.signer);
      if (s?.byNonce.size === 0) this.senders.delete(e.tx.signer);
    }
    return senders;
  }

  private ban(hash: Hex): void {
    const now = this.options.now();
    this.banned.delete(hash);
    this.banned.set(hash, now + this.options.banTimeMs);
    // Oldest bans first: drop the expired ones, and the oldest beyond twice the pool's size.
    for (const [h, until] of this.banned) {
      if (until > now && this.banned.size <= 2 * this.options.maxCount) break;
      this.banned.delete(h);
    }
  }
}
