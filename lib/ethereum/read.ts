import type { EIP1193Parameters, PublicClient, PublicRpcSchema } from 'viem';
import type { EvmNetwork } from '../settings/types';
import { InvalidParams } from './errors';
import { onChain } from './rpc';

/** Methods an authorised page may send to the chain's node through the wallet, unchanged. */
export const READ_METHODS: ReadonlySet<string> = new Set([
  'eth_blockNumber',
  'eth_getBalance',
  'eth_call',
  'eth_estimateGas',
  'eth_getTransactionCount',
  'eth_gasPrice',
  'eth_maxPriorityFeePerGas',
  'eth_feeHistory',
  'eth_getCode',
  'eth_getBlockByNumber',
  'eth_getTransactionByHash',
  'eth_getTransactionReceipt',
  'eth_getLogs',
  'web3_clientVersion',
]);

/** A read's parameters as JSON; larger is refused before it reaches the node (the answer is bounded in rpc.ts). */
export const MAX_READ_PARAMS_BYTES = 64 * 1024;

function readParams(method: string, params: unknown): unknown[] {
  if (params !== undefined && !Array.isArray(params)) {
    throw new InvalidParams(`${method} expects its parameters as an array`, { details: { method } });
  }
  const list = params ?? [];
  if (JSON.stringify(list).length > MAX_READ_PARAMS_BYTES) {
    throw new InvalidParams(`The parameters of ${method} are larger than ${MAX_READ_PARAMS_BYTES} bytes`, {
      details: { method },
    });
  }
  return list;
}

/** Passes one read (or a signed transaction) to the chain's node with viem's transport; the node's errors keep their code. */
export function passThrough(
  client: PublicClient,
  network: Pick<EvmNetwork, 'chainId' | 'name'>,
  method: string,
  params: unknown,
): Promise<unknown> {
  const args = {
    method,
    params: readParams(method, params),
  } as unknown as EIP1193Parameters<PublicRpcSchema>;
  return onChain(network, () => client.request(args, { retryCount: 0 }));
}
