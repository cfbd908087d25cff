/**
 * DKLs23 benchmark: per-party compute time of DKG and signing for n = 2..6, rounds, bytes sent.
 * Runs all parties in one process, measuring the CPU time of each party's own calls — building its
 * machine (createDkg / createSigning: checking the key share), start() and handle() — with no transport
 * and no waiting, so other load on the machine does not count.
 *
 * Signing is reported twice: the first signing of the process (cold: V8 has not yet optimised the
 * BigInt and hashing code, as in a wallet's freshly started service worker) and the median of the runs
 * after a warm-up (steady state, as in a long-running server). The JIT needs about a dozen signings at
 * n = 4 to settle, hence the default warm-up of 15.
 *
 *   npm run bench:protocol                 # defaults: 3 DKG runs, 15 warm-up and 10 measured signings per n
 *   npm run bench:protocol -- 2 4 --dkg-runs 5 --sign-runs 20 --warmup 30
 */
import { randomBytes } from '@noble/curves/utils.js';
import { createDkg, createSigning, protocolReady } from '../lib/protocol/index';
import type { KeyShare, PartyId } from '../lib/protocol/index';
import { median, run } from './local-run';

const mean = (xs: Iterable<number>) => {
  const a = [...xs];
  return a.reduce((x, y) => x + y, 0) / a.length;
};

function parseArgs() {
  const args = process.argv.slice(2);
  const opt = (name: string, d: number) => {
    const i = args.indexOf(name);
    return i >= 0 ? Number(args[i + 1]) : d;
  };
  const ns = args.filter((a, i) => /^\d+$/.test(a) && !args[i - 1]?.startsWith('--')).map(Number);
  return {
    ns: ns.length ? ns : [2, 3, 4, 5, 6],
    dkgRuns: opt('--dkg-runs', 3),
    signRuns: opt('--sign-runs', 10),
    warmup: opt('--warmup', 15),
  };
}

const { ns, dkgRuns, signRuns, warmup } = parseArgs();
// The protocol's WebAssembly in place before any run (until it loads, JavaScript computes the same, slower).
const backends = await protocolReady;
const rows: string[][] = [];
for (const n of ns) {
  const parties = Array.from({ length: n }, (_, i) => `party-${i}`);
  const dkgCpu: number[] = [];
  let dkgBytes = 0;
  let shares = new Map<PartyId, KeyShare>();
  let dkgRounds = 0;
  for (let i = 0; i < dkgRuns; i++) {
    const sessionId = randomBytes(32);
    const machines = new Map(parties.map((p) => [p, () => createDkg({ sessionId, self: p, parties })]));
    const stats = run(machines);
    dkgRounds = stats.totalRounds;
    dkgCpu.push(mean(stats.cpu.values()));
    dkgBytes = mean(stats.sent.values());
    shares = stats.results;
  }
  // The first signing (cold JIT), warm-up runs, then the measured runs.
  const signCpu: number[] = [];
  let firstSignCpu = 0;
  let signBytes = 0;
  let signRounds = 0;
  for (let i = 0; i < warmup + signRuns; i++) {
    const sessionId = randomBytes(32);
    const messageHash = randomBytes(32);
    const machines = new Map(
      parties.map((p) => [
        p,
        () => createSigning({ sessionId, share: shares.get(p)!, parties, messageHash }),
      ]),
    );
    const stats = run(machines);
    signRounds = stats.totalRounds;
    if (i === 0) firstSignCpu = mean(stats.cpu.values());
    if (i >= warmup) signCpu.push(mean(stats.cpu.values()));
    signBytes = mean(stats.sent.values());
  }
  rows.push([
    String(n),
    median(dkgCpu).toFixed(0),
    String(dkgRounds),
    (dkgBytes / 1024).toFixed(1),
    firstSignCpu.toFixed(1),
    median(signCpu).toFixed(1),
    String(signRounds),
    (signBytes / 1024).toFixed(1),
  ]);
  console.info(`n = ${n} done`);
}

const header = [
  'n',
  'DKG ms/party',
  'DKG rounds',
  'DKG KiB sent/party',
  'first sign ms/party',
  'sign ms/party',
  'sign rounds',
  'sign KiB sent/party',
];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: string[]) => `| ${cells.map((c, i) => c.padStart(widths[i]!)).join(' | ')} |`;
console.log(
  `\nDKLs23 on Node ${process.version} (SHA-256: ${backends.sha256}, our module (RVOLE, KOS check, row hash): ${backends.arithmetic}); CPU time per party (no transport): medians over ${dkgRuns} DKG runs ` +
    `and over ${signRuns} signing runs after ${warmup} warm-up signings; "first sign" is the first signing of ` +
    `each n (cold JIT for the first n only: later ones reuse the code the earlier n warmed up)\n`,
);
console.log(line(header));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const r of rows) console.log(line(r));
const four = rows.find((r) => r[0] === '4');
if (four) {
  console.log(
    `\nTargets (n = 4, issue 18): signing ≤ 25 ms/party: ${four[5]} ms warm (${four[4]} ms cold); ` +
      `DKG ≤ 1000 ms/party: ${four[1]} ms`,
  );
}
