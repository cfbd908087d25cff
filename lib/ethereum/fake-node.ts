import {
  createPublicClient,
  custom,
  decodeFunctionData,
  encodeFunctionResult,
  erc20Abi,
  numberToHex,
  type Hex,
  type PublicClient,
} from 'viem';

/**
 * TESTS ONLY: a viem client over a scripted EVM node (EIP-1193 in memory), so filling, fee limits and
 * decoding run through viem exactly as against a real node. `calls` records every method asked.
 */
export function fakeEvmNode(
  options: {
    nonce?: number;
    gas?: bigint;
    baseFee?: bigint | null;
    priorityFee?: bigint;
    gasPrice?: bigint;
    balance?: bigint;
    blockGasLimit?: bigint;
    token?: { symbol: string; decimals: number };
    /** Receipts by transaction hash; a hash not listed is not mined (yet). */
    receipts?: Record<Hex, 'success' | 'reverted'>;
  } = {},
): { client: PublicClient; calls: string[] } {
  const calls: string[] = [];
  const baseFee = options.baseFee === undefined ? 1_000_000_000n : options.baseFee;
  const block = {
    number: '0x10',
    hash: `0x${'11'.repeat(32)}`,
    parentHash: `0x${'22'.repeat(32)}`,
    timestamp: '0x1',
    gasLimit: numberToHex(options.blockGasLimit ?? 30_000_000n),
    gasUsed: '0x0',
    ...(baseFee === null ? {} : { baseFeePerGas: numberToHex(baseFee) }),
    transactions: [],
  };
  const receipt = (hash: Hex, status: 'success' | 'reverted') => ({
    transactionHash: hash,
    transactionIndex: '0x0',
    blockHash: block.hash,
    blockNumber: block.number,
    from: `0x${'33'.repeat(20)}`,
    to: `0x${'44'.repeat(20)}`,
    cumulativeGasUsed: '0x5208',
    gasUsed: '0x5208',
    effectiveGasPrice: '0x3b9aca00',
    contractAddress: null,
    logs: [],
    logsBloom: `0x${'00'.repeat(256)}`,
    type: '0x2',
    status: status === 'success' ? '0x1' : '0x0',
  });
  const client = createPublicClient({
    transport: custom(
      {
        async request({ method, params }: { method: string; params?: unknown[] }): Promise<unknown> {
          calls.push(method);
          switch (method) {
            case 'eth_chainId':
              return '0x7a69';
            case 'eth_getTransactionCount':
              return numberToHex(options.nonce ?? 7);
            case 'eth_estimateGas':
              return numberToHex(options.gas ?? 21_000n);
            case 'eth_getBlockByNumber':
              return block;
            case 'eth_maxPriorityFeePerGas':
              return numberToHex(options.priorityFee ?? 1_500_000_000n);
            case 'eth_gasPrice':
              return numberToHex(options.gasPrice ?? 3_000_000_000n);
            case 'eth_blockNumber':
              return block.number;
            case 'eth_getTransactionByHash':
              return null;
            case 'eth_getTransactionReceipt': {
              const [hash] = params as [Hex];
              const status = options.receipts?.[hash];
              return status === undefined ? null : receipt(hash, status);
            }
            case 'eth_getBalance':
              return numberToHex(options.balance ?? 10n ** 20n);
            case 'eth_call': {
              if (!options.token) throw Object.assign(new Error('execution reverted'), { code: 3 });
              const { data } = (params as [{ data: Hex }])[0];
              const { functionName } = decodeFunctionData({ abi: erc20Abi, data });
              if (functionName === 'symbol')
                return encodeFunctionResult({ abi: erc20Abi, functionName, result: options.token.symbol });
              if (functionName === 'decimals')
                return encodeFunctionResult({ abi: erc20Abi, functionName, result: options.token.decimals });
              throw new Error(`fake node: no ${functionName}`);
            }
            default:
              throw Object.assign(new Error(`fake node: ${method} not supported`), { code: -32601 });
          }
        },
      },
      { retryCount: 0 },
    ),
  });
  return { client, calls };
}
