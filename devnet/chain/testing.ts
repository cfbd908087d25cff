/** Helpers for the chain's tests: a node in instant-seal mode and an `@polkadot/api` client on it. */
import { ApiPromise, WsProvider } from '@polkadot/api';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import type { KeyringPair } from '@polkadot/keyring/types';
import type { Codec, ISubmittableResult } from '@polkadot/types/types';
import { defaultGenesis, type DefaultGenesis } from '../genesis';
import { startChain, type RunningChain, type StartChainOptions } from './index';

export interface TestNet {
  node: RunningChain;
  api: ApiPromise;
  genesis: DefaultGenesis;
  stop(): Promise<void>;
}

export async function startTestNet(
  options: StartChainOptions & { genesisOverride?: (g: DefaultGenesis) => void } = {},
): Promise<TestNet> {
  const genesis = await defaultGenesis({ exclusionPeriod: 5 });
  options.genesisOverride?.(genesis);
  const node = await startChain({
    port: 0,
    blockTime: 0,
    genesis: genesis.config,
    log: () => undefined,
    ...options,
  });
  const api = await ApiPromise.create({
    provider: new WsProvider(node.url),
    noInitWarn: true,
    throwOnConnect: true,
  });
  return {
    node,
    api,
    genesis,
    stop: async () => {
      await api.disconnect();
      await node.stop();
    },
  };
}

/** Signs, submits and resolves with the result once the block is finalized (rejects on pool refusal). */
export function submit(
  tx: SubmittableExtrinsic<'promise'>,
  signer: KeyringPair,
  options: { nonce?: number } = {},
): Promise<ISubmittableResult> {
  return new Promise((resolve, reject) => {
    tx.signAndSend(signer, options, (result) => {
      if (result.status.isFinalized) resolve(result);
      else if (result.status.isInvalid || result.status.isDropped)
        reject(new Error(`transaction ${result.status.type}`));
    }).catch(reject);
  });
}

/** Name of a failed dispatch's module error, e.g. `relayer.NotRegistered`, or null on success. */
export function dispatchErrorName(api: ApiPromise, result: ISubmittableResult): string | null {
  if (!result.dispatchError) return null;
  if (!result.dispatchError.isModule) return result.dispatchError.type;
  const meta = api.registry.findMetaError(result.dispatchError.asModule);
  return `${meta.section}.${meta.name}`;
}

type UntypedQuery = ((...args: unknown[]) => Promise<Codec>) & { entries(): Promise<[Codec, Codec][]> };

/**
 * `api.query.<pallet>.<item>` by name: the project's augmentation (lib/chain/augment.ts) types only what
 * the wallet uses, so tests reach the rest untyped and assert on JSON.
 */
export function query(api: ApiPromise, pallet: string, item: string): UntypedQuery {
  const fn = (api.query as unknown as Record<string, Record<string, UntypedQuery> | undefined>)[pallet]?.[
    item
  ];
  if (!fn) throw new Error(`no storage ${pallet}.${item}`);
  return fn;
}

export function constant(api: ApiPromise, pallet: string, name: string): Codec {
  const c = (api.consts as unknown as Record<string, Record<string, Codec> | undefined>)[pallet]?.[name];
  if (!c) throw new Error(`no constant ${pallet}.${name}`);
  return c;
}

/** JSON of a decoded value: accounts as SS58, byte arrays as hex, big integers as number or hex. */
export function json<T>(c: Codec | undefined): T {
  if (!c) throw new Error('no value');
  return c.toJSON() as T;
}

/** A JSON integer (number, hex or decimal string) as bigint. */
export function big(v: unknown): bigint {
  if (typeof v === 'number' || typeof v === 'string') return BigInt(v);
  throw new Error(`not an integer: ${String(v)}`);
}

export async function account(api: ApiPromise, address: string): Promise<{ nonce: number; free: bigint }> {
  const info = json<{ nonce: number; data: { free: number | string } }>(
    await query(api, 'system', 'account')(address),
  );
  return { nonce: info.nonce, free: big(info.data.free) };
}

/** JSON fields of the first `section.method` event of a result, or undefined. */
export function eventData(
  result: ISubmittableResult,
  section: string,
  method: string,
): unknown[] | undefined {
  const record = result.events.find((e) => e.event.section === section && e.event.method === method);
  return record ? (record.event.data.toJSON() as unknown[]) : undefined;
}

/** `api.tx.<pallet>.<call>` by name (see `query`). */
export function tx(
  api: ApiPromise,
  pallet: string,
  call: string,
): (...args: unknown[]) => SubmittableExtrinsic<'promise'> {
  const fn = (
    api.tx as unknown as Record<
      string,
      Record<string, (...a: unknown[]) => SubmittableExtrinsic<'promise'>> | undefined
    >
  )[pallet]?.[call];
  if (!fn) throw new Error(`no call ${pallet}.${call}`);
  return fn;
}

/** Subscribes to `api.query.<pallet>.<item>(...args)`; `onValue` gets each value's JSON. */
export function subscribe(
  api: ApiPromise,
  pallet: string,
  item: string,
  args: unknown[],
  onValue: (value: unknown) => void,
): Promise<() => void> {
  const fn = query(api, pallet, item) as unknown as (...a: unknown[]) => Promise<() => void>;
  return fn(...args, (c: Codec) => onValue(c.toJSON()));
}
