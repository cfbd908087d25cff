type Listener = (...args: unknown[]) => void;

/** The small part of Node's EventEmitter that EIP-1193 providers expose (on / removeListener / once). */
export class Emitter {
  readonly #listeners = new Map<string, Listener[]>();

  on(event: string, listener: Listener): this {
    this.#listeners.set(event, [...(this.#listeners.get(event) ?? []), listener]);
    return this;
  }

  once(event: string, listener: Listener): this {
    const wrapped: Listener = (...args) => {
      this.removeListener(event, wrapped);
      listener(...args);
    };
    return this.on(event, wrapped);
  }

  removeListener(event: string, listener: Listener): this {
    const left = (this.#listeners.get(event) ?? []).filter((l) => l !== listener);
    if (left.length > 0) this.#listeners.set(event, left);
    else this.#listeners.delete(event);
    return this;
  }

  off(event: string, listener: Listener): this {
    return this.removeListener(event, listener);
  }

  listenerCount(event: string): number {
    return this.#listeners.get(event)?.length ?? 0;
  }

  /** A throwing page listener must not stop the others or break the wallet's own bookkeeping. */
  protected emit(event: string, ...args: unknown[]): void {
    for (const listener of this.#listeners.get(event) ?? []) {
      try {
        listener(...args);
      } catch (error) {
        console.error(error);
      }
    }
  }
}
