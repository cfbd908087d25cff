import { bytesToHex, randomBytes } from '@noble/curves/utils.js';
import { describe, expect, it } from 'vitest';
import { GF_BYTES, GfAccumulator, GfColumnCombiner, gfWords } from './gf256';
import { KAPPA } from './baseOt';
import { M, transpose } from './otExtension';

describe('GfColumnCombiner (the KOS check from the columns)', () => {
  const COL_BYTES = M / 8;

  it('equals Σ χ_j·row_j by one GF(2^256) multiplication per row', () => {
    const chi = randomBytes(M * GF_BYTES);
    const columns = randomBytes(KAPPA * COL_BYTES);
    // A zero column, a full one and single bits at both ends exercise the table edges.
    columns.fill(0, 0, COL_BYTES);
    columns.fill(0xff, COL_BYTES, 2 * COL_BYTES);
    columns.fill(0, (KAPPA - 1) * COL_BYTES);
    columns[(KAPPA - 1) * COL_BYTES] = 1;
    columns[KAPPA * COL_BYTES - 1] = 0x80;
    const rows = transpose(columns);
    const reference = new GfAccumulator();
    for (let j = 0; j < M; j++) reference.mulAdd(gfWords(chi, j * GF_BYTES), gfWords(rows, j * GF_BYTES));
    const combiner = new GfColumnCombiner(chi, M);
    expect(bytesToHex(combiner.combineRows(columns, KAPPA))).toBe(bytesToHex(reference.result()));
  });

  it('sums the χ_j selected by the bits of one column', () => {
    const chi = randomBytes(M * GF_BYTES);
    const x = randomBytes(COL_BYTES);
    const reference = new GfAccumulator();
    for (let j = 0; j < M; j++) if ((x[j >>> 3]! >>> (j & 7)) & 1) reference.add(gfWords(chi, j * GF_BYTES));
    expect(bytesToHex(new GfColumnCombiner(chi, M).sumSelected(x))).toBe(bytesToHex(reference.result()));
  });
});
