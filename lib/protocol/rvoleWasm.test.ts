import { randomBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { bytesModule, compileRvoleWasm } from '../../scripts/wasm-build';
import { SCALAR_BYTES, q, randomScalar, writeScalar } from './curve';
import { OT_WIDTH, XI } from './otExtension';
import { PADS_BYTES, bigintArithmetic } from './rvoleArithmetic';
import type { BobCheckInputs } from './rvoleArithmetic';
import { protocolReady } from './ready';
import { RVOLE_WASM_HEX } from './rvoleWasm.bytes';
import { instantiateRvoleWasm, rvoleArithmetic, rvoleReady } from './rvoleWasm';

const N = XI * OT_WIDTH;
const TOP = (1n << 256n) - 1n;

/** ξ·OT_WIDTH 32-byte values, from `pick(k)`. */
function vector(pick: (k: number) => bigint): Uint8Array {
  const out = new Uint8Array(PADS_BYTES);
  const view = new DataView(out.buffer);
  for (let k = 0; k < N; k++) writeScalar(view, k * SCALAR_BYTES, pick(k));
  return out;
}

const EDGE_PADS = [0n, 1n, q - 1n, q, q + 1n, TOP]; // pads are uniform in [0, 2^256): ≥ q too
const EDGE_SCALARS = [0n, 1n, q - 1n];
const randomPads = () => randomBytes(PADS_BYTES);
const edgePads = (shift: number) => vector((k) => EDGE_PADS[(k + shift) % EDGE_PADS.length]!);
/** τ as Bob accepts it: entries in [1, q). */
const randomTau = () => vector(() => randomScalar());
const edgeTau = () => vector((k) => [1n, 2n, q - 1n, q - 2n][k % 4]!);

describe('the RVOLE arithmetic in WebAssembly', () => {
  it('is the committed build of lib/protocol/assembly/rvole.ts (npm run build:wasm)', async () => {
    const built = await compileRvoleWasm();
    expect(bytesModule(built)).toContain(`'${RVOLE_WASM_HEX}'`);
    expect(Buffer.from(built).toString('hex')).toBe(RVOLE_WASM_HEX);
  });

  it('loads, and the protocol then uses it', async () => {
    expect(await rvoleReady).toBe('wasm');
    expect(await protocolReady).toEqual({ sha256: 'wasm', rvole: 'wasm' });
    expect(rvoleArithmetic().backend).toBe('wasm');
  });

  const cases: { name: string; v0: () => Uint8Array; v1: () => Uint8Array; scalars: () => bigint[] }[] = [
    {
      name: 'random',
      v0: randomPads,
      v1: randomPads,
      scalars: () => Array.from({ length: 9 }, randomScalar),
    },
    {
      name: 'edge pads, random scalars',
      v0: () => edgePads(0),
      v1: () => edgePads(1),
      scalars: () => Array.from({ length: 9 }, randomScalar),
    },
    ...EDGE_SCALARS.map((s) => ({
      name: `edge pads, every scalar ${s === q - 1n ? 'q − 1' : s}`,
      v0: () => edgePads(2),
      v1: () => edgePads(5),
      scalars: () => Array<bigint>(9).fill(s),
    })),
    // The largest sums the reduction sees: every z and challenge q − 1.
    {
      name: 'all q − 1',
      v0: () => vector(() => q - 1n),
      v1: () => vector(() => q - 1n),
      scalars: () => Array<bigint>(9).fill(q - 1n),
    },
  ];

  for (const c of cases) {
    it(`Alice's τ, r and c equal the BigInt reference (${c.name})`, async () => {
      const wasm = await instantiateRvoleWasm();
      const [v0, v1, s] = [c.v0(), c.v1(), c.scalars()];
      const alpha = s.slice(0, 4);
      expect(wasm.aliceTau(v0, v1, alpha)).toEqual(bigintArithmetic.aliceTau(v0, v1, alpha));
      const [tilde, hat] = [s.slice(0, 2), s.slice(2, 4)];
      expect(wasm.aliceCheck(v0, tilde, hat)).toEqual(bigintArithmetic.aliceCheck(v0, tilde, hat));
    });

    for (const choices of ['random', 'all 0', 'all 1'] as const) {
      it(`Bob's r and d equal the BigInt reference (${c.name}, β ${choices})`, async () => {
        const wasm = await instantiateRvoleWasm();
        const beta =
          choices === 'random'
            ? randomBytes(XI / 8)
            : new Uint8Array(XI / 8).fill(choices === 'all 0' ? 0 : 255);
        const s = c.scalars();
        const inputs: BobCheckInputs = {
          tilde: s.slice(0, 2),
          hat: s.slice(2, 4),
          u: s.slice(4, 6),
          gamma: s.slice(6, 8),
          b: s[8]!,
        };
        for (const tau of [randomTau(), edgeTau()]) {
          const h = c.v0();
          expect(wasm.bobCheck(h, tau, beta, inputs)).toEqual(
            bigintArithmetic.bobCheck(h, tau, beta, inputs),
          );
        }
      });
    }
  }

  it('finds the first τ entry outside [1, q) as the reference does', async () => {
    const wasm = await instantiateRvoleWasm();
    const valid = randomTau();
    expect(wasm.tauOutOfRange(valid)).toBe(-1);
    expect(bigintArithmetic.tauOutOfRange(valid)).toBe(-1);
    expect(wasm.tauOutOfRange(edgeTau())).toBe(-1);
    for (const [value, at] of [
      [0n, 0],
      [q, 7],
      [q + 1n, N - 1],
      [TOP, 1000],
    ] as const) {
      const tau = valid.slice();
      writeScalar(new DataView(tau.buffer), at * SCALAR_BYTES, value);
      expect(wasm.tauOutOfRange(tau)).toBe(at);
      expect(bigintArithmetic.tauOutOfRange(tau)).toBe(at);
    }
  });

  it('refuses vectors of the wrong length, as the reference does', async () => {
    const wasm = await instantiateRvoleWasm();
    for (const impl of [wasm, bigintArithmetic]) {
      expect(() => impl.aliceTau(randomPads().subarray(1), randomPads(), [1n, 2n, 3n, 4n])).toThrow(
        RangeError,
      );
      expect(() => impl.tauOutOfRange(new Uint8Array(PADS_BYTES + 32))).toThrow(RangeError);
      expect(() =>
        impl.bobCheck(randomPads(), randomTau(), new Uint8Array(1), {
          tilde: [],
          hat: [],
          u: [],
          gamma: [],
          b: 0n,
        }),
      ).toThrow(RangeError);
    }
  });
});
