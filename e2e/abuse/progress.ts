/**
 * Progress of an abuse phase: a line when it starts and ends, and every `everyMs` a heartbeat with the
 * count done and the oldest request still in flight, so a stalled phase names what it waits for.
 */
export class Progress {
  private readonly started = Date.now();
  private readonly inFlight = new Map<number, { label: string; since: number }>();
  private nextId = 0;
  private done = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly phase: string,
    private readonly total: number | undefined,
    everyMs = 15_000,
  ) {
    console.info(`abuse: ${phase}: started${total === undefined ? '' : ` (${total} inputs)`}`);
    this.timer = setInterval(() => console.info(`abuse: ${phase}: ${this.status()}`), everyMs);
    this.timer.unref();
  }

  /** Marks `label` in flight until the returned function is called. */
  begin(label: string): () => void {
    const id = this.nextId++;
    this.inFlight.set(id, { label, since: Date.now() });
    return () => {
      if (this.inFlight.delete(id)) this.done++;
    };
  }

  /** Runs `work` as one tracked step. */
  async step<T>(label: string, work: () => Promise<T>): Promise<T> {
    const end = this.begin(label);
    try {
      return await work();
    } finally {
      end();
    }
  }

  private status(): string {
    const seconds = ((Date.now() - this.started) / 1000).toFixed(0);
    const oldest = [...this.inFlight.values()].sort((a, b) => a.since - b.since)[0];
    const waiting = oldest
      ? `, ${this.inFlight.size} in flight, oldest ${((Date.now() - oldest.since) / 1000).toFixed(0)} s: ${oldest.label.slice(0, 160)}`
      : '';
    return `${this.done}${this.total === undefined ? '' : `/${this.total}`} done after ${seconds} s${waiting}`;
  }

  end(): void {
    clearInterval(this.timer);
    console.info(`abuse: ${this.phase}: finished, ${this.status()}`);
  }
}
