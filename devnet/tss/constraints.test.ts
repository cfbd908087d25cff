import { describe, expect, it } from 'vitest';
import { keccak256, serializeTransaction, parseEther } from 'viem';
import { evaluateEvmConstraints, parseEvmTransaction } from './constraints';

const to = '0x000000000000000000000000000000000000dEaD';
const tx = serializeTransaction({
  chainId: 1,
  to,
  value: parseEther('1'),
  nonce: 0,
  gas: 21000n,
  maxFeePerGas: 1n,
  maxPriorityFeePerGas: 1n,
});

describe('EVM constraints', () => {
  it('hashes the unsigned transaction and extracts the recipient', () => {
    expect(parseEvmTransaction(tx)).toEqual({ sigHash: keccak256(tx), to: to.toLowerCase() });
  });

  it('rejects bytes that are not a transaction with a reason', () => {
    expect(() => parseEvmTransaction('0x1234')).toThrow(/not an EVM transaction/);
  });

  it('evaluates allow and deny lists against the recipient', () => {
    const acl = { addresses: [to.toLowerCase() as `0x${string}`], allowNullRecipient: false };
    expect(
      evaluateEvmConstraints({ evmAcl: { ...acl, kind: 'Allow' } }, to.toLowerCase() as `0x${string}`)[0]?.ok,
    ).toBe(true);
    expect(
      evaluateEvmConstraints({ evmAcl: { ...acl, kind: 'Deny' } }, to.toLowerCase() as `0x${string}`)[0],
    ).toMatchObject({
      ok: false,
      reason: expect.stringContaining('deny list'),
    });
    expect(evaluateEvmConstraints({ evmAcl: { ...acl, kind: 'Allow' } }, null)[0]?.ok).toBe(false);
    expect(evaluateEvmConstraints({}, null)).toEqual([]);
  });
});
