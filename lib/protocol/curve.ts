import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToHex, bytesToNumberBE, numberToBytesBE, randomBytes } from '@noble/curves/utils.js';
import { decodeCompressed } from './ecWasm';

/**
 * secp256k1 group helpers: the curve order q, scalar arithmetic mod q and point encoding.
 * Scalars are bigints in [0, q); points are noble projective points.
 */
export const Point = secp256k1.Point;
export type Point = InstanceType<typeof secp256k1.Point>;
export const G = Point.BASE;
export const q = Point.Fn.ORDER;

export const SCALAR_BYTES = 32;
export const POINT_BYTES = 33;

export function mod(a: bigint): bigint {
  const r = a % q;
  return r < 0n ? r + q : r;
}

/** a mod q for a in (−q, 2q): one conditional add or subtract (replaces `mod` where the range is known). */
export function modNear(a: bigint): bigint {
  return a < 0n ? a + q : a >= q ? a - q : a;
}

export function invert(a: bigint): bigint {
  return Point.Fn.inv(mod(a));
}

/** A uniformly random non-zero scalar. */
export function randomScalar(): bigint {
  for (;;) {
    // 48 bytes reduced mod q: bias below 2^-128.
    const k = mod(bytesToNumberBE(randomBytes(48)));
    if (k !== 0n) return k;
  }
}

export function scalarToBytes(a: bigint): Uint8Array {
  return numberToBytesBE(a, SCALAR_BYTES);
}

/**
 * Writes a scalar big-endian at `offset` (a fast path for large batches). setBigUint64 keeps the low 64
 * bits of its argument, so the shifts need no masks (replaces masking each word: ~30 % faster).
 */
export function writeScalar(view: DataView, offset: number, a: bigint): void {
  view.setBigUint64(offset, a >> 192n);
  view.setBigUint64(offset + 8, a >> 128n);
  view.setBigUint64(offset + 16, a >> 64n);
  view.setBigUint64(offset + 24, a);
}

/** Reads 32 bytes at `offset` of `view` as an integer in [0, 2^256). */
export function readUint256(view: DataView, offset: number): bigint {
  return (
    (view.getBigUint64(offset) << 192n) |
    (view.getBigUint64(offset + 8) << 128n) |
    (view.getBigUint64(offset + 16) << 64n) |
    view.getBigUint64(offset + 24)
  );
}

/**
 * Reads 32 bytes as a scalar, reducing mod q. Only for hash/PRG outputs: 2^256 − q < 2^129, so the
 * result is within 2^-127 of uniform.
 */
export function scalarFromUniformBytes(bytes: Uint8Array, offset = 0): bigint {
  const v = new DataView(bytes.buffer, bytes.byteOffset + offset, SCALAR_BYTES);
  const x =
    (v.getBigUint64(0) << 192n) |
    (v.getBigUint64(8) << 128n) |
    (v.getBigUint64(16) << 64n) |
    v.getBigUint64(24);
  return x >= q ? x - q : x;
}

/** Canonical scalar decoding: exactly 32 bytes, < q. Returns undefined when out of range. */
export function scalarFromCanonicalBytes(bytes: Uint8Array): bigint | undefined {
  if (bytes.length !== SCALAR_BYTES) return undefined;
  const x = bytesToNumberBE(bytes);
  return x < q ? x : undefined;
}

export function pointToBytes(p: Point): Uint8Array {
  return p.toBytes(true);
}

/** Strict point decoding: 33-byte compressed, on the curve, not the identity. Undefined otherwise. */
export function pointFromBytes(bytes: Uint8Array): Point | undefined {
  if (bytes.length !== POINT_BYTES) return undefined;
  try {
    const p = Point.fromBytes(bytes);
    p.assertValidity();
    return p.is0() ? undefined : p;
  } catch {
    return undefined;
  }
}

const DECODED_POINTS = 1024;
const decodedPoints = new Map<string, Uint8Array | undefined>();

/**
 * The public points of key shares, which every run checks and uses again, decoded as `pointFromBytes`
 * decodes but by libsecp256k1, to the 65-byte uncompressed encoding `ecWasm.ts` works on (replaces
 * decoding them, a square root each, at every signing): remembers the last 1024 encodings by value,
 * least recently used dropped first.
 */
export function keyPointFromBytes(bytes: Uint8Array): Uint8Array | undefined {
  if (bytes.length !== POINT_BYTES) return undefined;
  const key = bytesToHex(bytes);
  const known = decodedPoints.has(key);
  const point = known ? decodedPoints.get(key) : decodeCompressed(bytes);
  if (known) decodedPoints.delete(key);
  decodedPoints.set(key, point);
  if (decodedPoints.size > DECODED_POINTS) decodedPoints.delete(decodedPoints.keys().next().value!);
  return point;
}

/** x(R) mod q, the ECDSA "r". */
export function xCoordinateScalar(p: Point): bigint {
  return mod(p.toAffine().x);
}
