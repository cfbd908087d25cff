import { randomBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { bytesModule, compileProtocolWasm } from '../../scripts/wasm-build';
import { SCALAR_BYTES, q, randomScalar, writeScalar } from './curve';
import { OT_WIDTH, XI } from './otExtension';
import { PADS_BYTES, bigintArithmetic } from './rvoleArithmetic';
import type { BobCheckInputs } from './rvoleArithmetic';
import { protocolReady } from './ready';
import { PROTOCOL_WASM_HEX } from './wasm.bytes';
import { rvoleArithmetic, rvoleWasm } from './rvoleWasm';
import { instantiateProtocolWasm, wasmReady } from './wasm';
import { GF_BYTES, gfColumnSumsJs } from './gf256';
import { gfColumnSums, gfColumnSumsWasm } from './gf256Wasm';
import { KAPPA } from './baseOt';
import { M, PAD_BYTES, otColumnsJs, rowHasher, rowKey, rowPads } from './otExtension';
import { otColumnsWasm } from './otColumnsWasm';
import { rowHashesWasm } from './rowHashWasm';

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

describe('the protocol WebAssembly module', () => {
  it('is the committed build of lib/protocol/assembly/ (npm run build:wasm)', async () => {
    const built = await compileProtocolWasm();
    expect(bytesModule(built)).toContain(`'${PROTOCOL_WASM_HEX}'`);
    expect(Buffer.from(built).toString('hex')).toBe(PROTOCOL_WASM_HEX);
  });
});

describe('the OT row hash in WebAssembly', () => {
  /** The JavaScript reference, row by row. */
  function reference(
    context: Uint8Array,
    salt: Uint8Array,
    rows: Uint8Array,
    count: number,
    mask?: Uint8Array,
  ) {
    const H = rowHasher(context, salt);
    const pads = new Uint8Array(count * PAD_BYTES);
    for (let j = 0; j < count; j++) {
      const row = rows.slice(j * GF_BYTES, (j + 1) * GF_BYTES);
      if (mask) for (let k = 0; k < GF_BYTES; k++) row[k]! ^= mask[k]!;
      H(j, row, pads, j * PAD_BYTES);
    }
    return pads;
  }

  it('gives the pads of rowHasher (SHA-256 then ChaCha20) for every row, with and without a mask', async () => {
    const hashes = rowHashesWasm(await instantiateProtocolWasm());
    const [context, salt] = [randomBytes(32), randomBytes(32)];
    const rows = randomBytes(512 * GF_BYTES);
    rows.fill(0, 0, GF_BYTES); // an all-zero row and an all-ones row
    rows.fill(0xff, GF_BYTES, 2 * GF_BYTES);
    for (const mask of [undefined, randomBytes(GF_BYTES), new Uint8Array(GF_BYTES).fill(0xff)]) {
      const key = rowKey(context, salt);
      expect(hashes(key, rows, 512, mask)).toEqual(reference(context, salt, rows, 512, mask));
      expect(hashes(key, rows, 1, mask)).toEqual(reference(context, salt, rows, 1, mask));
    }
  });

  it('is what rowPads gives the RVOLE (ξ rows), and refuses what it cannot hold', async () => {
    await wasmReady;
    const [context, salt, delta] = [randomBytes(32), randomBytes(32), randomBytes(32)];
    const rows = randomBytes(XI * GF_BYTES);
    expect(rowPads(context, salt, rows)).toEqual(reference(context, salt, rows, XI));
    expect(rowPads(context, salt, rows, delta)).toEqual(reference(context, salt, rows, XI, delta));
    expect(() => rowPads(context, salt, rows.subarray(1))).toThrow(RangeError);
    const hashes = rowHashesWasm(await instantiateProtocolWasm());
    expect(() => hashes(randomBytes(16), randomBytes(513 * GF_BYTES), 513)).toThrow(RangeError);
    expect(() => hashes(randomBytes(16), randomBytes(GF_BYTES), 2)).toThrow(RangeError);
    expect(() => hashes(randomBytes(15), randomBytes(GF_BYTES), 1)).toThrow(RangeError);
  });
});

describe("the OT extension's columns in WebAssembly", () => {
  it('receiver (t, u) and sender (q) equal the JavaScript reference', async () => {
    const wasm = otColumnsWasm(await instantiateProtocolWasm());
    for (const [kappa, colBytes] of [
      [KAPPA, M / 8],
      [64, 48],
      [8, 128],
    ] as const) {
      const [seeds0, seeds1, x, nonce] = [
        randomBytes(kappa * 32),
        randomBytes(kappa * 32),
        randomBytes(colBytes),
        randomBytes(12),
      ];
      const received = wasm.receive(seeds0, seeds1, x, nonce, kappa);
      expect(received).toEqual(otColumnsJs.receive(seeds0, seeds1, x, nonce, kappa));
      for (const delta of [
        randomBytes(kappa / 8),
        new Uint8Array(kappa / 8),
        new Uint8Array(kappa / 8).fill(0xff),
      ]) {
        const seeds = seeds0.map((b, k) =>
          (delta[(k >>> 5) >>> 3]! >>> ((k >>> 5) & 7)) & 1 ? seeds1[k]! : b,
        );
        const q = wasm.send(seeds, delta, received.u, nonce, kappa);
        expect(q).toEqual(otColumnsJs.send(seeds, delta, received.u, nonce, kappa));
        // The KOS correlation itself: q_i = t_i ⊕ Δ_i·x.
        for (let i = 0; i < kappa; i++) {
          const d = (delta[i >>> 3]! >>> (i & 7)) & 1;
          const expected = received.t
            .slice(i * colBytes, (i + 1) * colBytes)
            .map((b, p) => b ^ (d ? x[p]! : 0));
          expect(q.slice(i * colBytes, (i + 1) * colBytes)).toEqual(expected);
        }
      }
    }
  });

  it('refuses shapes it cannot hold', async () => {
    const wasm = otColumnsWasm(await instantiateProtocolWasm());
    expect(() =>
      wasm.receive(randomBytes(31 * 32), randomBytes(32 * 32), randomBytes(94), randomBytes(12), 32),
    ).toThrow(RangeError);
    expect(() =>
      wasm.receive(randomBytes(8 * 32), randomBytes(8 * 32), randomBytes(129), randomBytes(12), 8),
    ).toThrow(RangeError);
    expect(() =>
      wasm.send(randomBytes(8 * 32), randomBytes(2), randomBytes(8 * 94), randomBytes(12), 8),
    ).toThrow(RangeError);
    expect(() =>
      wasm.send(randomBytes(8 * 32), randomBytes(1), randomBytes(8 * 94), randomBytes(11), 8),
    ).toThrow(RangeError);
  });
});

describe('the KOS check sums in WebAssembly', () => {
  const COL_BYTES = M / 8;
  /** Columns with the table edges: a zero column, a full one, single bits at both ends, random ones. */
  function matrix(columns: number, colBytes: number): Uint8Array {
    const m = randomBytes(columns * colBytes);
    m.fill(0, 0, colBytes);
    if (columns > 1) m.fill(0xff, colBytes, 2 * colBytes);
    if (columns > 2) {
      m.fill(0, (columns - 1) * colBytes);
      m[(columns - 1) * colBytes] = 1;
      m[columns * colBytes - 1] = 0x80;
    }
    return m;
  }

  it('Σ χ_j·row_j and Σ χ_j·x_j equal the JavaScript reference (M rows, κ columns)', async () => {
    const wasm = gfColumnSumsWasm(await instantiateProtocolWasm());
    for (let run = 0; run < 4; run++) {
      const chi = randomBytes(M * GF_BYTES);
      if (run === 1) chi.fill(0xff);
      const t = matrix(KAPPA, COL_BYTES);
      for (const x of [
        randomBytes(COL_BYTES),
        new Uint8Array(COL_BYTES),
        new Uint8Array(COL_BYTES).fill(0xff),
      ]) {
        expect(wasm.sums(chi, t, KAPPA, x)).toEqual(gfColumnSumsJs.sums(chi, t, KAPPA, x));
      }
      expect(wasm.sums(chi, t, KAPPA)).toEqual(gfColumnSumsJs.sums(chi, t, KAPPA));
    }
  });

  it('other shapes: 8 rows, one column; 1024 rows, 256 columns', async () => {
    const wasm = gfColumnSumsWasm(await instantiateProtocolWasm());
    for (const [rows, columns] of [
      [8, 1],
      [16, 3],
      [1024, 256],
    ] as const) {
      const chi = randomBytes(rows * GF_BYTES);
      const m = matrix(columns, rows / 8);
      const x = randomBytes(rows / 8);
      expect(wasm.sums(chi, m, columns, x)).toEqual(gfColumnSumsJs.sums(chi, m, columns, x));
    }
  });

  it('refuses shapes it cannot hold or that do not fit together', async () => {
    const wasm = gfColumnSumsWasm(await instantiateProtocolWasm());
    expect(() => wasm.sums(randomBytes(12 * GF_BYTES), randomBytes(3), 2)).toThrow(RangeError);
    expect(() => wasm.sums(randomBytes(1032 * GF_BYTES), randomBytes(129), 1)).toThrow(RangeError);
    expect(() => wasm.sums(randomBytes(M * GF_BYTES), randomBytes(KAPPA * COL_BYTES - 1), KAPPA)).toThrow(
      RangeError,
    );
    expect(() =>
      wasm.sums(randomBytes(M * GF_BYTES), randomBytes(KAPPA * COL_BYTES), KAPPA, randomBytes(3)),
    ).toThrow(RangeError);
  });
});

describe('the RVOLE arithmetic in WebAssembly', () => {
  it('loads, and the protocol then uses it', async () => {
    expect(await wasmReady).toBe('wasm');
    expect(await protocolReady).toEqual({ sha256: 'wasm', arithmetic: 'wasm' });
    expect(rvoleArithmetic().backend).toBe('wasm');
    expect(gfColumnSums().backend).toBe('wasm');
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
      const wasm = rvoleWasm(await instantiateProtocolWasm());
      const [v0, v1, s] = [c.v0(), c.v1(), c.scalars()];
      const alpha = s.slice(0, 4);
      expect(wasm.aliceTau(v0, v1, alpha)).toEqual(bigintArithmetic.aliceTau(v0, v1, alpha));
      const [tilde, hat] = [s.slice(0, 2), s.slice(2, 4)];
      expect(wasm.aliceCheck(v0, tilde, hat)).toEqual(bigintArithmetic.aliceCheck(v0, tilde, hat));
    });

    for (const choices of ['random', 'all 0', 'all 1'] as const) {
      it(`Bob's r and d equal the BigInt reference (${c.name}, β ${choices})`, async () => {
        const wasm = rvoleWasm(await instantiateProtocolWasm());
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
    const wasm = rvoleWasm(await instantiateProtocolWasm());
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
    const wasm = rvoleWasm(await instantiateProtocolWasm());
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
