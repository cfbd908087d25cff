import type { OutgoingMessage, PartyId, ProtocolMachine } from './types';

export interface Delivery {
  from: PartyId;
  to: PartyId;
  round: number;
  payload: Uint8Array;
}

/**
 * Runs machines of one session in memory, delivering every message (FIFO) until all are done.
 * `intercept` may replace a delivery's payload or drop it (return null) — for tests. Errors thrown
 * by a machine propagate to the caller. Used by tests, the benchmark and local tools.
 */
export function runLocally<R>(
  machines: Map<PartyId, ProtocolMachine<R>>,
  intercept?: (d: Delivery) => Uint8Array | null,
): Map<PartyId, R> {
  const queue: Delivery[] = [];
  const enqueue = (from: PartyId, out: OutgoingMessage[]) => {
    for (const m of out) {
      const targets = m.to === null ? [...machines.keys()].filter((p) => p !== from) : [m.to];
      for (const to of targets) queue.push({ from, to, round: m.round, payload: m.payload });
    }
  };
  const results = new Map<PartyId, R>();
  try {
    for (const [p, m] of machines) enqueue(p, m.start());
    while (queue.length > 0) {
      const d = queue.shift()!;
      const payload = intercept ? intercept(d) : d.payload;
      if (payload === null) continue;
      const target = machines.get(d.to);
      if (!target) continue;
      const step = target.handle({ from: d.from, payload });
      enqueue(d.to, step.messages);
      if (step.result !== undefined) results.set(d.to, step.result);
    }
  } finally {
    // Like a caller whose run failed or timed out: every machine lets go of what it holds.
    for (const m of machines.values()) m.close();
  }
  return results;
}
