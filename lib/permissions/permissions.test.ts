import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { Unauthorized } from '../messaging/errors';
import { UserRejected } from '../requests/errors';
import { createRequestQueue, type RequestQueue } from '../requests/queue';
import { createRequestExecutor } from '../requests/executor';
import { authorise, permits, requireAuthorised } from './authorize';
import { createPermissionStore } from './store';

const ORIGIN = 'https://dapp.example';

function setup(answer: 'approve' | 'reject', accounts?: string[]) {
  const permissions = createPermissionStore();
  const executor = createRequestExecutor({
    accounts: () => {
      throw new Error('not needed');
    },
    signer: () => {
      throw new Error('not needed');
    },
    permissions,
  });
  const prompts = vi.fn();
  const queue: RequestQueue = createRequestQueue({
    executor,
    openPopup: async () => {
      const request = (await queue.list())[0]!;
      prompts(request);
      if (answer === 'approve') await queue.approve(request.id, { accounts });
      else await queue.reject(request.id);
    },
  });
  return { permissions, queue, prompts };
}

beforeEach(() => fakeBrowser.reset());

describe('per-origin authorisation', () => {
  it('the first request queues one authorisation; the stored grant answers later ones without asking', async () => {
    const { permissions, queue, prompts } = setup('approve');
    const granted = await authorise(permissions, queue, ORIGIN);
    // On the local network (the default endpoint) a site starts on the devnet's anvil, not mainnet.
    expect(granted).toMatchObject({ origin: ORIGIN, allowed: true, chainId: 31337 });
    expect(prompts).toHaveBeenCalledTimes(1);
    expect(prompts.mock.calls[0]![0]).toMatchObject({
      kind: 'authorize',
      origin: ORIGIN,
      display: { kind: 'authorize', origin: ORIGIN },
    });
    await authorise(permissions, queue, ORIGIN);
    expect(prompts).toHaveBeenCalledTimes(1);
    // Stored in local storage, so it survives restarts.
    expect(await fakeBrowser.storage.local.get('permissions')).toMatchObject({
      permissions: { [ORIGIN]: { allowed: true } },
    });
  });

  it('a refusal is stored: the origin gets 4100 without a new prompt until the user revokes it', async () => {
    const { permissions, queue, prompts } = setup('reject');
    await expect(authorise(permissions, queue, ORIGIN)).rejects.toBeInstanceOf(UserRejected);
    await expect(authorise(permissions, queue, ORIGIN)).rejects.toBeInstanceOf(Unauthorized);
    expect(prompts).toHaveBeenCalledTimes(1);
    await permissions.revoke(ORIGIN);
    await expect(authorise(permissions, queue, ORIGIN)).rejects.toBeInstanceOf(UserRejected);
    expect(prompts).toHaveBeenCalledTimes(2);
  });

  it('revoking a grant makes the origin unauthorised again and notifies watchers', async () => {
    const { permissions, queue } = setup('approve');
    await authorise(permissions, queue, ORIGIN);
    const seen: [string, unknown][] = [];
    permissions.watch((origin, permission) => seen.push([origin, permission]));
    await permissions.revoke(ORIGIN);
    await expect(requireAuthorised(permissions, ORIGIN)).rejects.toBeInstanceOf(Unauthorized);
    expect(seen).toEqual([[ORIGIN, undefined]]);
    expect(await permissions.list()).toEqual([]);
  });

  it('requireAuthorised never queues anything for an unknown origin', async () => {
    const { permissions, queue, prompts } = setup('approve');
    await expect(requireAuthorised(permissions, 'https://never.example')).rejects.toBeInstanceOf(
      Unauthorized,
    );
    expect(await queue.list()).toEqual([]);
    expect(prompts).not.toHaveBeenCalled();
  });

  it('a grant may be restricted to some accounts', async () => {
    const { permissions, queue } = setup('approve', ['5Alice']);
    const granted = await authorise(permissions, queue, ORIGIN);
    expect(permits(granted, '5Alice')).toBe(true);
    expect(permits(granted, '5Bob')).toBe(false);
    const open = await permissions.allow('https://b.example');
    expect(permits(open, '5Bob')).toBe(true);
  });

  it('each origin has its own chain, kept across re-grants', async () => {
    const { permissions } = setup('approve');
    await permissions.allow(ORIGIN);
    await permissions.setChain(ORIGIN, 11155111);
    expect((await permissions.allow(ORIGIN)).chainId).toBe(11155111);
    expect((await permissions.allow('https://b.example')).chainId).toBe(31337);
  });
});
