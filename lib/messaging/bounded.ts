/** What a value from a page may weigh: its JSON size and how deep it nests. */
export interface Bounds {
  maxBytes: number;
  maxDepth: number;
}

/**
 * Checks a value against `bounds` as JSON would see it (own enumerable keys, strings, numbers), walking it
 * without recursion and stopping at the first excess, so a huge or deeply nested (or cyclic) value costs
 * at most `maxBytes` steps. Returns what was exceeded, or undefined when the value fits.
 */
export function exceeds(value: unknown, bounds: Bounds): 'size' | 'depth' | undefined {
  let bytes = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!;
    if (depth > bounds.maxDepth) return 'depth';
    if (typeof item === 'string') bytes += item.length + 2;
    else if (ArrayBuffer.isView(item)) bytes += item.byteLength * 2 + 2;
    else if (item instanceof ArrayBuffer) bytes += item.byteLength * 2 + 2;
    else if (Array.isArray(item)) {
      bytes += 2 + item.length;
      if (bytes > bounds.maxBytes) return 'size';
      for (const element of item) stack.push([element, depth + 1]);
    } else if (typeof item === 'object' && item !== null) {
      bytes += 2;
      for (const key of Object.keys(item)) {
        bytes += key.length + 4;
        if (bytes > bounds.maxBytes) return 'size';
        stack.push([(item as Record<string, unknown>)[key], depth + 1]);
      }
    } else bytes += 8;
    if (bytes > bounds.maxBytes) return 'size';
  }
  return undefined;
}
