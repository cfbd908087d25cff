import { parseEther, serializeTransaction, type Hex } from 'viem';

/** An unsigned 0.01 ETH transfer to 0x…dEaD: each nonce gives a new signing hash. */
export function evmTx(nonce: number): Hex {
  return serializeTransaction({
    chainId: 1,
    to: '0x000000000000000000000000000000000000dEaD',
    value: parseEther('0.01'),
    nonce,
    gas: 21_000n,
    maxFeePerGas: 1_000_000_000n,
    maxPriorityFeePerGas: 1_000_000n,
  });
}
