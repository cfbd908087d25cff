import { hexToU8a, u8aWrapBytes } from '@polkadot/util';
import { sr25519Verify } from '@polkadot/util-crypto';
import { getAddress, verifyMessage } from 'viem';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { deserializeError } from '../../errors';
import { createRouter, type RequestContext } from '../../messaging';
import { testBackground } from '../../requests/test-support';
import { updateSettings } from '../../settings';
import { installServices } from '../services';
import { handlers } from './index';

const DAPP = 'https://dapp.example';
const router = createRouter(handlers);
let n = 0;

function page(origin: string, events: unknown[] = [], closers: (() => void)[] = []): RequestContext {
  return { sender: 'page', origin, tabId: 1, emit: (e) => events.push(e), onClose: (l) => closers.push(l) };
}
const popup: RequestContext = { sender: 'popup', origin: 'chrome-extension://x', emit: () => {} };

async function call(context: RequestContext, method: string, params?: unknown, extra: object = {}) {
  const response = await router.handle({ id: `r${++n}`, method, params, ...extra }, context);
  if (response && 'error' in response) throw deserializeError(response.error);
  return response && 'result' in response ? response.result : undefined;
}

async function setup(options: Parameters<typeof testBackground>[0] = { answer: 'approve' }) {
  const background = await testBackground(options);
  installServices(background.services);
  return background;
}

beforeEach(() => fakeBrowser.reset());

describe('page-facing handlers', () => {
  it('take the origin from the sender, never from the message', async () => {
    const { services, fake } = await setup();
    await services.permissions.allow(DAPP);
    const forged = { origin: DAPP };
    await expect(
      call(
        page('https://evil.example'),
        'pub(eth.request)',
        { method: 'eth_accounts', origin: DAPP },
        forged,
      ),
    ).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(
      call(page('https://evil.example'), 'pub(substrate.accounts)', forged, forged),
    ).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
    expect(await call(page(DAPP), 'pub(eth.request)', { method: 'eth_accounts' })).toEqual([fake.ethAddress]);
  });

  it('authorize.request queues once and then reports the origin’s accounts', async () => {
    const { alice, bob, fake, opened } = await setup();
    const state = await call(page(DAPP), 'pub(authorize.request)');
    expect(state).toEqual({
      authorised: true,
      substrate: [
        { address: alice.address, name: '//Alice', type: 'sr25519', genesisHash: null },
        { address: bob.address, name: '//Bob', type: 'sr25519', genesisHash: null },
      ],
      evm: [fake.ethAddress],
      chainId: '0x1',
    });
    expect(opened).toHaveLength(1);
  });

  it('signRaw is approved in the queue and signed sr25519 over <Bytes>-wrapped data', async () => {
    const { services, alice, accounts } = await setup();
    await services.permissions.allow(DAPP);
    const { signature } = (await call(page(DAPP), 'pub(substrate.signRaw)', {
      address: alice.address,
      data: '0x1234',
      type: 'bytes',
    })) as { signature: `0x${string}` };
    expect(sr25519Verify(u8aWrapBytes(hexToU8a('0x1234')), signature, accounts.pairs[0]!.publicKey)).toBe(
      true,
    );
  });

  it('a Substrate signature for an account the origin was not given is 4100 and queues nothing', async () => {
    const { services, alice, bob } = await setup();
    await services.permissions.allow(DAPP, [alice.address]);
    await expect(
      call(page(DAPP), 'pub(substrate.signRaw)', { address: bob.address, data: '0x12' }),
    ).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    expect(await services.queue.list()).toEqual([]);
  });

  it('wallet.status tells a page nothing of the network endpoint (a private RPC URL may carry a key)', async () => {
    await setup();
    vi.spyOn(fakeBrowser.runtime, 'getManifest').mockReturnValue({
      manifest_version: 3,
      name: 'Entropy Wallet',
      version: '0.1.0',
    });
    const secret = 'wss://rpc.example/v1/SECRET-API-KEY';
    await updateSettings({ endpoint: secret });
    const status = await call(page(DAPP), 'pub(wallet.status)');
    expect(status).toMatchObject({ origin: DAPP });
    expect(JSON.stringify(status)).not.toContain('SECRET-API-KEY');
    expect(status).not.toHaveProperty('endpoint');
    expect(await call(popup, 'pri(wallet.status)')).toMatchObject({ endpoint: secret });
  });

  it('an origin that is not authorised gets 4100 for Substrate signing before its payload is parsed', async () => {
    await setup();
    const garbage = { address: 42, data: { deep: Array(1_000).fill('x') } };
    for (const method of ['pub(substrate.signRaw)', 'pub(substrate.signPayload)']) {
      await expect(call(page('https://evil.example'), method, garbage)).rejects.toMatchObject({
        code: 'UNAUTHORIZED',
      });
    }
  });

  it('entropy.sign({ message }) returns a signature verifiable against the registered key, with progress', async () => {
    const { services, fake, alice } = await setup();
    await services.permissions.allow(DAPP);
    const events: unknown[] = [];
    const result = (await call(page(DAPP, events), 'pub(entropy.sign)', { message: 'gm' })) as Record<
      string,
      string
    >;
    expect(
      await verifyMessage({ address: fake.ethAddress, message: 'gm', signature: result.signature as never }),
    ).toBe(true);
    expect(result.verifyingKey).toBe(fake.verifyingKey);
    expect(events).toMatchObject([{ type: 'progress', progress: { step: 'signing' } }]);
    expect(await call(page(DAPP), 'pub(entropy.verifyingKey)', { address: alice.address })).toBe(
      fake.verifyingKey,
    );
  });

  it('entropy.sign needs exactly one of transaction, message, hash', async () => {
    const { services } = await setup();
    await services.permissions.allow(DAPP);
    await expect(
      call(page(DAPP), 'pub(entropy.sign)', { message: 'a', hash: `0x${'00'.repeat(32)}` }),
    ).rejects.toMatchObject({
      code: 'INVALID_PARAMS',
    });
    await expect(call(page(DAPP), 'pub(entropy.sign)', {})).rejects.toMatchObject({ code: 'INVALID_PARAMS' });
  });

  it('page.events pushes the state now and on revoke, and stops when the page goes away', async () => {
    const { services, fake } = await setup();
    await services.permissions.allow(DAPP);
    const events: { authorised: boolean; evm: string[] }[] = [];
    const closers: (() => void)[] = [];
    const subscription = call(page(DAPP, events, closers), 'pub(page.events)');
    await expect.poll(() => events.length).toBe(1);
    expect(events[0]).toMatchObject({ authorised: true, evm: [fake.ethAddress] });
    expect(await call(popup, 'pri(permissions.revoke)', { origin: DAPP })).toEqual([]);
    await expect.poll(() => events.length).toBe(2);
    expect(events[1]).toEqual({ authorised: false, substrate: [], evm: [], chainId: '0x1' });
    closers.forEach((close) => close());
    await expect(subscription).resolves.toBeNull();
    await services.permissions.allow(DAPP);
    expect(events).toHaveLength(2);
  });

  it('page.events pushes when the user’s accounts change (e.g. a new registration)', async () => {
    const { services, fake, accounts, bob, accountsChanged } = await setup();
    await services.permissions.allow(DAPP);
    const events: { evm: string[] }[] = [];
    void call(page(DAPP, events), 'pub(page.events)');
    await expect.poll(() => events.length).toBe(1);
    const second = '0x00000000000000000000000000000000000000Bb';
    accounts.infos[1] = {
      ...bob,
      registration: { verifyingKey: '0x02', ethAddress: second, constraintAccount: '' },
    };
    accountsChanged();
    await expect.poll(() => events.length).toBe(2);
    expect(events[1]!.evm).toEqual([fake.ethAddress, getAddress(second)]);
  });
});

describe('approval handlers', () => {
  it('list, approve and reject from the popup; the page cannot call them', async () => {
    const { services } = await setup({});
    const pending = call(page(DAPP), 'pub(authorize.request)');
    await expect.poll(() => services.queue.list().then((l) => l.length)).toBe(1);
    const [request] = (await call(popup, 'pri(requests.list)')) as { id: string; origin: string }[];
    expect(request).toMatchObject({ origin: DAPP, kind: 'authorize' });
    await expect(call(page(DAPP), 'pri(requests.approve)', { id: request!.id })).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
    expect(await call(popup, 'pri(requests.approve)', { id: request!.id })).toMatchObject({
      status: 'approved',
    });
    await expect(pending).resolves.toMatchObject({ authorised: true });
    expect(await call(popup, 'pri(permissions.list)')).toMatchObject([{ origin: DAPP, allowed: true }]);
    await expect(call(popup, 'pri(requests.reject)', { id: request!.id })).rejects.toMatchObject({
      code: 'REQUEST_NOT_FOUND',
    });
  });

  it('revoking an origin fails its waiting requests', async () => {
    const { services, fake } = await setup({});
    await services.permissions.allow(DAPP);
    const signing = call(page(DAPP), 'pub(eth.request)', {
      method: 'personal_sign',
      params: ['0x01', fake.ethAddress],
    });
    await expect.poll(() => services.queue.list().then((l) => l.length)).toBe(1);
    await call(popup, 'pri(permissions.revoke)', { origin: DAPP });
    await expect(signing).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    expect(await services.queue.list()).toEqual([]);
  });

  it('the popup subscription sends the queue live', async () => {
    await setup({});
    const events: { type: string }[] = [];
    const closers: (() => void)[] = [];
    const context = {
      ...popup,
      emit: (e: unknown) => events.push(e as never),
      onClose: (l: () => void) => closers.push(l),
    };
    const subscription = call(context, 'pri(requests.subscribe)');
    void call(page(DAPP), 'pub(authorize.request)').catch(() => {});
    await expect
      .poll(() =>
        events.some(
          (e) => e.type === 'requests' && (e as never as { requests: unknown[] }).requests.length === 1,
        ),
      )
      .toBe(true);
    closers.forEach((close) => close());
    await expect(subscription).resolves.toBeNull();
  });
});
