/**
 * Wakes every waiter at once when something they may be waiting for happened (a session created, a
 * request stored, a new head), so they look again at once instead of polling on a timer. A waiter
 * leaves on its own timeout, so none is kept longer than it asked.
 */
export class Wakeup {
  private readonly waiters = new Set<() => void>();

  notify(): void {
    const woken = [...this.waiters];
    this.waiters.clear();
    for (const wake of woken) wake();
  }

  /** Resolves at the next `notify()`, or after `ms` at the latest. */
  wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.waiters.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, Math.max(0, ms));
      this.waiters.add(wake);
    });
  }

  get waiting(): number {
    return this.waiters.size;
  }
}
