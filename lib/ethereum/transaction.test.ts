import {
  keccak256,
  parseTransaction,
  recoverTransactionAddress,
  serializeTransaction,
  type TransactionSerializedEIP1559,
  type TransactionSerializedLegacy,
} from 'viem';
import { describe, expect, it } from 'vitest';
import { fakeThresholdSigner } from '../requests/test-support';
import { InvalidParams } from './errors';
import {
  parseTransactionRequest,
  signedTransaction,
  transactionSigHash,
  unsignedTransaction,
} from './transaction';

const FROM = '0x1234567890123456789012345678901234567890';
const TO = '0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB';

const legacy = {
  from: FROM,
  to: TO,
  value: '0xde0b6b3a7640000',
  gas: '0x5208',
  gasPrice: '0x3b9aca00',
  nonce: '0x7',
};
const eip1559 = {
  from: FROM,
  to: TO,
  value: '0x1',
  gas: '0x5208',
  maxFeePerGas: '0x77359400',
  maxPriorityFeePerGas: '0x3b9aca00',
  nonce: '0x0',
  data: '0xa9059cbb',
  accessList: [{ address: TO, storageKeys: [`0x${'11'.repeat(32)}`] }],
};

async function signWithFake(
  tx: ReturnType<typeof parseTransactionRequest>['transaction'],
  recoveryBase: 0 | 27,
) {
  const fake = fakeThresholdSigner({ recoveryBase });
  const signature = await fake.signer.signHash(
    {
      requestId: 'r',
      account: 'a',
      sigHash: transactionSigHash(tx),
      delivery: { arch: 'evm', transactionRequest: unsignedTransaction(tx) },
    },
    () => {},
  );
  return { fake, signed: signedTransaction(tx, signature) };
}

describe('eth_signTransaction encoding', () => {
  it('signs a legacy transaction with EIP-155 v that viem parses and recovers', async () => {
    const { transaction } = parseTransactionRequest(legacy, 11155111);
    expect(transaction.type).toBe('legacy');
    for (const base of [0, 27] as const) {
      const { fake, signed } = await signWithFake(transaction, base);
      const parsed = parseTransaction(signed as TransactionSerializedLegacy);
      expect(parsed).toMatchObject({
        type: 'legacy',
        chainId: 11155111,
        nonce: 7,
        to: TO.toLowerCase(),
        gas: 21000n,
      });
      expect(parsed.value).toBe(10n ** 18n);
      expect(parsed.v === 11155111n * 2n + 35n || parsed.v === 11155111n * 2n + 36n).toBe(true);
      expect(
        await recoverTransactionAddress({ serializedTransaction: signed as TransactionSerializedLegacy }),
      ).toBe(fake.ethAddress);
    }
  });

  it('signs an EIP-1559 transaction with yParity and access list', async () => {
    const { transaction } = parseTransactionRequest(eip1559, 1);
    const { fake, signed } = await signWithFake(transaction, 0);
    const parsed = parseTransaction(signed as TransactionSerializedEIP1559);
    expect(parsed).toMatchObject({
      type: 'eip1559',
      chainId: 1,
      maxFeePerGas: 2_000_000_000n,
      maxPriorityFeePerGas: 1_000_000_000n,
      data: '0xa9059cbb',
      accessList: [{ address: TO.toLowerCase(), storageKeys: eip1559.accessList[0]!.storageKeys }],
    });
    expect([0, 1]).toContain(parsed.yParity);
    expect(
      await recoverTransactionAddress({ serializedTransaction: signed as TransactionSerializedEIP1559 }),
    ).toBe(fake.ethAddress);
  });

  it('sigHash is keccak256 of viem’s unsigned serialisation', () => {
    const { transaction } = parseTransactionRequest(eip1559, 1);
    const independent = serializeTransaction({
      type: 'eip1559',
      chainId: 1,
      nonce: 0,
      to: TO,
      value: 1n,
      gas: 21000n,
      maxFeePerGas: 2_000_000_000n,
      maxPriorityFeePerGas: 1_000_000_000n,
      data: '0xa9059cbb',
      accessList: eip1559.accessList as never,
    });
    expect(unsignedTransaction(transaction)).toBe(independent);
    expect(transactionSigHash(transaction)).toBe(keccak256(independent));
  });

  it('accepts contract creation (no "to"), gasLimit and input aliases, and defaults value and chain', () => {
    const { transaction } = parseTransactionRequest(
      { from: FROM, gasLimit: '0x10', gasPrice: '0x1', nonce: '0x0', input: '0x6080' },
      31337,
    );
    expect(transaction).toEqual({
      type: 'legacy',
      chainId: 31337,
      nonce: 0,
      gas: '0x10',
      value: '0x0',
      data: '0x6080',
      gasPrice: '0x1',
    });
  });
});

describe('eth_signTransaction parameter validation', () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ['no from', { ...legacy, from: undefined }, 'from'],
    ['bad from', { ...legacy, from: '0x12' }, 'from'],
    ['bad to', { ...legacy, to: 'bob' }, 'to'],
    ['no nonce', { ...legacy, nonce: undefined }, 'nonce'],
    ['decimal nonce', { ...legacy, nonce: 7 }, 'nonce'],
    ['no gas', { ...legacy, gas: undefined }, 'gasLimit'],
    ['bad value', { ...legacy, value: '-1' }, 'value'],
    ['odd data', { ...legacy, data: '0x123' }, 'data'],
    ['both fee kinds', { ...legacy, maxFeePerGas: '0x1' }, 'gasPrice'],
    ['no fees', { ...legacy, gasPrice: undefined }, 'maxFeePerGas'],
    ['EIP-2930', { ...legacy, type: '0x1' }, 'type'],
    ['type/fee mismatch', { ...legacy, type: '0x2' }, 'type'],
    ['other chain', { ...legacy, chainId: '0x5' }, 'chainId'],
    ['unknown field', { ...legacy, blobs: [] }, 'blobs'],
    ['priority above max', { ...eip1559, maxPriorityFeePerGas: '0x77359401' }, 'maxPriorityFeePerGas'],
    ['access list on legacy', { ...legacy, accessList: [] }, 'accessList'],
    [
      'bad access key',
      { ...eip1559, accessList: [{ address: TO, storageKeys: ['0x01'] }] },
      'accessList[0].storageKeys[0]',
    ],
    ['data differs from input', { ...legacy, data: '0x01', input: '0x02' }, 'data'],
  ];
  for (const [name, tx, param] of cases) {
    it(`refuses ${name} with -32602 naming "${param}"`, () => {
      const clean = Object.fromEntries(Object.entries(tx).filter(([, v]) => v !== undefined));
      let thrown: unknown;
      try {
        parseTransactionRequest(clean, 1);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(InvalidParams);
      expect((thrown as InvalidParams).details?.param).toBe(param);
    });
  }

  it('refuses a non-object', () => {
    expect(() => parseTransactionRequest('0x00', 1)).toThrow(InvalidParams);
  });
});
