import { storage } from 'wxt/utils/storage';
import { InvalidRequest } from '../messaging/errors';
import type { Settings } from './types';
import { defaultEndpoint } from './defaults';
import { builtinEvmNetworks, defaultEvmChainIdFor } from './evm-networks';
import { validateSettingsPatch } from './validate';

const settingsItem = storage.defineItem<Partial<Settings>>('local:settings', { fallback: {} });

export function withDefaults(stored: Partial<Settings>): Settings {
  const endpoint = stored.endpoint ?? defaultEndpoint();
  return {
    endpoint,
    ethSignEnabled: stored.ethSignEnabled ?? false,
    evmNetworks: stored.evmNetworks ?? builtinEvmNetworks(),
    defaultEvmChainId: stored.defaultEvmChainId ?? defaultEvmChainIdFor(endpoint),
  };
}

/** Only what the user set is stored, so built-in defaults (networks, default chain) follow new versions. */
function checked(next: Settings): Settings {
  if (!next.evmNetworks.some((n) => n.chainId === next.defaultEvmChainId)) {
    throw new InvalidRequest(`The default chain ${next.defaultEvmChainId} is not among the EVM networks`, {
      details: { field: 'defaultEvmChainId' },
    });
  }
  return next;
}

let writes: Promise<unknown> = Promise.resolve();

export async function getSettings(): Promise<Settings> {
  return withDefaults(await settingsItem.getValue());
}

/** Applies a validated patch; writes are serialised so two concurrent patches both land. */
export function updateSettings(patch: unknown): Promise<Settings> {
  const valid = validateSettingsPatch(patch);
  const run = writes.then(async () => {
    const stored = await settingsItem.getValue();
    const next = { ...stored, ...valid };
    checked(withDefaults(next));
    await settingsItem.setValue(next);
    return withDefaults(next);
  });
  writes = run.catch(() => undefined);
  return run;
}

export function watchSettings(callback: (settings: Settings) => void): () => void {
  return settingsItem.watch((value) => callback(withDefaults(value)));
}
