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
