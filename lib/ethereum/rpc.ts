import { BaseError, createPublicClient, http, type PublicClient } from 'viem';
import type { EvmNetwork } from '../settings/types';
import { ChainRpcError, ChainUnavailable, UnrecognizedChain } from './errors';

/** Every call to a chain's RPC is bounded in time and in the size of its answer. */
export const RPC_TIMEOUT_MS = 15_000;
export const MAX_RPC_RESPONSE_BYTES = 2 * 1024 * 1024;

/** The wallet's view of the EVM chains it talks to: each configured network's viem client. */
export interface EvmRpc {
  network(chainId: number): Promise<EvmNetwork>;
  client(chainId: number): Promise<PublicClient>;
}

export function createEvmRpc(networks: () => Promise<EvmNetwork[]>): EvmRpc {
  // Keyed by chain id and URL, so an edited endpoint gets a fresh client; at most one per configured network.
  const clients = new Map<string, PublicClient>();
  async function network(chainId: number): Promise<EvmNetwork> {
    const found = (await networks()).find((n) => n.chainId === chainId);
    if (!found) {
      throw new UnrecognizedChain(`Chain ${chainId} is not configured in the wallet`, {
        details: { chainId },
      });
    }
    return found;
  }
  return {
    network,
    async client(chainId) {
      const { rpcUrl } = await network(chainId);
      const key = `${chainId} ${rpcUrl}`;
      let client = clients.get(key);
      if (!client) {
        for (const old of clients.keys()) if (old.startsWith(`${chainId} `)) clients.delete(old);
        client = createPublicClient({
          transport: http(rpcUrl, {
            timeout: RPC_TIMEOUT_MS,
            maxResponseBodySize: MAX_RPC_RESPONSE_BYTES,
            retryCount: 0,
          }),
        });
        clients.set(key, client);
      }
      return client;
    },
  };
}

interface CodedError {
  code?: unknown;
  data?: unknown;
  cause?: unknown;
  shortMessage?: string;
  details?: string;
}

/**
 * viem's failure as a typed wallet error: the node's own error (it answered: a revert, a bad nonce) keeps
 * its code and data; no answer at all (refused, timed out, too large) is ChainUnavailable.
 */
export function toChainError(error: unknown, network: Pick<EvmNetwork, 'chainId' | 'name'>): Error {
  if (!(error instanceof BaseError)) return error instanceof Error ? error : new Error(String(error));
  // The node's own code and data sit deepest in viem's chain of causes (outer wrappers may say -1).
  let rpc: CodedError | undefined;
  for (let current = error as CodedError | undefined; current; current = current.cause as CodedError) {
    if (typeof current.code === 'number') rpc = { code: current.code, data: current.data ?? rpc?.data };
  }
  const chainId = network.chainId;
  if (!rpc) {
    return new ChainUnavailable(
      `${network.name} (chain ${chainId}) did not answer: ${error.shortMessage.split('\n')[0]}`,
      { details: { chainId } },
    );
  }
  const message = (error.details || error.shortMessage).split('\n')[0]!.slice(0, 500);
  return new ChainRpcError(message, {
    details: { chainId, rpcCode: rpc.code, ...(rpc.data === undefined ? {} : { rpcData: rpc.data }) },
  });
}

/** Runs `call` against the chain and types its failure (see toChainError). */
export async function onChain<T>(
  network: Pick<EvmNetwork, 'chainId' | 'name'>,
  call: () => Promise<T>,
): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toChainError(error, network);
  }
}
