import { describe, expect, it } from 'vitest';
import { engineLabel } from './format';

describe('engineLabel', () => {
  it('names WebAssembly when every part runs in it, and each JavaScript fallback with its cost', () => {
    expect(engineLabel({ sha256: 'wasm', arithmetic: 'wasm' })).toBe('Signing engine: WebAssembly');
    expect(engineLabel({ sha256: 'noble', arithmetic: 'wasm' })).toBe(
      'Signing engine: JavaScript for SHA-256 (WebAssembly unavailable here: signing is slower)',
    );
    expect(engineLabel({ sha256: 'noble', arithmetic: 'javascript' })).toBe(
      'Signing engine: JavaScript for SHA-256 and arithmetic (WebAssembly unavailable here: signing is slower)',
    );
  });
});
