import { probeEndpoint } from '../../chain/probe';
import type { Handler } from '../../messaging';
import { getSettings, updateSettings, validateSettingsPatch } from '../../settings';

export const settingsGet: Handler<'pri(settings.get)'> = () => getSettings();

/** A new endpoint is tried first: it must answer and be an Entropy chain, or nothing is saved. */
export const settingsUpdate: Handler<'pri(settings.update)'> = async (params) => {
  const patch = validateSettingsPatch(params);
  if (patch.endpoint !== undefined && patch.endpoint !== (await getSettings()).endpoint) {
    await probeEndpoint(patch.endpoint);
  }
  return updateSettings(patch);
};
