import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { sha256Backend, sha256Ready } from '../protocol';
import { workerWirePrimitives } from './wire-primitives';

describe('the worker’s wire primitives', () => {
  it('hash in WebAssembly once loaded, with noble’s digests (an empty input, block edges, a signing frame)', async () => {
    expect(await sha256Ready).toBe('wasm');
    expect(sha256Backend()).toBe('wasm');
    for (const size of [0, 55, 56, 64, 65, 76_000]) {
      const data = new Uint8Array(size).map((_, i) => (i * 131 + size) & 0xff);
      expect(workerWirePrimitives.sha256(data)).toEqual(nobleSha256(data));
    }
  });
});
