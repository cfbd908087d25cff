// @vitest-environment jsdom
import { web3Accounts, web3AccountsSubscribe, web3Enable, web3FromSource } from '@polkadot/extension-dapp';
import type { InjectedAccountWithMeta } from '@polkadot/extension-inject/types';
import { hexToU8a, u8aWrapBytes } from '@polkadot/util';
import { TypeRegistry } from '@polkadot/types';
import { signatureVerify, sr25519Verify } from '@polkadot/util-crypto';
import { createStore } from 'mipd';
import {
  createWalletClient,
  custom,
  recoverTransactionAddress,
  verifyMessage,
  verifyTypedData,
  type TransactionSerializedEIP1559,
} from 'viem';
import { mainnet } from 'viem/chains';
import { beforeAll, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { handlers } from '../background/handlers';
import { installServices } from '../background/services';
import { createMessageClient, createRouter, type MessageClient, type ServerEnvelope } from '../messaging';
import { testBackground } from '../requests/test-support';
import type { EntropyInjected } from './polkadot';
import { EntropyEthereumProvider } from './ethereum-provider';
import { installProviders } from './install';
import { watchPageState } from './page-state';

const ORIGIN = 'https://dapp.example';
const router = createRouter(handlers);

/** The page's client wired straight to the background's router, JSON-serialised like a runtime port. */
function inProcessClient(origin: string): MessageClient {
  const client = createMessageClient((envelope) => {
    const request = JSON.parse(JSON.stringify(envelope));
    const deliver = (message: ServerEnvelope) => client.receive(JSON.parse(JSON.stringify(message)));
    void router
      .handle(request, {
        sender: 'page',
        origin,
        tabId: 1,
        emit: (event) => deliver({ id: request.id, event }),
      })
      .then((response) => response && deliver(response));
  });
  return client;
}

let background: Awaited<ReturnType<typeof testBackground>>;
let provider: EntropyEthereumProvider;
const events: [string, unknown][] = [];

beforeAll(async () => {
  fakeBrowser.reset();
  background = await testBackground({ answer: 'approve' });
  installServices(background.services);
  provider = installProviders(window, inProcessClient(ORIGIN), '9.9.9');
  for (const name of ['connect', 'accountsChanged', 'chainChanged']) {
    provider.on(name, (payload) => events.push([name, payload]));
  }
});

describe('an Ethereum dApp (EIP-6963 via mipd, viem custom transport)', () => {
  it('finds the wallet by rdns, with a data: URI icon; window.ethereum is ours when free', () => {
    const store = createStore();
    const detail = store.findProvider({ rdns: 'xyz.entropy.wallet' });
    expect(detail?.info).toMatchObject({ name: 'Entropy Wallet', rdns: 'xyz.entropy.wallet' });
    expect(detail?.info.icon).toMatch(/^data:image\/svg\+xml,/);
    expect(detail?.info.uuid).toMatch(/^[0-9a-f-]{36}$/);
    expect(detail?.provider).toBe(provider);
    expect((window as { ethereum?: unknown }).ethereum).toBe(provider);
    store.destroy();
  });

  it('an unauthorised origin gets 4100 for eth_accounts, also through viem', async () => {
    const stranger = new EntropyEthereumProvider(
      inProcessClient('https://stranger.example'),
      watchPageState(inProcessClient('https://stranger.example')),
    );
    await expect(stranger.request({ method: 'eth_accounts' })).rejects.toMatchObject({ code: 4100 });
    const wallet = createWalletClient({ transport: custom(stranger) });
    await expect(wallet.getAddresses()).rejects.toMatchObject({ code: 4100 });
    await expect(stranger.request({ method: 'eth_chainId' })).resolves.toBe('0x1');
  });

  it('connects, signs a message, typed data and a transaction that verify against the wallet’s address', async () => {
    const wallet = createWalletClient({ chain: mainnet, transport: custom(provider) });
    const [address] = await wallet.requestAddresses();
    expect(address).toBe(background.fake.ethAddress);
    await expect.poll(() => events.map(([name]) => name)).toEqual(['connect', 'accountsChanged']);
    expect(events).toEqual([
      ['connect', { chainId: '0x1' }],
      ['accountsChanged', [address]],
    ]);

    const message = 'Sign in to dapp.example';
    const signature = await wallet.signMessage({ account: address!, message });
    expect(await verifyMessage({ address: address!, message, signature })).toBe(true);

    const typed = {
      domain: { name: 'Test', version: '1', chainId: 1 },
      types: {
        Order: [
          { name: 'amount', type: 'uint256' },
          { name: 'to', type: 'address' },
        ],
      },
      primaryType: 'Order',
      message: { amount: 5n, to: address! },
    } as const;
    const typedSignature = await wallet.signTypedData({ account: address!, ...typed });
    expect(await verifyTypedData({ address: address!, signature: typedSignature, ...typed })).toBe(true);

    const serialized = await wallet.signTransaction({
      account: address!,
      to: '0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB',
      value: 1n,
      nonce: 0,
      gas: 21000n,
      maxFeePerGas: 2n,
      maxPriorityFeePerGas: 1n,
    });
    expect(
      await recoverTransactionAddress({ serializedTransaction: serialized as TransactionSerializedEIP1559 }),
    ).toBe(address);
  });

  it('switches chain within the configured ones and tells the page', async () => {
    await provider.request({ method: 'wallet_switchEthereumChain', params: [{ chainId: '0xaa36a7' }] });
    await expect.poll(() => events.at(-1)).toEqual(['chainChanged', '0xaa36a7']);
    await expect(
      provider.request({ method: 'wallet_switchEthereumChain', params: [{ chainId: '0x89' }] }),
    ).rejects.toMatchObject({ code: 4902 });
    // Sending is supported now (issue 17): a call without its transaction is invalid params, not 4200.
    await expect(provider.request({ method: 'eth_sendTransaction', params: [] })).rejects.toMatchObject({
      code: -32602,
    });
  });
});

describe('a Polkadot dApp (@polkadot/extension-dapp, unmodified)', () => {
  it('enables, lists accounts, subscribes and signs raw bytes sr25519 over <Bytes>-wrapped data', async () => {
    const extensions = await web3Enable('test dapp');
    expect(extensions.map((e) => [e.name, e.version])).toEqual([['entropy-wallet', '9.9.9']]);
    const accounts = await web3Accounts();
    expect(accounts.map((a) => a.address)).toEqual([background.alice.address, background.bob.address]);
    expect(accounts[0]).toMatchObject({
      type: 'sr25519',
      meta: { source: 'entropy-wallet', name: '//Alice' },
    });

    const seen: InjectedAccountWithMeta[][] = [];
    const unsubscribe = await web3AccountsSubscribe((list) => void seen.push(list));
    await expect.poll(() => seen.length).toBeGreaterThan(0);
    expect(seen[0]!.map((a) => a.address)).toContain(background.alice.address);
    unsubscribe();

    const { signer } = await web3FromSource('entropy-wallet');
    const result = await signer.signRaw!({
      address: background.alice.address,
      data: '0xc0ffee',
      type: 'bytes',
    });
    expect(
      sr25519Verify(
        u8aWrapBytes(hexToU8a('0xc0ffee')),
        result.signature,
        background.accounts.pairs[0]!.publicKey,
      ),
    ).toBe(true);
  });

  it('signPayload signs the extrinsic payload with the account’s sr25519 key', async () => {
    const { signer } = await web3FromSource('entropy-wallet');
    const payload = {
      address: background.alice.address,
      blockHash: `0x${'11'.repeat(32)}`,
      blockNumber: '0x00000010',
      era: '0x0500',
      genesisHash: `0x${'22'.repeat(32)}`,
      method: '0x0400',
      nonce: '0x00000001',
      specVersion: '0x00000064',
      tip: '0x00000000000000000000000000000000',
      transactionVersion: '0x00000001',
      signedExtensions: [
        'CheckSpecVersion',
        'CheckTxVersion',
        'CheckGenesis',
        'CheckMortality',
        'CheckNonce',
      ],
      version: 4,
    } as const;
    const { signature } = await signer.signPayload!(payload as never);
    const registry = new TypeRegistry();
    registry.setSignedExtensions([...payload.signedExtensions]);
    const signed = registry.createType('ExtrinsicPayload', payload, { version: 4 }).toU8a({ method: true });
    expect(signatureVerify(signed, signature, background.alice.address).isValid).toBe(true);
  });

  it('the entropy namespace signs with the registered key and reports progress by the page’s request id', async () => {
    const injected = (await (
      window as unknown as { injectedWeb3: Record<string, { enable(o: string): Promise<EntropyInjected> }> }
    ).injectedWeb3['entropy-wallet']!.enable('test')) as EntropyInjected;
    const progress: unknown[] = [];
    const stop = injected.entropy.subscribeProgress('page-1', (p) => progress.push(p));
    const result = await injected.entropy.sign({ message: 'gm', requestId: 'page-1' });
    stop();
    expect(result.requestId).toBe('page-1');
    expect(
      await verifyMessage({
        address: background.fake.ethAddress,
        message: 'gm',
        signature: result.signature,
      }),
    ).toBe(true);
    expect(progress).toMatchObject([{ requestId: 'page-1', step: 'signing' }]);
    expect(await injected.entropy.getVerifyingKey(background.alice.address)).toBe(
      background.fake.verifyingKey,
    );
  });
});
