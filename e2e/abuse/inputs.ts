/** Malformed and hostile inputs, deterministic (seeded) so a failing run can be repeated. */

export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function deep(levels: number, leaf: unknown = 1): unknown {
  let value = leaf;
  for (let i = 0; i < levels; i++) value = i % 2 ? { a: value } : [value];
  return value;
}

/**
 * `deep(levels)` as JSON text, built without recursion: `JSON.stringify` of a value nested a few thousand
 * levels throws RangeError (stack), which would stop the run where it builds its inputs.
 */
export function deepJson(levels: number, leaf = '1'): string {
  const opens: string[] = [];
  const closes: string[] = [];
  for (let i = 0; i < levels; i++) {
    opens.push(i % 2 ? '{"a":' : '[');
    closes.push(i % 2 ? '}' : ']');
  }
  return opens.reverse().join('') + leaf + closes.join('');
}

const hex = (bytes: number, random: () => number): string =>
  `0x${Array.from({ length: bytes }, () =>
    Math.floor(random() * 256)
      .toString(16)
      .padStart(2, '0'),
  ).join('')}`;

/** JSON texts of every awkward kind: wrong types, edge numbers, long and odd strings, nesting. */
export function junkJson(random: () => number): string[] {
  return [...junkValues(random).map((v) => JSON.stringify(v)), deepJson(5_000)];
}

/** JSON values of every awkward kind, but nested at most 50 levels (see `junkJson` for deeper). */
export function junkValues(random: () => number): unknown[] {
  return [
    null,
    true,
    0,
    -1,
    1e308,
    Number.MAX_SAFE_INTEGER + 2,
    '',
    '0x',
    '0xzz',
    hex(32, random),
    hex(33, random),
    hex(1 + Math.floor(random() * 200), random),
    'not-an-address',
    '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY',
    '\u0000\u202e\ud800',
    'x'.repeat(100_000),
    [],
    [1, 2, 3],
    {},
    { __proto__: { polluted: true } },
    { constructor: { prototype: { polluted: true } } },
    deep(50),
    Array.from({ length: 10_000 }, (_, i) => i),
  ];
}

/** Raw HTTP bodies that are not (valid) JSON at all. */
export function junkBodies(random: () => number): { body: string | Uint8Array; type?: string }[] {
  const bytes = Uint8Array.from({ length: 512 }, () => Math.floor(random() * 256));
  return [
    { body: '', type: 'application/json' },
    { body: '{not json', type: 'application/json' },
    { body: '['.repeat(100_000), type: 'application/json' },
    { body: '{"a":'.repeat(50_000), type: 'application/json' },
    { body: bytes, type: 'application/json' },
    { body: bytes, type: 'application/octet-stream' },
    { body: '{}', type: 'text/plain' },
    { body: '{}' },
    { body: `{"x":"${'a'.repeat(5 * 1024 * 1024)}"}`, type: 'application/json' },
    { body: '\ufeff{}', type: 'application/json' },
    { body: '{"__proto__":{"polluted":1}}', type: 'application/json' },
  ];
}
