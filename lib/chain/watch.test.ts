import { describe, expect, it, vi } from 'vitest';
import { ChainTimeout } from './errors';
import { watchSubscription } from './watch';

describe('watchSubscription', () => {
  it('resolves once and unsubscribes, even when the subscription is confirmed after the answer', async () => {
    const unsubscribe = vi.fn();
    let confirm: (unsub: () => void) => void = () => {};
    const result = watchSubscription<number>('a value', 1_000, (watch) => {
      watch.resolve(1);
      watch.resolve(2);
      watch.reject(new Error('late'));
      return new Promise((resolve) => (confirm = resolve));
    });
    await expect(result).resolves.toBe(1);
    confirm(unsubscribe);
    await Promise.resolve();
    expect(unsubscribe).toHaveBeenCalledTimes(1);
  });

  it('fails with ChainTimeout naming what it waited for, and stops listening', async () => {
    const unsubscribe = vi.fn();
    const error = await watchSubscription('the registration', 10, async () => unsubscribe).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ChainTimeout);
    expect((error as ChainTimeout).message).toBe('Timed out waiting for the registration');
    expect(unsubscribe).toHaveBeenCalledTimes(1);
  });

  it('fails with the subscription’s own error when subscribing fails', async () => {
    await expect(
      watchSubscription('x', 1_000, async () => {
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
  });
});
