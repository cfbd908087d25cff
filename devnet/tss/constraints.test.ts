import { describe, expect, it } from 'vitest';
import { hashMessage, hashTypedData, keccak256, parseEther, serializeTransaction } from 'viem';
import {
  evaluateConstraints,
  evaluateEvmConstraints,
  parseEvmTransaction,
  parseSignable,
} from './constraints';

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

describe('what /user/tx may carry besides a transaction', () => {
  const allow = {
    evmAcl: {
      addresses: ['0x000000000000000000000000000000000000dead' as const],
      kind: 'Allow' as const,
      allowNullRecipient: false,
    },
  };
  const typedData = {
    domain: { name: 'Entropy test', version: '1', chainId: 1 },
    types: { Mail: [{ name: 'contents', type: 'string' }] },
    primaryType: 'Mail',
    message: { contents: 'Threshold signatures' },
  };

  it('hashes messages and typed data exactly as viem does', () => {
    expect(parseSignable({ arch: 'message', message: '0x68656c6c6f' }).sigHash).toBe(hashMessage('hello'));
    expect(parseSignable({ arch: 'typed-data', typedData }).sigHash).toBe(hashTypedData(typedData as never));
  });

  it('lets recipient lists pass messages and typed data, with the reason', () => {
    const [verdict] = evaluateConstraints(allow, parseSignable({ arch: 'message', message: '0x00' }));
    expect(verdict).toMatchObject({
      constraint: 'evmAcl',
      ok: true,
      reason: 'a signed message is not a transaction',
    });
  });

  it('refuses a bare hash when the account has constraints, and allows it when it has none', () => {
    const hash = parseSignable({ arch: 'hash', hash: `0x${'11'.repeat(32)}` });
    expect(evaluateConstraints(allow, hash)).toEqual([
      {
        constraint: 'evmAcl',
        ok: false,
        reason: 'a bare hash cannot be checked against the account’s constraints',
      },
    ]);
    expect(evaluateConstraints({}, hash)).toEqual([]);
  });

  it('refuses malformed bodies with the field named', () => {
    expect(() => parseSignable({ arch: 'hash', hash: '0x1234' })).toThrow(/hash must be 32 bytes/);
    expect(() => parseSignable({ arch: 'message', message: 'hello' })).toThrow(/message must be 0x hex/);
    expect(() => parseSignable({ arch: 'typed-data', typedData: { types: 1 } })).toThrow(/typedData/);
    expect(() => parseSignable({ arch: 'btc' })).toThrow(/arch must be/);
  });
});
