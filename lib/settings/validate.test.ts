import { describe, expect, it } from 'vitest';
import { InvalidRequest } from '../messaging/errors';
import { validateEndpoint, validateSettingsPatch } from './validate';

describe('settings validation', () => {
  it('accepts ws and wss endpoints and normalises them', () => {
    expect(validateEndpoint('ws://127.0.0.1:9944')).toBe('ws://127.0.0.1:9944');
    expect(validateEndpoint('wss://rpc.example/')).toBe('wss://rpc.example');
  });

  it('refuses anything that is not a WebSocket URL', () => {
    for (const bad of ['http://127.0.0.1:9944', 'not a url', '', 42, null, 'javascript:alert(1)']) {
      expect(() => validateEndpoint(bad)).toThrow(InvalidRequest);
    }
  });

  it('refuses unknown settings by name', () => {
    expect(() => validateSettingsPatch({ endpoint: 'ws://a:1', theme: 'x' })).toThrow(
      /Unknown setting "theme"/,
    );
    expect(validateSettingsPatch({ endpoint: 'ws://a:1' })).toEqual({ endpoint: 'ws://a:1' });
  });

  it('takes ethSignEnabled only as a boolean', () => {
    expect(validateSettingsPatch({ ethSignEnabled: true })).toEqual({ ethSignEnabled: true });
    expect(validateSettingsPatch({ ethSignEnabled: false })).toEqual({ ethSignEnabled: false });
    for (const bad of ['true', 1, null, undefined]) {
      expect(() => validateSettingsPatch({ ethSignEnabled: bad })).toThrow(/must be true or false/);
    }
  });
});
