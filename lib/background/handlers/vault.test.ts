import { cryptoWaitReady } from '@polkadot/util-crypto';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { deserializeError } from '../../errors';
import { createRouter, type RequestContext } from '../../messaging';
import { handlers } from './index';

const popup: RequestContext = { sender: 'popup', origin: 'chrome-extension://x', emit: () => undefined };
const page: RequestContext = { sender: 'page', origin: 'https://dapp.example', emit: () => undefined };
const router = createRouter(handlers);
let n = 0;

async function call(method: string, params?: unknown, context = popup) {
  const response = await router.handle({ id: String(++n), method, params }, context);
  if (response && 'error' in response) throw deserializeError(response.error);
  return (response as { result: unknown }).result;
}

beforeAll(async () => {
  await cryptoWaitReady();
});

beforeEach(() => {
  fakeBrowser.reset();
});

describe('vault and account requests (production KDF, the worker’s own instances)', () => {
  it('runs first-run setup, account creation, export and lock from the popup', async () => {
    expect(await call('pri(vault.status)')).toMatchObject({ initialised: false, unlocked: false });
    expect(await call('pri(vault.create)', { password: 'a good password' })).toMatchObject({
      initialised: true,
      unlocked: true,
    });
    const { mnemonic } = (await call('pri(accounts.generateMnemonic)')) as { mnemonic: string };
    const account = (await call('pri(accounts.create)', { name: 'Main', mnemonic })) as { address: string };
    expect(await call('pri(accounts.list)')).toEqual([account]);
    expect(
      await call('pri(accounts.exportMnemonic)', { address: account.address, password: 'a good password' }),
    ).toEqual({ mnemonic });
    expect(await call('pri(vault.lock)')).toMatchObject({ unlocked: false });
    await expect(call('pri(accounts.create)', { name: 'x', mnemonic })).rejects.toMatchObject({
      code: 'VAULT_LOCKED',
    });
  });

  it('removes an account only with the wallet password, under the wrong-password back-off', async () => {
    await call('pri(vault.create)', { password: 'a good password' });
    const { mnemonic } = (await call('pri(accounts.generateMnemonic)')) as { mnemonic: string };
    const account = (await call('pri(accounts.create)', { name: 'Main', mnemonic })) as { address: string };
    const remove = (password: string) => call('pri(accounts.remove)', { address: account.address, password });
    await expect(call('pri(accounts.remove)', { address: account.address })).rejects.toMatchObject({
      code: 'INVALID_REQUEST',
    });
    await expect(remove('not it')).rejects.toMatchObject({
      code: 'WRONG_PASSWORD',
      details: { failures: 1, retryAfterMs: 1000 },
    });
    await expect(remove('a good password')).rejects.toMatchObject({ code: 'UNLOCK_THROTTLED' });
    expect(await call('pri(accounts.list)')).toEqual([account]);
    // The worker's vault reads the real clock: wait out the one-second back-off.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await remove('a good password')).toBeNull();
    expect(await call('pri(accounts.list)')).toEqual([]);
  });

  it('refuses every vault and account request from a page', async () => {
    for (const method of ['pri(vault.status)', 'pri(accounts.list)', 'pri(accounts.exportMnemonic)']) {
      await expect(call(method, {}, page)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    }
  });

  it('validates parameters before anything runs', async () => {
    await expect(call('pri(vault.create)', 'password')).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
    await expect(call('pri(vault.unlock)', { password: 42 })).rejects.toMatchObject({
      code: 'INVALID_REQUEST',
    });
    await expect(call('pri(backup.export)', { addresses: 'x' })).rejects.toMatchObject({
      code: 'INVALID_REQUEST',
    });
  });
});
