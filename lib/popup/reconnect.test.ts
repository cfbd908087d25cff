import { describe, expect, it, vi } from 'vitest';
import { Disconnected, type PortLike } from '../messaging';
import { reconnectingClient } from './reconnect';

/** A port whose "worker" answers every request with the port's generation, and can be killed. */
function fakePorts() {
  const ports: { kill(): void }[] = [];
  const connect = (): PortLike => {
    const generation = ports.length + 1;
    const messageListeners: ((m: unknown) => void)[] = [];
    const disconnectListeners: (() => void)[] = [];
    let alive = true;
    ports.push({
      kill() {
        alive = false;
        disconnectListeners.forEach((l) => l());
      },
    });
    return {
      postMessage(message) {
        if (!alive) throw new Error('Attempting to use a disconnected port object');
        const { id } = message as { id: string };
        queueMicrotask(() => messageListeners.forEach((l) => l({ id, result: generation })));
      },
      onMessage: { addListener: (l) => void messageListeners.push(l) },
      onDisconnect: { addListener: (l) => void disconnectListeners.push(l) },
    };
  };
  return { ports, connect };
}

describe('the popup’s connection to the service worker', () => {
  it('fails what was in flight, opens a new port at once and says so, then answers from the new worker', async () => {
    const { ports, connect } = fakePorts();
    const onDisconnect = vi.fn();
    const onReconnect = vi.fn();
    const client = reconnectingClient(connect, { onDisconnect, onReconnect });
    expect(await client.request('pri(wallet.status)')).toBe(1);

    const subscription = client.subscribe('pri(state.subscribe)', undefined, () => undefined);
    ports[0]!.kill();
    await expect(subscription.result).rejects.toBeInstanceOf(Disconnected);
    expect(onDisconnect).toHaveBeenCalledTimes(1);
    expect(onReconnect).toHaveBeenCalledTimes(1);
    expect(ports).toHaveLength(2);
    expect(await client.request('pri(wallet.status)')).toBe(2);

    // And again: a worker can stop any number of times.
    ports[1]!.kill();
    expect(await client.request('pri(wallet.status)')).toBe(3);
    expect(onReconnect).toHaveBeenCalledTimes(2);
  });
});
