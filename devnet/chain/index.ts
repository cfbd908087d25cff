/**
 * `startChain`: the devnet node as a library — the chain, its block production, the off-chain worker
 * and the WebSocket JSON-RPC server. `devnet/chain/main.ts` is its command line.
 */
import { mkdir } from 'node:fs/promises';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { defaultGenesis, type GenesisConfig } from '../genesis';
import type { Block } from './block';
import { Chain } from './chain';
import { RuntimeMetadata } from './metadata';
import { OffchainWorker, type OcwDelivery } from './ocw';
import { BlockStore } from './persistence';
import type { PoolOptions } from './pool';
import { createMethods } from './rpc/methods';
import { RpcServer, type RpcLimits } from './rpc/server';
import type { RuntimeConfig } from './runtime';

export { ChainError } from './chain';
export type { Block } from './block';
export type { OcwDelivery } from './ocw';
export { FEES, RUNTIME_VERSION } from './runtime';
export { POOL_DEFAULTS, type PoolOptions } from './pool';
export { RPC_DEFAULTS, type RpcLimits } from './rpc/server';

export interface StartChainOptions {
  /** WebSocket port on `host`; 0 picks a free one. Default 9944. */
  port?: number;
  host?: string;
  /** Milliseconds between blocks; 0 = instant seal (a block as soon as an extrinsic arrives). Default 6000. */
  blockTime?: number;
  /** Finalized head = best − finalityLag. Default 2, or 0 with instant seal. */
  finalityLag?: number;
  /** Default: `defaultGenesis()` (3 groups × 2 validators, TSS servers on 127.0.0.1:3001…). */
  genesis?: GenesisConfig;
  /** Persist blocks and state here; a restart with the same genesis continues the chain. */
  dataDir?: string;
  /** Timeout of each off-chain-worker POST. Default 5000 ms. */
  ocwTimeoutMs?: number;
  /** Transaction pool limits (defaults: `POOL_DEFAULTS`, see docs/devnet.md). */
  pool?: Partial<Omit<PoolOptions, 'now'>>;
  /** RPC server limits (defaults: `RPC_DEFAULTS`, see docs/devnet.md). */
  rpc?: Partial<Omit<RpcLimits, 'now'>>;
  /** Where node logs go. Default `console.info`. */
  log?: (line: string) => void;
}

export interface RunningChain {
  port: number;
  url: string;
  genesisHash: string;
  chain: Chain;
  metadata: RuntimeMetadata;
  ocw: OffchainWorker;
  /** Seals a block now (whatever the mode), e.g. to move a test forward. */
  produceBlock(): Block;
  /** Hears each off-chain-worker POST's outcome. */
  onOcwDelivery(listener: (d: OcwDelivery) => void): () => void;
  stop(): Promise<void>;
}

export const RUNTIME_CONFIG_DEFAULTS = {
  blockHashCount: 4096,
  maxAclLength: 25,
  maxReasonLength: 1024,
  maxEvidenceBytes: 65536,
} as const;

export async function startChain(options: StartChainOptions = {}): Promise<RunningChain> {
  const blockTime = options.blockTime ?? 6000;
  const instant = blockTime === 0;
  const log = options.log ?? ((line: string) => console.info(line));
  // Extrinsic signatures are checked with schnorrkel's WebAssembly build once it is loaded.
  await cryptoWaitReady();
  const genesis = options.genesis ?? (await defaultGenesis()).config;
  const config: RuntimeConfig = {
    ...RUNTIME_CONFIG_DEFAULTS,
    existentialDeposit: BigInt(genesis.existentialDeposit),
  };
  const md = new RuntimeMetadata({
    ...RUNTIME_CONFIG_DEFAULTS,
    existentialDeposit: config.existentialDeposit,
    // polkadot-js sizes mortal eras from 2 × MinimumPeriod; instant seal keeps the 6 s figure.
    minimumPeriod: BigInt(Math.max(1, Math.floor((blockTime || 6000) / 2))),
  });

  let store: BlockStore | null = null;
  if (options.dataDir) {
    await mkdir(options.dataDir, { recursive: true });
    store = new BlockStore(options.dataDir);
    await store.open();
  }
  let chain: Chain;
  try {
    chain = await Chain.open({
      md,
      config,
      genesis,
      finalityLag: options.finalityLag ?? (instant ? 0 : 2),
      store,
      pool: options.pool,
    });
  } catch (e) {
    await store?.close();
    throw e;
  }
  const ocw = new OffchainWorker(chain, { timeoutMs: options.ocwTimeoutMs ?? 5000, log });

  let stopped = false;
  const seal = (): Block => {
    const block = chain.produceBlock();
    const applied = block.extrinsics.length - 1;
    if (applied > 0 || !instant)
      log(`block #${block.number} ${block.hash} (${applied} extrinsic${applied === 1 ? '' : 's'})`);
    return block;
  };
  /** Timer and instant sealing: a failed block is logged (its state was rolled back), the node goes on. */
  const trySeal = (): Block | null => {
    try {
      return seal();
    } catch (e) {
      console.error('devnet chain: cannot produce a block:', e);
      return null;
    }
  };
  let scheduled = false;
  const scheduleSeal = () => {
    if (scheduled || stopped) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      if (stopped) return;
      const block = trySeal();
      // The off-chain worker acts in the block after a request: seal it right away.
      if (block && ocw.hasRequests(block.number)) scheduleSeal();
    });
  };
  const timer = instant ? null : setInterval(() => !stopped && trySeal(), blockTime);
  if (instant) chain.listen({ onTransaction: (status) => status === 'ready' && scheduleSeal() });

  const rpc = new RpcServer(
    createMethods(chain, {
      chainName: genesis.chainName,
      nodeName: 'Entropy devnet node',
      nodeVersion: '0.1.0',
    }),
    options.rpc,
  );
  let port: number;
  try {
    port = await rpc.listen(options.port ?? 9944, options.host ?? '127.0.0.1');
  } catch (e) {
    if (timer) clearInterval(timer);
    await ocw.stop();
    await chain.close();
    throw e;
  }
  const url = `ws://${options.host ?? '127.0.0.1'}:${port}`;
  log(
    `devnet chain: ${genesis.chainName} at ${url}, genesis ${chain.genesis.hash}, best #${chain.best.number}`,
  );

  return {
    port,
    url,
    genesisHash: chain.genesis.hash,
    chain,
    metadata: md,
    ocw,
    produceBlock: seal,
    onOcwDelivery: (l) => ocw.onDelivery(l),
    stop: async () => {
      if (stopped) return;
      stopped = true;
      if (timer) clearInterval(timer);
      await rpc.close();
      await ocw.stop();
      await chain.close();
    },
  };
}
