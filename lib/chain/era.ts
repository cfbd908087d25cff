import type { ApiPromise } from '@polkadot/api';
import type { SignerOptions } from '@polkadot/api/types';
import type { Header } from '@polkadot/types/interfaces';

/** Blocks of finality lag after which the era starts at the best block's parent instead (as signAsync does). */
const MAX_FINALITY_LAG = 5;
/** Blocks an extrinsic stays valid from its era's start. */
const MORTAL_PERIOD = 64;
/** Heads older than this are not trusted to start an era (the subscription may have stopped): read them. */
const HEADS_FRESH_MS = 30_000;

interface Heads {
  best?: Header;
  finalized?: Header;
  /** When either last arrived (ms, `Date.now()`). */
  at: number;
}

const followed = new WeakMap<ApiPromise, Heads>();

/**
 * Keeps the API's best and finalized heads from two subscriptions, opened once per API: `signingOptions`
 * then starts an extrinsic's era from them without reading a header.
 */
export function followHeads(api: ApiPromise): void {
  if (followed.has(api)) return;
  const heads: Heads = { at: 0 };
  followed.set(api, heads);
  const forget = () => followed.delete(api);
  api.rpc.chain
    .subscribeNewHeads((header) => {
      Object.assign(heads, { best: header, at: Date.now() });
    })
    .catch(forget);
  api.rpc.chain
    .subscribeFinalizedHeads((header) => {
      Object.assign(heads, { finalized: header, at: Date.now() });
    })
    .catch(forget);
}

/**
 * `signAsync`'s options for `address`: the next nonce (pool included) and a mortal era starting at the
 * finalized head (the best one's parent when finality lags), as `signAsync` would choose — from the
 * followed heads, so the only read is the nonce. `signAsync` itself read three headers, two in turn, and
 * the runtime version: 10–30 ms between the approval and the submission (bench:e2e), where a click late in
 * a block interval misses its block. Without fresh heads, `{ nonce: -1 }`: `signAsync` reads them.
 */
export async function signingOptions(api: ApiPromise, address: string): Promise<Partial<SignerOptions>> {
  const heads = followed.get(api);
  const { best, finalized } = heads ?? {};
  if (!heads || !best || !finalized || Date.now() - heads.at > HEADS_FRESH_MS) return { nonce: -1 };
  const lagging = best.number.toNumber() - finalized.number.toNumber() > MAX_FINALITY_LAG;
  const start = lagging
    ? { hash: best.parentHash, number: best.number.toNumber() - 1 }
    : { hash: finalized.hash, number: finalized.number.toNumber() };
  const nonce = await api.rpc.system.accountNextIndex(address);
  return {
    nonce,
    blockHash: start.hash,
    era: api.registry.createType('ExtrinsicEra', { current: start.number, period: MORTAL_PERIOD }),
  };
}
