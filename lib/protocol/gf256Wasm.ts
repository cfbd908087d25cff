import { GF_BYTES, gfColumnSumsJs } from './gf256';
import type { GfColumnSums } from './gf256';
import { protocolWasm } from './wasm';
import type { ProtocolWasm } from './wasm';

/**
 * The KOS check's column sums in WebAssembly with 128-bit SIMD (replaces `GfColumnCombiner`'s 32-bit
 * JavaScript loops; lib/protocol/assembly/gf256.ts). Capacity: up to 1024 rows (a multiple of 8) and
 * 256 columns. The matrix (secret OT rows), the selected bits and the sums are zeroed after each call;
 * the tables of χ (public challenges) are not.
 */
const MAX_ROWS = 1024;
const MAX_COLUMNS = 256;

export function gfColumnSumsWasm({ x, mem, region }: ProtocolWasm): GfColumnSums {
  const TABLES = region((MAX_ROWS / 4) * 16 * GF_BYTES);
  const CHI = region(MAX_ROWS * GF_BYTES);
  const MATRIX = region((MAX_COLUMNS * MAX_ROWS) / 8);
  const COLUMN = region(MAX_ROWS / 8);
  const OUT = region(GF_BYTES);
  const END = OUT + GF_BYTES;
  return {
    backend: 'wasm',
    sums(chi, matrix, columns, selected) {
      const rows = chi.length / GF_BYTES;
      if (!Number.isInteger(rows) || rows % 8 !== 0 || rows > MAX_ROWS || columns > MAX_COLUMNS)
        throw new RangeError(
          `the KOS sums take up to ${MAX_ROWS} rows (a multiple of 8) and ${MAX_COLUMNS} columns`,
        );
      if (matrix.length !== (columns * rows) / 8 || (selected && selected.length !== rows / 8))
        throw new RangeError('a column is one bit per row');
      const nibbles = rows / 4;
      mem.set(chi, CHI);
      x.gfTables(TABLES, CHI, nibbles);
      mem.set(matrix, MATRIX);
      x.gfCombineRows(OUT, TABLES, MATRIX, columns, nibbles);
      const rowSum = mem.slice(OUT, OUT + GF_BYTES);
      let selectedSum: Uint8Array | undefined;
      if (selected) {
        mem.set(selected, COLUMN);
        x.gfSumSelected(OUT, TABLES, COLUMN, nibbles);
        selectedSum = mem.slice(OUT, OUT + GF_BYTES);
      }
      mem.fill(0, MATRIX, END);
      x.gfClearScratch();
      return { rows: rowSum, selected: selectedSum };
    },
  };
}

let wasm: GfColumnSums | undefined;

/** The implementation in use now: the WebAssembly once compiled (wasm.ts), JavaScript until then. */
export function gfColumnSums(): GfColumnSums {
  if (wasm) return wasm;
  const instance = protocolWasm();
  if (instance) wasm = gfColumnSumsWasm(instance);
  return wasm ?? gfColumnSumsJs;
}
