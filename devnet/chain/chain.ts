/**
 * The chain: blocks, the current state and the readable history of older states, the transaction
 * pool, block production and finality. Listeners hear about every new and every finalized block.
 */
import type { GenesisConfig } from '../genesis';
import { makeBlock, type Block, ZERO_HASH } from './block';
import type { RuntimeMetadata } from './metadata';
import type { BlockStore } from './persistence';
import { Pool, type PoolOptions, type TxStatus, type TxWatcher } from './pool';
import { Runtime, type ChainView, type CheckedTx, type RuntimeConfig } from './runtime';
import { getAccount } from './runtime/accounts';
import { Ctx } from './runtime/context';
import type { Hex } from './runtime/entropy-types';
import { State } from './state';
import { u8aToHex } from '@polkadot/util';
import { WalletError, registerError } from '../../lib/errors';

export class ChainError extends WalletError {
  constructor(message: string, options: { code?: string; details?: Record<string, unknown> } = {}) {
    super(message, { ...options, code: options.code ?? 'CHAIN_ERROR' });
  }
}
registerError(ChainError);

export interface ChainListener {
  onBlock?(block: Block): void;
  onFinalized?(block: Block): void;
  /** A transaction entered the pool, `ready` for the next block or waiting for an earlier nonce. */
  onTransaction?(status: 'ready' | 'future'): void;
}

export class Chain {
  readonly runtime: Runtime;
  readonly pool: Pool;
  private readonly blocks: Block[] = [];
  private readonly byHash = new Map<Hex, Block>();
  private readonly listeners = new Set<ChainListener>();
  private finalizedNumber = 0;
  private lastTimestamp = 0;
  private closed = false;

  private constructor(
    readonly md: RuntimeMetadata,
    config: RuntimeConfig,
    readonly state: State,
    private readonly finalityLag: number,
    private readonly store: BlockStore | null,
    poolOptions: Partial<PoolOptions>,
  ) {
    this.runtime = new Runtime(md, config);
    this.pool = new Pool(poolOptions);
  }

  /** Builds genesis, or continues the chain found in `store` (which must have the same genesis). */
  static async open(options: {
    md: RuntimeMetadata;
    config: RuntimeConfig;
    genesis: GenesisConfig;
    finalityLag: number;
    store: BlockStore | null;
    pool?: Partial<PoolOptions>;
  }): Promise<Chain> {
    const genesisState = new State();
    const tmp = new Runtime(options.md, options.config);
    tmp.genesis(genesisState, options.genesis);
    const genesisBlock = makeBlock(0, ZERO_HASH, genesisState.root(), [], genesisState.takeChanges());
    const loaded = options.store ? await options.store.load() : null;
    if (!loaded) {
      const chain = new Chain(
        options.md,
        options.config,
        genesisState,
        options.finalityLag,
        options.store,
        options.pool ?? {},
      );
      chain.import(genesisBlock);
      await chain.store?.append(genesisBlock, 0);
      return chain;
    }
    if (loaded.blocks[0]?.hash !== genesisBlock.hash) {
      throw new ChainError(
        'The data directory holds a chain with another genesis; remove it or use another --data-dir',
        {
          code: 'CHAIN_GENESIS_MISMATCH',
          details: { stored: loaded.blocks[0]?.hash, expected: genesisBlock.hash },
        },
      );
    }
    const chain = new Chain(
      options.md,
      options.config,
      new State(loaded.state),
      options.finalityLag,
      options.store,
      options.pool ?? {},
    );
    loaded.blocks.forEach((b, i) => {
      if (b.number !== i || (i > 0 && b.parentHash !== loaded.blocks[i - 1]?.hash)) {
        throw new ChainError(`The data directory is corrupt at block ${i}`, { code: 'CHAIN_CORRUPT' });
      }
      chain.import(b);
    });
    if (chain.best.stateRoot !== u8aToHex(chain.state.root())) {
      throw new ChainError('The data directory is corrupt: state does not match the best block', {
        code: 'CHAIN_CORRUPT',
      });
    }
    chain.finalizedNumber = Math.min(loaded.finalized, chain.best.number);
    chain.lastTimestamp = Date.now();
    return chain;
  }

  private import(block: Block): void {
    this.blocks.push(block);
    this.byHash.set(block.hash, block);
  }

  get best(): Block {
    return this.blocks[this.blocks.length - 1] as Block;
  }

  get genesis(): Block {
    return this.blocks[0] as Block;
  }

  get finalized(): Block {
    return this.blocks[this.finalizedNumber] as Block;
  }

  blockByNumber(n: number): Block | null {
    return this.blocks[n] ?? null;
  }

  blockByHash(hash: string): Block | null {
    return this.byHash.get(hash.toLowerCase() as Hex) ?? null;
  }

  /** A listener's failure is logged, never propagated into block production. */
  private notify(fn: (l: ChainListener) => void): void {
    for (const l of [...this.listeners]) {
      try {
        fn(l);
      } catch (e) {
        console.error('devnet chain: listener failed:', e);
      }
    }
  }

  listen(l: ChainListener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  view(): ChainView {
    const best = this.best.number;
    const window = this.runtime.config.blockHashCount;
    return {
      genesisHash: this.genesis.hash,
      bestNumber: best,
      blockHash: (n) => (n >= 0 && n <= best && best - n <= window ? (this.blocks[n]?.hash ?? null) : null),
    };
  }

  /** A read-only context over the best state (for queries and runtime calls). */
  context(): Ctx {
    return new Ctx(this.md, this.state, this.best.number, this.runtime.config);
  }

  nonceOf(address: string): number {
    return getAccount(this.context(), address).nonce;
  }

  accountNextIndex(address: string): number {
    return this.pool.nextNonce(address, this.nonceOf(address));
  }

  /** Validates and queues a transaction; throws `TransactionRejected`. */
  submit(bytes: Uint8Array, watcher?: TxWatcher): { tx: CheckedTx; status: TxStatus } {
    const tx = this.runtime.check(this.state, this.view(), bytes);
    const status = this.pool.add(tx, this.nonceOf(tx.signer), watcher);
    this.notify((l) => l.onTransaction?.(status));
    return { tx, status };
  }

  /** Value of `key` in the state after `block` (walking back through later blocks' changes). */
  valueAt(key: string, block: Block = this.best): Uint8Array | null {
    let value = this.state.get(key);
    for (let n = this.best.number; n > block.number; n--) {
      const change = this.blocks[n]?.changeIndex.get(key);
      if (change) value = change.prev;
    }
    return value;
  }

  /** Sorted keys with `prefix` in the state after `block`. */
  keysAt(prefix: string, block: Block = this.best): string[] {
    const keys = new Set(this.state.keys().filter((k) => k.startsWith(prefix)));
    for (let n = this.best.number; n > block.number; n--) {
      for (const c of this.blocks[n]?.changes ?? []) {
        if (!c.key.startsWith(prefix)) continue;
        if (c.prev === null) keys.delete(c.key);
        else keys.add(c.key);
      }
    }
    return [...keys].sort();
  }

  /**
   * Seals the next block from the pool. With a store, blocks become final only once written, so a
   * finalized block survives a kill -9 of the node.
   */
  produceBlock(): Block {
    const parent = this.best;
    const number = parent.number + 1;
    // Timestamps strictly increase even when blocks come faster than the clock ticks.
    const timestamp = Math.max(Date.now(), this.lastTimestamp + 1);
    this.lastTimestamp = timestamp;
    // In a layer: if building the block throws, the state is as before.
    const result = this.state.transaction(() =>
      this.runtime.execute(this.state, number, parent.hash, timestamp, this.pool.candidates()),
    );
    const block = makeBlock(
      number,
      parent.hash,
      this.state.root(),
      result.extrinsics,
      this.state.takeChanges(),
    );
    this.import(block);
    const newFinalized = Math.max(this.finalizedNumber, number - this.finalityLag);
    const written = this.store?.append(block, newFinalized);
    this.pool.onBlock(
      number,
      block.hash,
      result.applied.map((a) => a.tx.hash),
      result.dropped.map((d) => d.tx.hash),
      (s) => this.nonceOf(s),
    );
    this.notify((l) => l.onBlock?.(block));
    if (written) void written.then(() => this.finalizeUpTo(newFinalized));
    else this.finalizeUpTo(newFinalized);
    return block;
  }

  private finalizeUpTo(n: number): void {
    while (this.finalizedNumber < n && !this.closed) {
      this.finalizedNumber++;
      const f = this.blocks[this.finalizedNumber] as Block;
      this.pool.onFinalized(f.number);
      this.notify((l) => l.onFinalized?.(f));
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.pool.close();
    this.listeners.clear();
    await this.store?.close();
  }
}
