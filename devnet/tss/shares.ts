import { decodeKeyShare, encodeKeyShare, type KeyShare } from '../../lib/protocol';
import { TssError } from './errors';
import type { TssStore } from './store';

/** Live shares kept in memory at most; idle ones beyond this are dropped (they are all persisted). */
const DEFAULT_CAPACITY = 256;

/**
 * One live key share per account (docs/protocol.md, "State across runs"). Every session of an account
 * uses the same object, so a pair discarded by one run, the run record of session ids and the
 * one-run-per-pair hold reach every other run at once; changes are persisted one at a time, in order.
 * Accounts with a run under way stay in memory; idle ones may be dropped and read again later.
 */
export class LiveShares {
  private readonly live = new Map<string, Promise<KeyShare | undefined>>();
  /** The settled values of `live`, for synchronous checks. */
  private readonly loaded = new Map<string, KeyShare>();
  private readonly pinned = new Map<string, number>();
  /** Per account: the last write, so writes go one at a time and none is lost. */
  private readonly writes = new Map<string, Promise<unknown>>();

  constructor(
    private readonly store: TssStore,
    private readonly capacity = DEFAULT_CAPACITY,
  ) {}

  /** The live share of `account`, read from the store on first use. */
  get(account: string): Promise<KeyShare | undefined> {
    let share = this.live.get(account);
    if (share) {
      // Most recently used last, for eviction.
      this.live.delete(account);
    } else {
      share = this.store.getShare(account).then((bytes) => {
        const decoded = bytes && decodeKeyShare(bytes);
        if (decoded && this.live.get(account) === share) this.loaded.set(account, decoded);
        return decoded;
      });
      share.catch(() => this.live.delete(account));
    }
    this.live.set(account, share);
    this.evict();
    return share;
  }

  /** The live share if it is in memory now (no read). */
  peek(account: string): KeyShare | undefined {
    return this.loaded.get(account);
  }

  /** The live share, or a NOT_FOUND error naming the account. */
  async require(account: string): Promise<KeyShare> {
    const share = await this.get(account);
    if (!share) throw new TssError(`This server holds no key share for ${account}`, { code: 'NOT_FOUND' });
    return share;
  }

  /** Keeps `account` in memory while a run uses it; returns the release. */
  pin(account: string): () => void {
    this.pinned.set(account, (this.pinned.get(account) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.pinned.get(account) ?? 1) - 1;
      if (left > 0) this.pinned.set(account, left);
      else this.pinned.delete(account);
      this.evict();
    };
  }

  /** Replaces the live share (a registration's result, or a whole share from our group) and stores it. */
  replace(account: string, share: KeyShare): Promise<Uint8Array> {
    return this.write(account, async () => {
      this.live.set(account, Promise.resolve(share));
      this.loaded.set(account, share);
      const encoded = encodeKeyShare(share);
      await this.store.putShare(account, encoded);
      return encoded;
    });
  }

  /**
   * Changes the live share in place and stores it; returns it encoded. Also what a run calls after
   * `start()` (`change` omitted): the share then records the run's session id before anything is sent.
   */
  update(account: string, change: (share: KeyShare) => void = () => undefined): Promise<Uint8Array> {
    return this.write(account, async () => {
      const share = await this.require(account);
      change(share);
      const encoded = encodeKeyShare(share);
      await this.store.putShare(account, encoded);
      return encoded;
    });
  }

  private write(account: string, run: () => Promise<Uint8Array>): Promise<Uint8Array> {
    const written = (this.writes.get(account) ?? Promise.resolve()).then(run);
    const settled = written.then(
      () => undefined,
      () => undefined,
    );
    this.writes.set(account, settled);
    void settled.then(() => {
      if (this.writes.get(account) === settled) this.writes.delete(account);
    });
    return written;
  }

  private evict(): void {
    for (const account of this.live.keys()) {
      if (this.live.size <= this.capacity) return;
      if (this.pinned.has(account) || this.writes.has(account)) continue;
      this.live.delete(account);
      this.loaded.delete(account);
    }
  }
}
