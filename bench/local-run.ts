/** Runs a protocol's parties in one process for the benchmarks (bench/protocol.ts, bench/protocol-ab.ts). */
import type { OutgoingMessage, PartyId, ProtocolMachine } from '../lib/protocol/index';

export interface RunStats<R> {
  results: Map<PartyId, R>;
  /** Compute milliseconds per party. */
  cpu: Map<PartyId, number>;
  /** Bytes each party sent (a broadcast counts once per recipient). */
  sent: Map<PartyId, number>;
  totalRounds: number;
}

/** All parties in one process, each party's calls timed in CPU time; messages delivered in order. */
export function run<R>(create: Map<PartyId, () => ProtocolMachine<R>>): RunStats<R> {
  const cpu = new Map<PartyId, number>();
  const sent = new Map<PartyId, number>();
  const results = new Map<PartyId, R>();
  const queue: { from: PartyId; to: PartyId; payload: Uint8Array }[] = [];
  // CPU time (user + system) rather than wall time: the machine is shared, and we want compute only.
  const timed = <T>(p: PartyId, f: () => T): T => {
    const t = process.cpuUsage();
    const out = f();
    const d = process.cpuUsage(t);
    cpu.set(p, (cpu.get(p) ?? 0) + (d.user + d.system) / 1000);
    return out;
  };
  const post = (from: PartyId, messages: OutgoingMessage[]) => {
    for (const m of messages) {
      const to = m.to === null ? [...machines.keys()].filter((p) => p !== from) : [m.to];
      for (const t of to) {
        queue.push({ from, to: t, payload: m.payload });
        sent.set(from, (sent.get(from) ?? 0) + m.payload.length);
      }
    }
  };
  const machines = new Map<PartyId, ProtocolMachine<R>>();
  for (const [p, make] of create) machines.set(p, timed(p, make));
  for (const [p, m] of machines)
    post(
      p,
      timed(p, () => m.start()),
    );
  while (queue.length > 0) {
    const d = queue.shift()!;
    const step = timed(d.to, () => machines.get(d.to)!.handle({ from: d.from, payload: d.payload }));
    post(d.to, step.messages);
    if (step.result !== undefined) results.set(d.to, step.result);
  }
  if (results.size !== machines.size) throw new Error('run did not finish');
  return { results, cpu, sent, totalRounds: machines.values().next().value!.totalRounds };
}

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
