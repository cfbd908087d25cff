/**
 * CPU clocks for the session meters (`lib/tss/meter.ts`) of Node processes: the TSS servers and
 * `bench/tss-load.ts`'s user parties.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { TssError } from './errors';

/** This process's CPU time, every thread, ms. */
export function processCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

const SCHEDSTAT = '/proc/thread-self/schedstat';

/**
 * The calling thread's CPU time, ms: the first field of Linux's `/proc/thread-self/schedstat`, the
 * nanoseconds the thread has run, read again through a descriptor kept open (about 3 µs a read). Null
 * where the file cannot be read (not Linux). The descriptor names the thread that opened it, so call this
 * from the thread whose time is wanted.
 */
export function threadCpuClock(): (() => number) | null {
  let fd: number;
  try {
    fd = openSync(SCHEDSTAT, 'r');
  } catch {
    return null;
  }
  const buffer = Buffer.alloc(64);
  const now = (): number => {
    const length = readSync(fd, buffer, 0, buffer.length, 0);
    let ns = 0;
    for (let i = 0; i < length; i++) {
      const digit = buffer[i]! - 48;
      if (digit < 0 || digit > 9) break;
      ns = ns * 10 + digit;
    }
    return ns / 1e6;
  };
  try {
    now();
  } catch {
    closeSync(fd);
    return null;
  }
  return now;
}

/** The environment variable that picks the meters' clock: `thread` (the default) or `process`. */
export const METER_CLOCK_ENV = 'ENTROPY_METER_CLOCK';

export interface MeterClock {
  name: 'thread' | 'process';
  now: () => number;
}

/**
 * The clock the session meters read. The main thread's CPU time by default: the process's clock also
 * counts, inside a metered call, whatever the process's other threads do meanwhile (V8's concurrent
 * garbage collector marking the whole heap, libuv's pool writing the store), which is not that call's
 * work. `process` keeps the clock the meters read until 2026-11-28 (docs/benchmarks.md compares both).
 */
export function meterClockFrom(env: Record<string, string | undefined>): MeterClock {
  const wanted = env[METER_CLOCK_ENV] ?? 'thread';
  if (wanted !== 'thread' && wanted !== 'process') {
    throw new TssError(`${METER_CLOCK_ENV} must be "thread" or "process", not "${wanted.slice(0, 40)}"`, {
      code: 'CONFIG',
    });
  }
  const thread = wanted === 'thread' ? threadCpuClock() : null;
  return thread ? { name: 'thread', now: thread } : { name: 'process', now: processCpuMs };
}
