import { ClassicLevel } from 'classic-level';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { Sealer, type KdfParams, DEFAULT_KDF } from './at-rest';
import { TssError } from './errors';
import type { SessionFailure } from '../../lib/tss';

/** A signing result kept for polling clients until it is pruned. */
export type StoredResult =
  | { status: 'done'; blockNumber: number; signature: string /* base64 r‖s‖v */ }
  | { status: 'failed'; blockNumber: number; failure: SessionFailure };

/** A signature request the chain announced to us (from `/signer/new_party`), kept until pruned. */
export interface StoredRequest {
  blockNumber: number;
  sigHash: string;
  account: string;
  /** Hex fields; one member per signing group. */
  committee: { signingGroup: number; stash: string; tssAccount: string; x25519: string; endpoint: string }[];
}

/** What identifies one signature request: the account, the hash and the block it was asked in. */
export type RequestKey = Pick<StoredRequest, 'account' | 'sigHash' | 'blockNumber'>;

const resultKey = (r: RequestKey): string => `result:${r.account}:${r.sigHash}:${r.blockNumber}`;
/** By hash first (what `/user/tx` knows); the account too, so two accounts' requests of one hash in one block both stay. */
const requestKey = (r: RequestKey): string => `request:${r.sigHash}:${r.blockNumber}:${r.account}`;

const CHECK_KEY = 'meta:check';
const CHECK_VALUE = utf8ToBytes('entropy-tss store v1');

/**
 * The server's embedded key-value store (LevelDB). Key shares are sealed under the password; requests
 * and results are public data kept in clear and pruned by block number. The requests, and the results'
 * blocks, are also held in memory (read once at open, as bounded as the database by pruning): every
 * `/user/tx` looks its request up, and every new head prunes, which were a LevelDB range scan and a
 * JSON parse of every kept record each.
 */
export class TssStore {
  /** Requests by hash, each with its database key. */
  private readonly requests = new Map<string, { key: string; request: StoredRequest }[]>();
  /** Each result's block, by its database key. */
  private readonly resultBlocks = new Map<string, number>();

  private constructor(
    private readonly db: ClassicLevel<string, Uint8Array>,
    private readonly sealer: Sealer,
  ) {}

  static async open(location: string, password: string, kdf: KdfParams = DEFAULT_KDF): Promise<TssStore> {
    const db = new ClassicLevel<string, Uint8Array>(location, { keyEncoding: 'utf8', valueEncoding: 'view' });
    try {
      await db.open();
    } catch (cause) {
      throw new TssError(`Cannot open the store at ${location}`, { code: 'STORAGE', cause });
    }
    try {
      let salt = await db.get('meta:salt');
      if (!salt) {
        salt = Sealer.newSalt();
        await db.put('meta:salt', salt);
      }
      const sealer = await Sealer.create(password, salt, kdf);
      const check = await db.get(CHECK_KEY);
      if (check) await sealer.open(CHECK_KEY, check);
      else await db.put(CHECK_KEY, await sealer.seal(CHECK_KEY, CHECK_VALUE));
      const store = new TssStore(db, sealer);
      await store.loadIndex();
      return store;
    } catch (error) {
      await db.close();
      throw error;
    }
  }

  close(): Promise<void> {
    return this.db.close();
  }

  /** The share, and the run records kept beside it gone, in one write: the share holds their runs. */
  async putShare(account: string, share: Uint8Array): Promise<void> {
    const key = `share:${account}`;
    await this.db.batch([
      { type: 'put', key, value: await this.sealer.seal(key, share) },
      { type: 'del', key: `runs:${account}` },
    ]);
  }

  async getShare(account: string): Promise<Uint8Array | undefined> {
    const key = `share:${account}`;
    const sealed = await this.db.get(key);
    return sealed && this.sealer.open(key, sealed);
  }

  /** The runs started since the share was written (`encodeRunRecord`s, concatenated), sealed like it. */
  async putRuns(account: string, runs: Uint8Array): Promise<void> {
    const key = `runs:${account}`;
    await this.db.put(key, await this.sealer.seal(key, runs));
  }

  async getRuns(account: string): Promise<Uint8Array | undefined> {
    const key = `runs:${account}`;
    const sealed = await this.db.get(key);
    return sealed && this.sealer.open(key, sealed);
  }

  async putRequest(request: StoredRequest): Promise<void> {
    const key = requestKey(request);
    await this.putJson(key, request);
    this.indexRequest(key, request);
  }

  /** The newest stored request for a hash (a retried request has a later block), of `account` if given. */
  async getRequest(sigHash: string, account?: string): Promise<StoredRequest | undefined> {
    let newest: StoredRequest | undefined;
    for (const { request } of this.requests.get(sigHash) ?? []) {
      // Two accounts may ask for the same hash: each gets its own request.
      if (account !== undefined && request.account !== account) continue;
      if (!newest || request.blockNumber > newest.blockNumber) newest = request;
    }
    return newest;
  }

  /**
   * Keeps the result of one request: keyed by its account, hash and block, so no other account (nor a
   * later request of the same account) can erase or replace it.
   */
  async putResult(request: RequestKey, result: StoredResult): Promise<void> {
    const key = resultKey(request);
    await this.putJson(key, result);
    this.resultBlocks.set(key, result.blockNumber);
  }

  /**
   * The result of `account`'s request for `sigHash` in `blockNumber`, or by default of its newest request
   * for that hash (a retry's result, not yet there, hides an earlier failure).
   */
  async getResult(account: string, sigHash: string, blockNumber?: number): Promise<StoredResult | undefined> {
    const block = blockNumber ?? (await this.getRequest(sigHash, account))?.blockNumber;
    if (block === undefined) return undefined;
    const value = await this.db.get(resultKey({ account, sigHash, blockNumber: block }));
    return value && parseJson<StoredResult>(value);
  }

  /** Deletes requests and results older than `keepBlocks` before `currentBlock`; returns how many. */
  async prune(currentBlock: number, keepBlocks: number): Promise<number> {
    const limit = currentBlock - keepBlocks;
    const stale: string[] = [];
    for (const [sigHash, entries] of this.requests) {
      const kept = entries.filter(({ request }) => request.blockNumber >= limit);
      if (kept.length === entries.length) continue;
      for (const { key, request } of entries) if (request.blockNumber < limit) stale.push(key);
      if (kept.length === 0) this.requests.delete(sigHash);
      else this.requests.set(sigHash, kept);
    }
    for (const [key, blockNumber] of this.resultBlocks) {
      if (blockNumber < limit) {
        stale.push(key);
        this.resultBlocks.delete(key);
      }
    }
    if (stale.length) await this.db.batch(stale.map((key) => ({ type: 'del' as const, key })));
    return stale.length;
  }

  private async loadIndex(): Promise<void> {
    for await (const [key, value] of this.db.iterator({ gte: 'request:', lt: 'request;' })) {
      this.indexRequest(key, parseJson<StoredRequest>(value));
    }
    for await (const [key, value] of this.db.iterator({ gte: 'result:', lt: 'result;' })) {
      this.resultBlocks.set(key, parseJson<StoredResult>(value).blockNumber);
    }
  }

  private indexRequest(key: string, request: StoredRequest): void {
    const entries = (this.requests.get(request.sigHash) ?? []).filter((entry) => entry.key !== key);
    entries.push({ key, request });
    this.requests.set(request.sigHash, entries);
  }

  private async putJson(key: string, value: unknown): Promise<void> {
    await this.db.put(key, utf8ToBytes(JSON.stringify(value)));
  }
}

function parseJson<T>(bytes: Uint8Array): T {
  return JSON.parse(new TextDecoder().decode(bytes)) as T;
}
