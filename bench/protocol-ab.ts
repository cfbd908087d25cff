/**
 * Interleaved A/B of signing: two checkouts' `lib/protocol` loaded into one process, their signings
 * alternated (ABBA order), so the machine's speed, which on this VM moves by up to 2× within an hour,
 * affects both sides alike. Prints each side's median CPU ms per party and the ratio B / A.
 *
 *   git archive <commit> lib | tar -x -C /tmp/before   # a copy of the code to compare against
 *   npm run bench:protocol:ab -- --a /tmp/before --b . [--n 4] [--runs 30] [--warmup 16]
 *
 * Both copies resolve their imports from this checkout's node_modules if they have none of their own
 * (link it: `ln -s $PWD/node_modules /tmp/before/node_modules`).
 */
import { randomBytes } from '@noble/curves/utils.js';
import { resolve } from 'node:path';
import type { KeyShare, PartyId } from '../lib/protocol/index';
import { median, run } from './local-run';

type Protocol = typeof import('../lib/protocol/index');

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}

const roots = [resolve(option('--a', '.')), resolve(option('--b', '.'))];
const n = Number(option('--n', '4'));
const runs = Number(option('--runs', '30'));
const warmup = Number(option('--warmup', '16'));
const parties = Array.from({ length: n }, (_, i) => `party-${i}`);

const sides: { root: string; P: Protocol; shares: Map<PartyId, KeyShare> }[] = [];
for (const root of roots) {
  const P = (await import(`${root}/lib/protocol/index.ts`)) as Protocol;
  console.info(`${root}: ${JSON.stringify(await P.protocolReady)}`);
  const sessionId = randomBytes(32);
  const { results } = run(
    new Map(parties.map((p) => [p, () => P.createDkg({ sessionId, self: p, parties })])),
  );
  sides.push({ root, P, shares: results });
}

const sign = (side: number) => {
  const { P, shares } = sides[side]!;
  const sessionId = randomBytes(32);
  const messageHash = randomBytes(32);
  const { cpu } = run(
    new Map(
      parties.map((p) => [
        p,
        () => P.createSigning({ sessionId, share: shares.get(p)!, parties, messageHash }),
      ]),
    ),
  );
  return [...cpu.values()].reduce((x, y) => x + y, 0) / cpu.size;
};

for (let i = 0; i < warmup; i++) {
  sign(0);
  sign(1);
}
const times: [number[], number[]] = [[], []];
for (let i = 0; i < runs; i++) {
  const order = i % 2 ? [1, 0] : [0, 1];
  for (const side of order) times[side]!.push(sign(side));
}
const [a, b] = times.map(median) as [number, number];
const paired = median(times[1].map((t, i) => t / times[0][i]!));
console.log(
  `\nn = ${n} signing, CPU ms per party, medians of ${runs} interleaved runs after ${warmup} warm-up each:\n` +
    `  A ${roots[0]}: ${a.toFixed(1)}\n  B ${roots[1]}: ${b.toFixed(1)}\n` +
    `  B / A ${(b / a).toFixed(3)} (paired ratios' median ${paired.toFixed(3)})`,
);
