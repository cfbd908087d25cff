import type { Handler } from '../../messaging';
import { getSettings, updateSettings } from '../../settings';

export const settingsGet: Handler<'pri(settings.get)'> = () => getSettings();

export const settingsUpdate: Handler<'pri(settings.update)'> = (params) => updateSettings(params);
