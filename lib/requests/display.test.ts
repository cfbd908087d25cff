import { stringToHex } from 'viem';
import { describe, expect, it } from 'vitest';
import { parseTransactionRequest } from '../ethereum/transaction';
import { describeRequest, printableText } from './display';

describe('what the popup shows', () => {
  it('shows a message as text only when it is printable UTF-8', () => {
    expect(printableText(stringToHex('Sign in ✓\nnonce: 5'))).toBe('Sign in ✓\nnonce: 5');
    expect(printableText('0xff00')).toBeUndefined();
    expect(printableText(stringToHex('a\u0000b'))).toBeUndefined();
    // Bidi overrides could make the text read differently from what is signed.
    expect(printableText(stringToHex('pay \u202Eevil'))).toBeUndefined();
    expect(describeRequest({ kind: 'personal-message', message: '0xff' }, 'https://a.example')).toEqual({
      kind: 'personal-message',
      hex: '0xff',
    });
  });

  it('decodes a transaction into units a person reads', () => {
    const { transaction } = parseTransactionRequest(
      {
        from: '0x1234567890123456789012345678901234567890',
        value: '0xde0b6b3a7640000',
        gas: '0x5208',
        maxFeePerGas: '0x77359400',
        maxPriorityFeePerGas: '0x3b9aca00',
        nonce: '0x2',
        data: '0xa9059cbb0000',
      },
      1,
    );
    expect(
      describeRequest({ kind: 'evm-transaction', transaction, chainId: 1 }, 'https://a.example', '0xabc'),
    ).toEqual({
      kind: 'evm-transaction',
      type: 'eip1559',
      chainId: 1,
      from: '0xabc',
      to: null,
      value: '1 ETH',
      nonce: 2,
      gas: '21000',
      fees: { maxFeePerGas: '2 gwei', maxPriorityFeePerGas: '1 gwei' },
      data: '0xa9059cbb0000',
      functionSelector: '0xa9059cbb',
      // 21000 gas × 2 gwei, and the value on top.
      maxFee: '0.000042 ETH',
      maxTotal: '1.000042 ETH',
      broadcast: false,
    });
  });
});
