import { describe, expect, it } from 'vitest';
import { ByteReader, ByteWriter, fromBase64, fromHex, strictObject, toBase64, toHex, utf8 } from './codec';
import { base64Encode } from '@polkadot/util-crypto';
import { expectWireError, seededRandom } from './test-support';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

describe('codec', () => {
  it('writes and reads every field type back, big-endian', () => {
    const bytes = new ByteWriter()
      .u8(0xab)
      .u16(0x0102)
      .u32(0x01020304)
      .u64(Number.MAX_SAFE_INTEGER)
      .bytes8(utf8('t', 'héllo'))
      .bytes32(new Uint8Array([9, 9]))
      .fixed(new Uint8Array([7]))
      .finish();
    expect(bytes.subarray(0, 7)).toEqual(new Uint8Array([0xab, 1, 2, 1, 2, 3, 4]));
    const reader = new ByteReader(bytes);
    expect(reader.u8('a')).toBe(0xab);
    expect(reader.u16('b')).toBe(0x0102);
    expect(reader.u32('c')).toBe(0x01020304);
    expect(reader.u64('d')).toBe(Number.MAX_SAFE_INTEGER);
    expect(reader.text8('e', 1, 64)).toBe('héllo');
    expect(reader.bytes32('f', 0, 2)).toEqual(new Uint8Array([9, 9]));
    expect(reader.fixed('g', 1)).toEqual(new Uint8Array([7]));
    expect(() => reader.end()).not.toThrow();
  });

  it('reads strictly: truncation, length bounds, trailing bytes, invalid UTF-8, unsafe integers', () => {
    expectWireError(() => new ByteReader(new Uint8Array([1])).u16('x'), 'MALFORMED');
    expectWireError(() => new ByteReader(new Uint8Array([3, 1, 2])).bytes8('x', 0, 10), 'MALFORMED');
    expectWireError(() => new ByteReader(new Uint8Array([3, 1, 2, 3])).bytes8('x', 0, 2), 'MALFORMED');
    expectWireError(() => new ByteReader(new Uint8Array([0])).bytes8('x', 1, 2), 'MALFORMED');
    expectWireError(() => new ByteReader(new Uint8Array([2, 0xc3, 0x28])).text8('x', 1, 2), 'MALFORMED');
    expectWireError(() => new ByteReader(new Uint8Array(8).fill(0xff)).u64('x'), 'MALFORMED');
    const reader = new ByteReader(new Uint8Array([1, 2]));
    reader.u8('x');
    expectWireError(() => reader.end(), 'MALFORMED');
  });

  it('keeps a leading BOM and refuses lone surrogates, so text round-trips exactly', () => {
    const withBom = new ByteReader(new ByteWriter().bytes8(utf8('t', '\ufeffa')).finish());
    expect(withBom.text8('t', 1, 8)).toBe('\ufeffa');
    expectWireError(() => utf8('t', 'a\udc00'), 'MALFORMED');
  });

  it('accepts only 0x-prefixed lowercase even-length hex of the right length', () => {
    expect(fromHex('h', toHex(new Uint8Array([0, 255])), { exact: 2 })).toEqual(new Uint8Array([0, 255]));
    for (const bad of ['00ff', '0x0', '0x00FF', '0X00ff', '0x00fg', ' 0x00ff', 7, null]) {
      expectWireError(() => fromHex('h', bad, { exact: 2 }), 'MALFORMED');
    }
    expectWireError(() => fromHex('h', '0x00', { exact: 2 }), 'MALFORMED');
    expectWireError(() => fromHex('h', '0x000000', { max: 2 }), 'MALFORMED');
  });

  it('accepts only canonical padded standard base64', () => {
    const bytes = new Uint8Array([0xfb, 0xff]);
    const text = toBase64(bytes);
    expect(text).toBe('+/8=');
    expect(fromBase64('b', text, 10)).toEqual(bytes);
    // '+/9=' decodes to the same bytes with a non-zero unused bit.
    for (const bad of ['+/8', '-_8=', '+/9=', '+/8=\n', '+/8==', 5]) {
      expectWireError(() => fromBase64('b', bad, 10), 'MALFORMED');
    }
    expectWireError(() => fromBase64('b', toBase64(new Uint8Array(12)), 9), 'MALFORMED');
  });

  it('agrees with a reference base64 on every length, and rejects each non-canonical variant', () => {
    const random = seededRandom(3);
    for (let length = 0; length < 70; length++) {
      const bytes = random.bytes(length);
      const text = toBase64(bytes);
      expect(text).toBe(base64Encode(bytes));
      expect(fromBase64('b', text, 100)).toEqual(bytes);
      if (text.endsWith('=')) {
        // Flipping the lowest bit of the last data character only touches the bits padding leaves
        // over: a lenient decoder would read the same bytes, so there would be two texts for one frame.
        const at = text.indexOf('=') - 1;
        const flipped = ALPHABET[ALPHABET.indexOf(text[at] as string) ^ 1] as string;
        const altered = text.slice(0, at) + flipped + text.slice(at + 1);
        expectWireError(() => fromBase64('b', altered, 100), 'MALFORMED');
      }
    }
    for (const bad of ['=AAA', 'A=AA', 'AA=A', 'A===', '====', 'AAA\u00e9', 'AA\u0100A']) {
      expectWireError(() => fromBase64('b', bad, 100), 'MALFORMED');
    }
  });

  it('accepts objects with exactly the expected own fields', () => {
    expect(strictObject('o', { a: 1, b: 2 }, ['a', 'b'])).toEqual({ a: 1, b: 2 });
    for (const bad of [
      { a: 1 },
      { a: 1, b: 2, c: 3 },
      [1, 2],
      null,
      'ab',
      JSON.parse('{"a":1,"b":2,"__proto__":{}}'),
    ]) {
      expectWireError(() => strictObject('o', bad, ['a', 'b']), 'MALFORMED');
    }
  });
});
