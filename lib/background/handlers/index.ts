import type { Handlers } from '../../messaging';
import {
  accountsCreate,
  accountsExportMnemonic,
  accountsGenerateMnemonic,
  accountsList,
  accountsRemove,
  backupExport,
  backupImport,
} from './accounts';
import { settingsGet, settingsUpdate } from './settings';
import { pageStatus, popupStatus } from './status';
import {
  vaultChangePassword,
  vaultCreate,
  vaultLock,
  vaultSetAutoLock,
  vaultStatus,
  vaultTouch,
  vaultUnlock,
} from './vault';

/** One handler per request; the table in lib/messaging/table.ts lists them all. */
export const handlers: Handlers = {
  'pub(wallet.status)': pageStatus,
  'pri(wallet.status)': popupStatus,
  'pri(settings.get)': settingsGet,
  'pri(settings.update)': settingsUpdate,
  'pri(vault.status)': vaultStatus,
  'pri(vault.create)': vaultCreate,
  'pri(vault.unlock)': vaultUnlock,
  'pri(vault.lock)': vaultLock,
  'pri(vault.touch)': vaultTouch,
  'pri(vault.setAutoLock)': vaultSetAutoLock,
  'pri(vault.changePassword)': vaultChangePassword,
  'pri(accounts.list)': accountsList,
  'pri(accounts.generateMnemonic)': accountsGenerateMnemonic,
  'pri(accounts.create)': accountsCreate,
  'pri(accounts.remove)': accountsRemove,
  'pri(accounts.exportMnemonic)': accountsExportMnemonic,
  'pri(backup.export)': backupExport,
  'pri(backup.import)': backupImport,
};
