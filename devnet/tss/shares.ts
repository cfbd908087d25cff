import { concatBytes } from '@noble/hashes/utils.js';
import {
  applyRunRecords,
  decodeKeyShare,
  encodeKeyShare,
  encodeRunRecord,
  type KeyShare,
} from '../../lib/protocol';
import { TssError } from './errors';
import type { TssStore } from './store';

/** Live shares kept in memory at most; idle ones beyond this are dropped (they are all persisted). */
const DEFAULT_CAPACITY = 256;
/** Run records kept beside a share before they are folded into it (about 70 signings at n = 4). */
export const MAX_RUN_RECORD_BYTES = 16 * 1024;

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
  /** Of each loaded share, the run records stored beside it (what `recordRun` appends to). */
  private readonly runs = new Map<string, Uint8Array>();
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
      share = Promise.all([this.store.getShare(account), this.store.getRuns(account)]).then(
        ([bytes, runs = new Uint8Array(0)]) => {
          const decoded = bytes && decodeKeyShare(bytes);
          if (!decoded) return undefined;
          applyRunRecords(decoded, runs);
          if (this.live.get(account) === share) {
            this.loaded.set(account, decoded);
            this.runs.set(account, runs);
          }
          return decoded;
        },
      );
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

  /**
   * Replaces the live share (a registration's result, or a whole share from our group) and stores it.
   * The runs recorded here stay recorded on the pairs it shares with the one it replaces.
   */
  replace(account: string, share: KeyShare): Promise<Uint8Array> {
    return this.write(account, async () => {
      const runs = this.runs.get(account) ?? (await this.store.getRuns(account));
      if (runs) applyRunRecords(share, runs);
      this.live.set(account, Promise.resolve(share));
      this.loaded.set(account, share);
      return this.persist(account, share);
    });
  }

  /**
   * Persists the start of signing run `sessionId` on all the live share's pairs (`start()` recorded it
   * in the share) as its record (`encodeRunRecord`, a couple of hundred bytes) beside the stored share,
   * which `get` applies it to: in place of writing the whole share (~74 KB at n = 4) on each run's way
   * to its first message. Past `MAX_RUN_RECORD_BYTES` the records are folded into the share.
   */
  recordRun(account: string, sessionId: Uint8Array): Promise<void> {
    return this.write(account, async () => {
      const share = await this.require(account);
      const record = encodeRunRecord(
        share,
        share.parties.filter((p) => p !== share.partyId),
        sessionId,
      );
      // The live share holds every recorded run, so a whole write of it (a fold, a change) keeps them.
      applyRunRecords(share, record);
      const kept = this.runs.get(account) ?? (await this.store.getRuns(account)) ?? new Uint8Array(0);
      const runs = concatBytes(kept, record);
      if (runs.length > MAX_RUN_RECORD_BYTES) {
        await this.persist(account, share);
        return;
      }
      await this.store.putRuns(account, runs);
      if (this.loaded.get(account) === share) this.runs.set(account, runs);
    });
  }

  /** Changes the live share in place and stores it; returns it encoded. */
  update(account: string, change: (share: KeyShare) => void = () => undefined): Promise<Uint8Array> {
    return this.write(account, async () => {
      const share = await this.require(account);
      change(share);
      return this.persist(account, share);
    });
  }

  /** The whole share, which holds every recorded run: the records go with the same write. */
  private async persist(account: string, share: KeyShare): Promise<Uint8Array> {
    const encoded = encodeKeyShare(share);
    await this.store.putShare(account, encoded);
    if (this.loaded.get(account) === share) this.runs.set(account, new Uint8Array(0));
    return encoded;
  }

  private write<T>(account: string, run: () => Promise<T>): Promise<T> {
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
      this.runs.delete(account);
    }
  }
}
