import { describe, expect, it } from 'vitest';
import { Wakeup } from './wakeup';

describe('Wakeup', () => {
  it('wakes every waiter on notify, long before its timeout, and forgets them', async () => {
    const wakeup = new Wakeup();
    const woken: number[] = [];
    const waits = [0, 1, 2].map((i) => wakeup.wait(60_000).then(() => woken.push(i)));
    expect(wakeup.waiting).toBe(3);
    wakeup.notify();
    await Promise.all(waits);
    expect(woken).toEqual([0, 1, 2]);
    expect(wakeup.waiting).toBe(0);
  });

  it('lets a waiter go after its timeout without a notify, and keeps no reference to it', async () => {
    const wakeup = new Wakeup();
    await wakeup.wait(1);
    expect(wakeup.waiting).toBe(0);
  });

  it('does not wake a waiter that arrives after the notify', async () => {
    const wakeup = new Wakeup();
    wakeup.notify();
    let woken = false;
    const wait = wakeup.wait(60_000).then(() => (woken = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(woken).toBe(false);
    wakeup.notify();
    await wait;
    expect(woken).toBe(true);
  });
});
