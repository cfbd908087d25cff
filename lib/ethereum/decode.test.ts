import { encodeFunctionData, erc20Abi, maxUint256 } from 'viem';
import { describe, expect, it } from 'vitest';
import { decodeCall, describeCall } from './decode';
import { fakeEvmNode } from './fake-node';

const TOKEN = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
const ALICE = '0x1111111111111111111111111111111111111111';
const BOB = '0x2222222222222222222222222222222222222222';

describe('decoding a transaction for approval', () => {
  it('names an ERC-20 transfer with its amount in token units, symbol and decimals read from the contract', async () => {
    const data = encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [BOB, 1_500_000n] });
    const { client } = fakeEvmNode({ token: { symbol: 'eUSD', decimals: 6 } });
    expect(await describeCall(client, TOKEN, data)).toEqual({
      kind: 'erc20',
      functionName: 'transfer',
      token: { address: TOKEN, symbol: 'eUSD', decimals: 6 },
      recipient: BOB,
      amount: '1500000',
      formatted: '1.5',
      unlimited: false,
    });
  });

  it('names approve and transferFrom with spender, owner and recipient', () => {
    const approve = encodeFunctionData({ abi: erc20Abi, functionName: 'approve', args: [BOB, 10n ** 18n] });
    expect(decodeCall(TOKEN, approve, { symbol: 'T', decimals: 18 })).toMatchObject({
      functionName: 'approve',
      spender: BOB,
      formatted: '1',
      unlimited: false,
    });
    const from = encodeFunctionData({ abi: erc20Abi, functionName: 'transferFrom', args: [ALICE, BOB, 5n] });
    expect(decodeCall(TOKEN, from)).toMatchObject({
      functionName: 'transferFrom',
      owner: ALICE,
      recipient: BOB,
      amount: '5',
    });
  });

  it('calls out an unlimited approval (max uint256, or anything from 2^255)', () => {
    for (const amount of [maxUint256, 2n ** 255n]) {
      const data = encodeFunctionData({ abi: erc20Abi, functionName: 'approve', args: [BOB, amount] });
      expect(decodeCall(TOKEN, data)).toMatchObject({ functionName: 'approve', unlimited: true });
    }
    const transfer = encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [BOB, maxUint256] });
    expect(decodeCall(TOKEN, transfer)).toMatchObject({ unlimited: false });
  });

  it('shows other calls by selector, plain transfers and deployments as such', () => {
    expect(decodeCall(TOKEN, '0xdeadbeef0000')).toEqual({ kind: 'call', selector: '0xdeadbeef' });
    // transfer's selector with truncated arguments is not a transfer.
    expect(decodeCall(TOKEN, '0xa9059cbb0000')).toEqual({ kind: 'call', selector: '0xa9059cbb' });
    expect(decodeCall(BOB, '0x')).toEqual({ kind: 'transfer' });
    expect(decodeCall(undefined, '0x6080')).toEqual({ kind: 'deploy' });
  });

  it('keeps the raw amount when the contract does not answer symbol or decimals', async () => {
    const data = encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [BOB, 42n] });
    const { client } = fakeEvmNode();
    const call = await describeCall(client, TOKEN, data);
    expect(call).toMatchObject({ kind: 'erc20', amount: '42', token: { address: TOKEN } });
    expect(call).not.toHaveProperty('formatted');
  });

  it('refuses a symbol that could pose as other text', async () => {
    const data = encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [BOB, 1n] });
    const { client } = fakeEvmNode({ token: { symbol: 'USDC\u202e', decimals: 6 } });
    expect(await describeCall(client, TOKEN, data)).toMatchObject({ token: { address: TOKEN, decimals: 6 } });
    expect((await describeCall(client, TOKEN, data)) as { token: object }).not.toHaveProperty('token.symbol');
  });
});
