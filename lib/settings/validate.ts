import { InvalidRequest } from '../messaging/errors';
import { validateChainId, validateEvmNetworks } from './evm-networks';
import type { Settings } from './types';

/** A chain endpoint must be a WebSocket URL; anything else is refused before it is stored. */
export function validateEndpoint(value: unknown): string {
  if (typeof value !== 'string' || value.length > 2048) {
    throw new InvalidRequest('The network endpoint must be a ws:// or wss:// URL');
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidRequest(`"${value}" is not a valid URL`);
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
    throw new InvalidRequest('The network endpoint must be a ws:// or wss:// URL', {
      details: { endpoint: value },
    });
  }
  return url.toString().replace(/\/$/, '');
}

function validateFlag(key: string, value: unknown): boolean {
  if (typeof value !== 'boolean') {
    throw new InvalidRequest(`The setting "${key}" must be true or false`, { details: { setting: key } });
  }
  return value;
}

export function validateSettingsPatch(patch: unknown): Partial<Settings> {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
    throw new InvalidRequest('Settings must be an object');
  }
  const out: Partial<Settings> = {};
  for (const [key, value] of Object.entries(patch)) {
    if (key === 'endpoint') out.endpoint = validateEndpoint(value);
    else if (key === 'ethSignEnabled') out.ethSignEnabled = validateFlag(key, value);
    else if (key === 'evmNetworks') out.evmNetworks = validateEvmNetworks(value);
    else if (key === 'defaultEvmChainId') out.defaultEvmChainId = validateChainId(value, key);
    else throw new InvalidRequest(`Unknown setting "${key}"`, { details: { setting: key } });
  }
  return out;
}
