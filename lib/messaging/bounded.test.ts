import { describe, expect, it } from 'vitest';
import { exceeds } from './bounded';

describe('exceeds', () => {
  const bounds = { maxBytes: 1_000, maxDepth: 4 };

  it('passes what fits and names what does not', () => {
    expect(exceeds({ a: [1, 'two', { b: null }] }, bounds)).toBeUndefined();
    expect(exceeds('x'.repeat(2_000), bounds)).toBe('size');
    expect(exceeds({ a: { b: { c: { d: { e: 1 } } } } }, bounds)).toBe('depth');
    expect(exceeds(new Uint8Array(600), bounds)).toBe('size');
  });

  it('stops early on a huge array and on a cycle', () => {
    expect(exceeds(new Array(10_000_000).fill(0), bounds)).toBe('size');
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = [cyclic];
    expect(exceeds(cyclic, { maxBytes: 1_000, maxDepth: 10_000 })).toBe('size');
  });
});
