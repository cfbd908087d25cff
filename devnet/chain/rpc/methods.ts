/**
 * The Substrate RPC methods `@polkadot/api` uses, answered from the chain. Every parameter is
 * checked; results are in the JSON shapes a Substrate node returns.
 */
import { compactAddLength, hexToU8a, isHex, u8aToHex, u8aConcat } from '@polkadot/util';
import { decodeAddress, encodeAddress } from '@polkadot/util-crypto';
import { headerJson, type Block } from '../block';
import type { Chain } from '../chain';
import { RUNTIME_PROPERTIES } from '../metadata';
import type { TxStatus, TxWatcher } from '../pool';
import { FEES, RUNTIME_VERSION } from '../runtime';
import type { Hex } from '../runtime/entropy-types';
import { TransactionRejected } from '../runtime/errors';
import { encodeVec, u32Le } from '../scale';
import { invalidParams, RpcError, type Connection, type Handler } from './server';

export interface NodeInfo {
  chainName: string;
  nodeName: string;
  nodeVersion: string;
}

const MAX_KEYS_PAGE = 1000;
const FINALIZED_HOLD_MS = 1000;
const FINALIZED_AFTER_EVENTS_MS = 50;

function hexParam(v: unknown, name: string): Hex {
  if (typeof v !== 'string' || !isHex(v)) throw invalidParams(`${name} must be 0x-prefixed hex`);
  return v.toLowerCase() as Hex;
}

function optional<T>(v: unknown, parse: (v: unknown) => T): T | undefined {
  return v === undefined || v === null ? undefined : parse(v);
}

function unsigned(v: unknown, name: string): number {
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return v;
  if (typeof v === 'string' && /^0x[0-9a-fA-F]{1,13}$/.test(v)) return parseInt(v, 16);
  if (typeof v === 'string' && /^[0-9]{1,15}$/.test(v)) return Number(v);
  throw invalidParams(`${name} must be a non-negative integer`);
}

/**
 * The longest account text: 0x and 64 hex digits (an SS58 address of 32 bytes is at most 50). Base58
 * decoding costs more than quadratic time: one call with a 100,000-character "address" kept the chain
 * busy for minutes, so anything longer is refused before it is decoded.
 */
const MAX_ACCOUNT_CHARS = 66;

/** An `AccountId32`: SS58 or 0x hex of 32 bytes (as Substrate's RPC deserialises it). */
function address(v: unknown): string {
  const bad = () => invalidParams('account must be an SS58 address or 32-byte hex');
  if (typeof v !== 'string') throw bad();
  if (v.length > MAX_ACCOUNT_CHARS) {
    throw invalidParams(
      `account must be an SS58 address or 32-byte hex (at most ${MAX_ACCOUNT_CHARS} characters)`,
    );
  }
  let key: Uint8Array;
  try {
    key = decodeAddress(v);
  } catch {
    throw bad();
  }
  if (key.length !== 32) throw bad();
  return encodeAddress(key, RUNTIME_PROPERTIES.ss58Format);
}

function rejected(e: unknown): never {
  if (e instanceof TransactionRejected) throw new RpcError(e.rpcCode, e.message, e.data);
  throw e;
}

export function createMethods(chain: Chain, info: NodeInfo): Record<string, Handler> {
  const md = chain.md;
  const runtime = chain.runtime;

  const blockAt = (v: unknown): Block => {
    if (v === undefined || v === null) return chain.best;
    const block = chain.blockByHash(hexParam(v, 'block hash'));
    if (!block) throw new RpcError(4003, `Client error: UnknownBlock: header not found for ${String(v)}`);
    return block;
  };

  const storageAt = (key: Hex, block: Block): Hex | null => {
    const v = chain.valueAt(key, block);
    return v ? u8aToHex(v) : null;
  };

  const queryInfo = (extrinsic: Uint8Array) => {
    try {
      return runtime.queryInfo(extrinsic);
    } catch (e) {
      return rejected(e);
    }
  };

  const runtimeCall: Record<string, (data: Uint8Array) => Uint8Array> = {
    Core_version: () => md.registry.createType('RuntimeVersion', RUNTIME_VERSION).toU8a(),
    Metadata_metadata: () => compactAddLength(md.bytes),
    Metadata_metadata_versions: () => encodeVec([u32Le(14)]),
    Metadata_metadata_at_version: (data) => {
      const version = md.registry.createType('u32', data).toNumber();
      return version === 14 ? u8aConcat(Uint8Array.of(1), compactAddLength(md.bytes)) : Uint8Array.of(0);
    },
    TransactionPaymentApi_query_info: (data) => {
      const ext = md.registry.createType('Extrinsic', data);
      const { weight, fee } = queryInfo(ext.toU8a());
      return md.registry
        .createType('RuntimeDispatchInfo', {
          weight: { refTime: weight, proofSize: 0 },
          class: 'Normal',
          partialFee: fee,
        })
        .toU8a();
    },
    TransactionPaymentApi_query_fee_details: (data) => {
      const ext = md.registry.createType('Extrinsic', data);
      const length = ext.toU8a().length;
      const { weight } = queryInfo(ext.toU8a());
      return md.registry
        .createType('FeeDetails', {
          inclusionFee: {
            baseFee: FEES.base,
            lenFee: FEES.perByte * BigInt(length),
            adjustedWeightFee: weight / FEES.weightDivisor,
          },
        })
        .toU8a();
    },
  };

  const headSubscription =
    (notification: string, which: 'onBlock' | 'onFinalized', initial: () => Block): Handler =>
    (_params, conn) =>
      conn.subscribe(notification, (sub) => {
        sub.send(headerJson(initial()));
        return chain.listen({ [which]: (b: Block) => sub.send(headerJson(b)) });
      });

  const unsubscribe: Handler = ([id], conn) => conn.unsubscribe(id);

  /*
   * `@polkadot/api` handles each extrinsic status by reading the block and its `System.Events`; a
   * status that arrives meanwhile cancels that work (rxjs switchMap). When finality follows inclusion
   * at once (instant seal), `inBlock` would never reach the caller. So `finalized` waits until this
   * connection has read the events of that block, plus FINALIZED_AFTER_EVENTS_MS (or FINALIZED_HOLD_MS
   * in all): it comes later, never differently.
   */
  const eventsKey = md.storageKey('System', 'Events');
  const held = new WeakMap<Connection, Map<Hex, (() => void)[]>>();
  const holdFinalized = (conn: Connection, blockHash: Hex, release: () => void) => {
    let byBlock = held.get(conn);
    if (!byBlock) held.set(conn, (byBlock = new Map()));
    const waiting = byBlock;
    let once = false;
    const run = () => {
      if (once) return;
      once = true;
      clearTimeout(timer);
      const rest = (waiting.get(blockHash) ?? []).filter((f) => f !== run);
      if (rest.length) waiting.set(blockHash, rest);
      else waiting.delete(blockHash);
      release();
    };
    const timer = setTimeout(run, FINALIZED_HOLD_MS);
    byBlock.set(blockHash, [...(byBlock.get(blockHash) ?? []), run]);
  };
  const eventsRead = (conn: Connection, keys: string[], block: Block) => {
    if (!keys.includes(eventsKey)) return;
    const waiting = held.get(conn)?.get(block.hash);
    if (!waiting) return;
    held.get(conn)?.delete(block.hash);
    // Well after this request's response: frames read in one go are handled before the client's
    // promise callbacks run, and would still cancel the inBlock result.
    setTimeout(() => waiting.forEach((run) => run()), FINALIZED_AFTER_EVENTS_MS);
  };

  const submitAndWatch: Handler = ([ext], conn) => {
    const bytes = hexToU8a(hexParam(ext, 'extrinsic'));
    // Before the transaction enters the pool: a refused watch must not leave it there unwatched.
    conn.checkSubscriptionLimit();
    // Statuses that come before the subscription starts (an instant-sealed block) wait here.
    let backlog: [TxStatus, boolean][] | null = [];
    let forward: TxWatcher = () => undefined;
    const watcher: TxWatcher = (status, final) =>
      backlog ? backlog.push([status, final]) : forward(status, final);
    let hash: Hex;
    try {
      const submitted = chain.submit(bytes, watcher);
      hash = submitted.tx.hash;
      backlog.unshift([submitted.status, false]);
    } catch (e) {
      return rejected(e);
    }
    return conn.subscribe('author_extrinsicUpdate', (sub) => {
      forward = (status, final) => {
        const deliver = () => {
          sub.send(status);
          if (final) sub.close();
        };
        if (typeof status === 'object' && 'finalized' in status)
          holdFinalized(conn, status.finalized, deliver);
        else deliver();
      };
      const early = backlog ?? [];
      backlog = null;
      for (const [status, final] of early) forward(status, final);
      return () => chain.pool.unwatch(hash, watcher);
    });
  };

  const methods: Record<string, Handler> = {
    rpc_methods: () => ({ methods: Object.keys(methods).sort(), version: 1 }),

    system_chain: () => info.chainName,
    system_name: () => info.nodeName,
    system_version: () => info.nodeVersion,
    system_chainType: () => 'Development',
    system_properties: () => RUNTIME_PROPERTIES,
    system_health: () => ({ peers: 0, isSyncing: false, shouldHavePeers: false }),
    system_peers: () => [],
    system_nodeRoles: () => ['Authority'],
    system_syncState: () => ({
      startingBlock: 0,
      currentBlock: chain.best.number,
      highestBlock: chain.best.number,
    }),
    system_accountNextIndex: ([account]) => chain.accountNextIndex(address(account)),

    chain_getBlockHash: ([n]) => {
      if (n === undefined || n === null) return chain.best.hash;
      const hashOf = (v: unknown) => chain.blockByNumber(unsigned(v, 'block number'))?.hash ?? null;
      // Substrate takes a number or a list of numbers.
      return Array.isArray(n) ? n.map(hashOf) : hashOf(n);
    },
    chain_getHeader: ([hash]) =>
      hash === undefined || hash === null ? headerJson(chain.best) : headerJson(blockAt(hash)),
    chain_getBlock: ([hash]) => {
      const b = blockAt(hash);
      return {
        block: { header: headerJson(b), extrinsics: b.extrinsics.map((e) => u8aToHex(e)) },
        justifications: null,
      };
    },
    chain_getFinalizedHead: () => chain.finalized.hash,
    chain_subscribeNewHeads: headSubscription('chain_newHead', 'onBlock', () => chain.best),
    chain_unsubscribeNewHeads: unsubscribe,
    // Substrate's older names, which @polkadot/api's api.rpc.chain.subscribeNewHeads still calls.
    chain_subscribeNewHead: headSubscription('chain_newHead', 'onBlock', () => chain.best),
    chain_unsubscribeNewHead: unsubscribe,
    chain_subscribeAllHeads: headSubscription('chain_allHead', 'onBlock', () => chain.best),
    chain_unsubscribeAllHeads: unsubscribe,
    chain_subscribeFinalizedHeads: headSubscription(
      'chain_finalizedHead',
      'onFinalized',
      () => chain.finalized,
    ),
    chain_unsubscribeFinalizedHeads: unsubscribe,

    state_getMetadata: ([at]) => {
      blockAt(at);
      return u8aToHex(md.bytes);
    },
    state_getRuntimeVersion: ([at]) => {
      blockAt(at);
      return RUNTIME_VERSION;
    },
    state_subscribeRuntimeVersion: (_p, conn) =>
      conn.subscribe('state_runtimeVersion', (sub) => {
        sub.send(RUNTIME_VERSION);
      }),
    state_unsubscribeRuntimeVersion: unsubscribe,
    state_getStorage: ([key, at], conn) => {
      const [k, block] = [hexParam(key, 'key'), blockAt(at)];
      eventsRead(conn, [k], block);
      return storageAt(k, block);
    },
    state_getStorageHash: ([key, at]) => {
      const v = chain.valueAt(hexParam(key, 'key'), blockAt(at));
      return v ? u8aToHex(md.registry.hash(v)) : null;
    },
    state_getStorageSize: ([key, at]) => chain.valueAt(hexParam(key, 'key'), blockAt(at))?.length ?? null,
    state_queryStorageAt: ([keys, at], conn) => {
      if (!Array.isArray(keys)) throw invalidParams('keys must be an array');
      const block = blockAt(at);
      eventsRead(
        conn,
        keys.map((k) => hexParam(k, 'key')),
        block,
      );
      return [
        {
          block: block.hash,
          changes: keys.map((k) => [hexParam(k, 'key'), storageAt(hexParam(k, 'key'), block)]),
        },
      ];
    },
    state_getKeysPaged: ([prefix, count, startKey, at]) => {
      const p = optional(prefix, (v) => hexParam(v, 'prefix')) ?? '0x';
      const n = unsigned(count, 'count');
      if (n > MAX_KEYS_PAGE)
        throw new RpcError(4002, `count exceeds maximum value. value: ${n}, max: ${MAX_KEYS_PAGE}`);
      const start = optional(startKey, (v) => hexParam(v, 'startKey'));
      const keys = chain.keysAt(p, blockAt(at));
      return keys.filter((k) => start === undefined || k > start).slice(0, n);
    },
    state_subscribeStorage: ([keys], conn) => {
      const wanted =
        keys === undefined || keys === null
          ? null
          : Array.isArray(keys)
            ? keys.map((k) => hexParam(k, 'key'))
            : (() => {
                throw invalidParams('keys must be an array');
              })();
      return conn.subscribe('state_storage', (sub) => {
        const best = chain.best;
        if (wanted) sub.send({ block: best.hash, changes: wanted.map((k) => [k, storageAt(k, best)]) });
        return chain.listen({
          onBlock: (b) => {
            const changes = wanted
              ? wanted
                  .filter((k) => b.changeIndex.has(k))
                  .map((k) => [k, toHexOrNull(b.changeIndex.get(k)?.next)])
              : b.changes.map((c) => [c.key, toHexOrNull(c.next)]);
            if (changes.length) sub.send({ block: b.hash, changes });
          },
        });
      });
    },
    state_unsubscribeStorage: unsubscribe,
    state_call: ([method, data, at]) => {
      if (typeof method !== 'string') throw invalidParams('method must be a string');
      const call = Object.hasOwn(runtimeCall, method) ? runtimeCall[method] : undefined;
      const input = hexToU8a(hexParam(data ?? '0x', 'data'));
      blockAt(at);
      if (!call)
        throw new RpcError(4003, `Client error: Execution failed: Exported method ${method} is not found`);
      try {
        return u8aToHex(call(input));
      } catch (e) {
        if (e instanceof RpcError) throw e;
        throw new RpcError(4003, `Client error: Execution failed: ${(e as Error).message}`);
      }
    },

    author_submitExtrinsic: ([ext]) => {
      try {
        return chain.submit(hexToU8a(hexParam(ext, 'extrinsic'))).tx.hash;
      } catch (e) {
        return rejected(e);
      }
    },
    author_submitAndWatchExtrinsic: submitAndWatch,
    author_unwatchExtrinsic: unsubscribe,
    author_pendingExtrinsics: () => chain.pool.pending().map((e) => u8aToHex(e)),

    payment_queryInfo: ([ext, at]) => {
      blockAt(at);
      const { weight, fee } = queryInfo(hexToU8a(hexParam(ext, 'extrinsic')));
      // The deprecated RPC's shape as @polkadot/api 16 decodes it (RuntimeDispatchInfoV1: weight = refTime).
      return { weight: Number(weight), class: 'normal', partialFee: fee.toString() };
    },
  };
  return methods;
}

function toHexOrNull(v: Uint8Array | null | undefined): Hex | null {
  return v ? u8aToHex(v) : null;
}
