import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { METER_CLOCK_ENV, meterClockFrom, processCpuMs, threadCpuClock } from './cpu-clock';
import { TssError } from './errors';

/** Runs a worker thread that spins for `ms` of wall-clock time while this thread sleeps (no CPU). */
async function otherThreadSpins(ms: number): Promise<void> {
  const worker = new Worker(
    `const end = Date.now() + ${ms}; let x = 0; while (Date.now() < end) x = (x * 31 + 7) % 1000003;
     require('node:worker_threads').parentPort.postMessage(x);`,
    { eval: true },
  );
  const done = new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  // Atomics.wait blocks this thread in the kernel: it runs nothing until the worker is done.
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms + 50);
  await done;
  await worker.terminate();
}

describe('the meters’ CPU clocks', () => {
  const thread = threadCpuClock();

  it('reads this thread’s CPU time on Linux, which grows with this thread’s work', () => {
    expect(thread).not.toBeNull();
    const start = thread!();
    let x = 0;
    for (let i = 0; i < 5_000_000; i++) x = (x * 31 + i) % 1000003;
    expect(x).toBeGreaterThanOrEqual(0);
    expect(thread!()).toBeGreaterThan(start);
  });

  it('does not count another thread’s work, which the process clock does', async () => {
    const threadStart = thread!();
    const processStart = processCpuMs();
    await otherThreadSpins(300);
    const threadSpent = thread!() - threadStart;
    const processSpent = processCpuMs() - processStart;
    expect(processSpent).toBeGreaterThan(2 * threadSpent);
  });

  it('is the default; the process clock on request; anything else is a typed CONFIG error', () => {
    expect(meterClockFrom({}).name).toBe('thread');
    expect(meterClockFrom({ [METER_CLOCK_ENV]: 'thread' }).name).toBe('thread');
    const chosen = meterClockFrom({ [METER_CLOCK_ENV]: 'process' });
    expect(chosen.name).toBe('process');
    expect(chosen.now).toBe(processCpuMs);
    let error: unknown;
    try {
      meterClockFrom({ [METER_CLOCK_ENV]: 'wall' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TssError);
    expect((error as TssError).code).toBe('CONFIG');
  });
});
