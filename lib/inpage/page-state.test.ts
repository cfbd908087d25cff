import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Disconnected } from '../messaging/errors';
import type { MessageClient } from '../messaging/client';
import { EntropyEthereumProvider } from './ethereum-provider';
import { watchPageState } from './page-state';
import type { PageState } from './protocol';

const unauthorised: PageState = { authorised: false, substrate: [], evm: [], chainId: '0x1' };
const authorised: PageState = {
  ...unauthorised,
  authorised: true,
  evm: ['0x00000000000000000000000000000000000000aa'],
};

/** A client whose `pub(page.events)` subscriptions the test drives by hand. */
function scriptedClient() {
  const subscriptions: { emit(state: PageState): void; fail(error: unknown): void }[] = [];
  const client = {
    subscribe(_method: string, _params: unknown, onEvent: (event: unknown) => void) {
      let fail: (error: unknown) => void = () => {};
      const result = new Promise<never>((_resolve, reject) => (fail = reject));
      subscriptions.push({ emit: onEvent, fail });
      return { result, unsubscribe: () => {} };
    },
    request: () => Promise.reject(new Error('not used')),
  } as unknown as MessageClient;
  return { client, subscriptions };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('page state and EIP-1193 events', () => {
  it('connect on the first state; accountsChanged/chainChanged on changes; renews after a worker restart', async () => {
    const { client, subscriptions } = scriptedClient();
    const provider = new EntropyEthereumProvider(client, watchPageState(client));
    const events: unknown[] = [];
    for (const name of ['connect', 'accountsChanged', 'chainChanged', 'disconnect']) {
      provider.on(name, (payload) => events.push([name, payload]));
    }
    expect(subscriptions).toHaveLength(1);
    subscriptions[0]!.emit(unauthorised);
    subscriptions[0]!.emit(authorised);
    // The worker restarts: the subscription fails after having served, and is renewed.
    subscriptions[0]!.fail(new Disconnected('restarted'));
    await vi.runAllTimersAsync();
    expect(subscriptions).toHaveLength(2);
    subscriptions[1]!.emit({ ...authorised, chainId: '0xaa36a7' });
    expect(events).toEqual([
      ['connect', { chainId: '0x1' }],
      ['accountsChanged', authorised.evm],
      ['chainChanged', '0xaa36a7'],
    ]);
  });

  it('disconnect (4900) when the wallet cannot be reached at all', async () => {
    const { client, subscriptions } = scriptedClient();
    const watcher = watchPageState(client);
    const provider = new EntropyEthereumProvider(client, watcher);
    const disconnects: { code: number }[] = [];
    provider.on('disconnect', (error) => disconnects.push(error as { code: number }));
    subscriptions[0]!.emit(unauthorised);
    subscriptions[0]!.fail(new Disconnected('restarted'));
    await vi.runAllTimersAsync();
    subscriptions[1]!.fail(new Disconnected('extension removed'));
    await vi.runAllTimersAsync();
    expect(disconnects.map((e) => e.code)).toEqual([4900]);
    expect(subscriptions).toHaveLength(2);
    // The next use tries again.
    const next = watcher.current();
    subscriptions[2]!.emit(unauthorised);
    await expect(next).resolves.toEqual(unauthorised);
  });

  it('current() rejects instead of hanging when the first subscription fails', async () => {
    const { client, subscriptions } = scriptedClient();
    const watcher = watchPageState(client);
    const first = watcher.current();
    subscriptions[0]!.fail(new Disconnected('no wallet'));
    await expect(first).rejects.toBeInstanceOf(Disconnected);
  });
});
