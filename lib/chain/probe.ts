import type { ApiPromise } from '@polkadot/api';
import { connectChain } from './connect';
import { NotEntropyChain } from './errors';

/** The pallets the wallet uses: a chain without them cannot register accounts or sign. */
export const ENTROPY_PALLETS = ['relayer', 'stakingExtension', 'constraints'] as const;

export interface ProbedChain {
  endpoint: string;
  chain: string;
  genesisHash: `0x${string}`;
  specVersion: number;
}

/** Refuses a chain without Entropy's pallets, naming what is missing. */
export function assertEntropyChain(api: Pick<ApiPromise, 'query' | 'runtimeChain'>, endpoint: string): void {
  const missing = ENTROPY_PALLETS.filter((pallet) => api.query[pallet] === undefined);
  if (missing.length === 0) return;
  const chain = api.runtimeChain.toString();
  throw new NotEntropyChain(
    `${chain || 'The chain'} at ${endpoint} is not an Entropy network: it has no ${missing.join(', ')} pallet${missing.length > 1 ? 's' : ''}`,
    { details: { endpoint, chain, missing } },
  );
}

/**
 * Tries an endpoint before the wallet switches to it: it must answer (within `timeoutMs`), give its genesis
 * hash and runtime, and have Entropy's pallets. The connection is closed again either way.
 */
export async function probeEndpoint(
  endpoint: string,
  { timeoutMs = 10_000, connect = connectChain }: { timeoutMs?: number; connect?: typeof connectChain } = {},
): Promise<ProbedChain> {
  const api = await connect({ endpoint, timeoutMs });
  try {
    assertEntropyChain(api, endpoint);
    return {
      endpoint,
      chain: api.runtimeChain.toString(),
      genesisHash: api.genesisHash.toHex(),
      specVersion: api.runtimeVersion.specVersion.toNumber(),
    };
  } finally {
    await api.disconnect().catch(() => undefined);
  }
}
