import type { Handlers } from '../../messaging';
import { settingsGet, settingsUpdate } from './settings';
import { pageStatus, popupStatus } from './status';

/** One handler per request; the table in lib/messaging/table.ts lists them all. */
export const handlers: Handlers = {
  'pub(wallet.status)': pageStatus,
  'pri(wallet.status)': popupStatus,
  'pri(settings.get)': settingsGet,
  'pri(settings.update)': settingsUpdate,
};
