import {
  hashTypedData,
  recoverAddress,
  recoverTransactionAddress,
  verifyMessage,
  verifyTypedData,
  type TransactionSerializedEIP1559,
} from 'viem';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ethereumEnv } from '../background/handlers/page-ethereum';
import { WalletError } from '../errors';
import { testBackground } from '../requests/test-support';
import { toProviderRpcError } from './errors';
import { handleEthereumRequest } from './methods';

const ORIGIN = 'https://dapp.example';

/** The EIP-1193 code a request fails with (or 'ok'). */
async function codeOf(promise: Promise<unknown>): Promise<number | 'ok'> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    if (!(error instanceof WalletError)) throw error;
    return toProviderRpcError(error).code;
  }
}

const mail = {
  domain: {
    name: 'Ether Mail',
    version: '1',
    chainId: 1,
    verifyingContract: '0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC',
  },
  types: {
    EIP712Domain: [
      { name: 'name', type: 'string' },
      { name: 'version', type: 'string' },
      { name: 'chainId', type: 'uint256' },
      { name: 'verifyingContract', type: 'address' },
    ],
    Person: [
      { name: 'name', type: 'string' },
      { name: 'wallet', type: 'address' },
    ],
    Mail: [
      { name: 'from', type: 'Person' },
      { name: 'to', type: 'Person' },
      { name: 'contents', type: 'string' },
      { name: 'amount', type: 'uint256' },
    ],
  },
  primaryType: 'Mail',
  message: {
    from: { name: 'Cow', wallet: '0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826' },
    to: { name: 'Bob', wallet: '0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB' },
    contents: 'Hello, Bob!',
    amount: '1000000000000000000000',
  },
} as const;

async function setup(options: Parameters<typeof testBackground>[0] = { answer: 'approve' }) {
  const background = await testBackground(options);
  const call = (method: string, params?: unknown, origin = ORIGIN) =>
    handleEthereumRequest({ method, params }, ethereumEnv(background.services, origin));
  return { ...background, call };
}

beforeEach(() => fakeBrowser.reset());

describe('an origin that is not authorised', () => {
  it('learns the chain but never an account: 4100 for every account method, nothing queued', async () => {
    const { call, services, fake } = await setup({});
    expect(await call('eth_chainId')).toBe('0x1');
    for (const [method, params] of [
      ['eth_accounts', []],
      ['personal_sign', ['0x68656c6c6f', fake.ethAddress]],
      ['eth_signTypedData_v4', [fake.ethAddress, JSON.stringify(mail)]],
      ['eth_signTransaction', [{ from: fake.ethAddress, nonce: '0x0', gas: '0x5208', gasPrice: '0x1' }]],
      ['wallet_switchEthereumChain', [{ chainId: '0xaa36a7' }]],
    ] as const) {
      expect(await codeOf(call(method, params))).toBe(4100);
    }
    expect(await services.queue.list()).toEqual([]);
  });

  it('eth_requestAccounts queues one authorisation; approval returns the registered key’s address', async () => {
    const { call, fake, opened, services } = await setup();
    expect(await call('eth_requestAccounts')).toEqual([fake.ethAddress]);
    expect(opened).toHaveLength(1);
    expect(await call('eth_accounts')).toEqual([fake.ethAddress]);
    expect(await call('eth_requestAccounts')).toEqual([fake.ethAddress]);
    expect(opened).toHaveLength(1);
    expect((await services.permissions.get(ORIGIN))?.allowed).toBe(true);
  });

  it('a rejected authorisation is 4001, and the site then gets 4100 without asking again', async () => {
    const { call, opened } = await setup({ answer: 'reject' });
    expect(await codeOf(call('eth_requestAccounts'))).toBe(4001);
    expect(await codeOf(call('eth_requestAccounts'))).toBe(4100);
    expect(await codeOf(call('eth_accounts'))).toBe(4100);
    expect(opened).toHaveLength(1);
  });

  it('sees only the accounts the user granted', async () => {
    const { call } = await setup({ answer: 'approve', approval: { accounts: [] } });
    expect(await call('eth_requestAccounts')).toEqual([]);
  });
});

describe('signing methods (authorised origin, fake threshold signer)', () => {
  async function authorised(options: Parameters<typeof testBackground>[0] = { answer: 'approve' }) {
    const context = await setup(options);
    await context.call('eth_requestAccounts');
    return context;
  }

  it('personal_sign: hex and text messages verify with viem verifyMessage, v is 27/28', async () => {
    const { call, fake } = await authorised();
    const hex = (await call('personal_sign', ['0x68656c6c6f', fake.ethAddress])) as `0x${string}`;
    expect(await verifyMessage({ address: fake.ethAddress, message: 'hello', signature: hex })).toBe(true);
    expect([27, 28]).toContain(parseInt(hex.slice(-2), 16));
    const text = (await call('personal_sign', [
      'Sign in to dapp.example',
      fake.ethAddress.toLowerCase(),
    ])) as `0x${string}`;
    expect(
      await verifyMessage({ address: fake.ethAddress, message: 'Sign in to dapp.example', signature: text }),
    ).toBe(true);
  });

  it('eth_signTypedData_v4: the signed hash is viem’s hashTypedData and verifies with verifyTypedData', async () => {
    const { call, fake } = await authorised();
    const signature = (await call('eth_signTypedData_v4', [
      fake.ethAddress,
      JSON.stringify(mail),
    ])) as `0x${string}`;
    expect(fake.calls.at(-1)?.sigHash).toBe(hashTypedData(mail as never));
    expect(await verifyTypedData({ ...mail, address: fake.ethAddress, signature } as never)).toBe(true);
    // Object form, as some dApps send it.
    await expect(call('eth_signTypedData_v4', [fake.ethAddress, mail])).resolves.toBe(signature);
  });

  it('eth_signTypedData_v4 for another chain reaches the user with the page’s chain, for the popup to warn', async () => {
    const { call, fake, services } = await setup({});
    const { permissions } = services;
    await permissions.allow(ORIGIN);
    void call('eth_signTypedData_v4', [
      fake.ethAddress,
      { ...mail, domain: { ...mail.domain, chainId: 5 } },
    ]).catch(() => undefined);
    await expect.poll(async () => (await services.queue.list()).length).toBe(1);
    const [request] = await services.queue.list();
    expect(request!.display).toMatchObject({ kind: 'typed-data', currentChainId: 1, domain: { chainId: 5 } });
  });

  it('eth_signTransaction: the signed serialisation recovers to the account', async () => {
    const { call, fake } = await authorised();
    const signed = await call('eth_signTransaction', [
      {
        from: fake.ethAddress,
        to: '0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB',
        value: '0x1',
        nonce: '0x3',
        gas: '0x5208',
        maxFeePerGas: '0x2',
        maxPriorityFeePerGas: '0x1',
      },
    ]);
    expect(
      await recoverTransactionAddress({ serializedTransaction: signed as TransactionSerializedEIP1559 }),
    ).toBe(fake.ethAddress);
    expect(fake.calls.at(-1)?.delivery).toMatchObject({
      arch: 'evm',
      transactionRequest: expect.stringMatching(/^0x02/),
    });
  });

  it('eth_sign is refused (4200) unless enabled in settings; enabled, it signs the raw hash', async () => {
    const hash = `0x${'ab'.repeat(32)}` as const;
    const off = await authorised();
    expect(await codeOf(off.call('eth_sign', [off.fake.ethAddress, hash]))).toBe(4200);
    fakeBrowser.reset();
    const on = await authorised({ answer: 'approve', ethSignEnabled: true });
    const signature = (await on.call('eth_sign', [on.fake.ethAddress, hash])) as `0x${string}`;
    expect(await recoverAddress({ hash, signature })).toBe(on.fake.ethAddress);
  });

  it('a signature the user rejects is 4001', async () => {
    const { call, fake, services } = await setup({ answer: 'reject' });
    await services.permissions.allow(ORIGIN);
    expect(await codeOf(call('personal_sign', ['0x01', fake.ethAddress]))).toBe(4001);
    expect(fake.calls).toHaveLength(0);
  });

  it('an account the origin may not use is 4100, like an unknown one', async () => {
    const { call } = await authorised({ answer: 'approve', approval: { accounts: [] } });
    expect(await codeOf(call('personal_sign', ['0x01', '0x1111111111111111111111111111111111111111']))).toBe(
      4100,
    );
  });
});

/** Typed data whose types nest `depth` structs deep, with a message to match. */
function nested(depth: number) {
  const types: Record<string, { name: string; type: string }[]> = { L0: [{ name: 'v', type: 'uint256' }] };
  let message: Record<string, unknown> = { v: '1' };
  for (let level = 1; level < depth; level++) {
    types[`L${level}`] = [{ name: 'inner', type: `L${level - 1}` }];
    message = { inner: message };
  }
  return { domain: { name: 'deep' }, types, primaryType: `L${depth - 1}`, message };
}

describe('typed data from a page is bounded before it is parsed or hashed', () => {
  async function authorised() {
    const context = await setup();
    await context.call('eth_requestAccounts');
    return context;
  }

  it('an object over 128 KiB is -32602 (the limit is not for strings only)', async () => {
    const { call, fake } = await authorised();
    const big = { ...mail, message: { ...mail.message, contents: 'x'.repeat(200 * 1024) } };
    const error = await call('eth_signTypedData_v4', [fake.ethAddress, big]).catch((e: unknown) => e);
    expect(error).toMatchObject({ message: expect.stringMatching(/too large/) });
    expect(toProviderRpcError(error as WalletError).code).toBe(-32602);
    expect(fake.calls).toHaveLength(0);
  });

  it('nesting deeper than 32 levels is -32602, as a string or an object', async () => {
    const { call, fake } = await authorised();
    for (const data of [nested(200), JSON.stringify(nested(200))]) {
      const error = await call('eth_signTypedData_v4', [fake.ethAddress, data]).catch((e: unknown) => e);
      expect(error).toMatchObject({ message: expect.stringMatching(/nested/) });
      expect(toProviderRpcError(error as WalletError).code).toBe(-32602);
    }
    expect(await call('eth_signTypedData_v4', [fake.ethAddress, nested(8)])).toMatch(/^0x/);
  });

  it('an account the origin may not use is 4100 before its typed data is even parsed', async () => {
    const { call } = await authorised();
    const stranger = '0x1111111111111111111111111111111111111111';
    expect(await codeOf(call('eth_signTypedData_v4', [stranger, '{ not json']))).toBe(4100);
    expect(await codeOf(call('eth_signTypedData_v4', [stranger, nested(200)]))).toBe(4100);
  });
});

describe('parameter validation: -32602', () => {
  const cases: [string, string, unknown][] = [
    ['eth_accounts with params', 'eth_accounts', [1]],
    ['personal_sign with one param', 'personal_sign', ['0x01']],
    ['personal_sign with a bad address', 'personal_sign', ['0x01', '0x1234']],
    ['personal_sign with a number', 'personal_sign', [42, '0x1234567890123456789012345678901234567890']],
    ['eth_signTypedData_v4 with bad JSON', 'eth_signTypedData_v4', ['ADDRESS', '{']],
    [
      'eth_signTypedData_v4 with unknown primaryType',
      'eth_signTypedData_v4',
      ['ADDRESS', { ...mail, primaryType: 'Nope' }],
    ],
    [
      'eth_signTypedData_v4 with a value not matching its type',
      'eth_signTypedData_v4',
      ['ADDRESS', { ...mail, message: { ...mail.message, amount: 'lots' } }],
    ],
    [
      'eth_signTransaction without nonce',
      'eth_signTransaction',
      [{ from: 'ADDRESS', gas: '0x1', gasPrice: '0x1' }],
    ],
    ['wallet_switchEthereumChain without chainId', 'wallet_switchEthereumChain', [{}]],
    ['wallet_switchEthereumChain with a decimal id', 'wallet_switchEthereumChain', [{ chainId: 1 }]],
    ['params that are not an array', 'personal_sign', { message: '0x01' }],
  ];
  for (const [name, method, params] of cases) {
    it(name, async () => {
      const { call, fake } = await setup();
      await call('eth_requestAccounts');
      const filled = JSON.parse(JSON.stringify(params).replaceAll('ADDRESS', fake.ethAddress));
      expect(await codeOf(call(method, filled))).toBe(-32602);
    });
  }
});

describe('chains and unsupported methods', () => {
  it('wallet_switchEthereumChain switches within configured chains (per origin), 4902 otherwise', async () => {
    const { call } = await setup();
    await call('eth_requestAccounts');
    expect(await call('wallet_switchEthereumChain', [{ chainId: '0xaa36a7' }])).toBeNull();
    expect(await call('eth_chainId')).toBe('0xaa36a7');
    expect(await call('net_version')).toBe('11155111');
    expect(await call('eth_chainId', undefined, 'https://other.example')).toBe('0x1');
    expect(await codeOf(call('wallet_switchEthereumChain', [{ chainId: '0x89' }]))).toBe(4902);
  });

  it('anything else is 4200', async () => {
    const { call } = await setup();
    expect(await codeOf(call('eth_subscribe', ['newHeads']))).toBe(4200);
    expect(await codeOf(call('eth_signTypedData', []))).toBe(4200);
    // A write method the read allowlist does not name never reaches the chain.
    expect(await codeOf(call('anvil_setBalance', []))).toBe(4200);
  });
});
