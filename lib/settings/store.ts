import { storage } from 'wxt/utils/storage';
import type { Settings } from './types';
import { defaultEndpoint } from './defaults';
import { validateSettingsPatch } from './validate';

const settingsItem = storage.defineItem<Partial<Settings>>('local:settings', { fallback: {} });

function withDefaults(stored: Partial<Settings>): Settings {
  return { endpoint: stored.endpoint ?? defaultEndpoint(), ethSignEnabled: stored.ethSignEnabled ?? false };
}

export async function getSettings(): Promise<Settings> {
  return withDefaults(await settingsItem.getValue());
}

export async function updateSettings(patch: unknown): Promise<Settings> {
  const next = { ...(await getSettings()), ...validateSettingsPatch(patch) };
  await settingsItem.setValue(next);
  return next;
}

export function watchSettings(callback: (settings: Settings) => void): () => void {
  return settingsItem.watch((value) => callback(withDefaults(value)));
}
