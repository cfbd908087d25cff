import type { Handlers } from '../../messaging';
import {
  accountsCreate,
  accountsExportMnemonic,
  accountsGenerateMnemonic,
  accountsList,
  accountsRemove,
  accountsRename,
  backupExport,
  backupImport,
} from './accounts';
import { balancesTransfer, ethSend } from './popup-transfer';
import { pageAuthorize } from './page-authorize';
import { pageEntropySign, pageEntropyVerifyingKey } from './page-entropy';
import { pageEthereumRequest } from './page-ethereum';
import { pageEvents } from './page-events';
import { pageSubstrateAccounts, pageSubstrateSignPayload, pageSubstrateSignRaw } from './page-substrate';
import { permissionsList, permissionsRevoke } from './popup-permissions';
import {
  accountsRegister,
  constraintsGet,
  constraintsUpdate,
  historyList,
  sessionsList,
  stateGet,
  stateSubscribe,
} from './popup-wallet';
import { recoveryPreview, recoveryRestore, recoveryRestoreAccount } from './recovery';
import { requestsApprove, requestsList, requestsReject, requestsSubscribe } from './popup-requests';
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
  'pri(accounts.rename)': accountsRename,
  'pri(accounts.remove)': accountsRemove,
  'pri(accounts.exportMnemonic)': accountsExportMnemonic,
  'pri(backup.export)': backupExport,
  'pri(backup.import)': backupImport,
  'pub(authorize.request)': pageAuthorize,
  'pub(page.events)': pageEvents,
  'pub(substrate.accounts)': pageSubstrateAccounts,
  'pub(substrate.signPayload)': pageSubstrateSignPayload,
  'pub(substrate.signRaw)': pageSubstrateSignRaw,
  'pub(eth.request)': pageEthereumRequest,
  'pub(entropy.verifyingKey)': pageEntropyVerifyingKey,
  'pub(entropy.sign)': pageEntropySign,
  'pri(requests.list)': requestsList,
  'pri(requests.subscribe)': requestsSubscribe,
  'pri(requests.approve)': requestsApprove,
  'pri(requests.reject)': requestsReject,
  'pri(permissions.list)': permissionsList,
  'pri(permissions.revoke)': permissionsRevoke,
  'pri(state.subscribe)': stateSubscribe,
  'pri(state.get)': stateGet,
  'pri(sessions.list)': sessionsList,
  'pri(history.list)': historyList,
  'pri(accounts.register)': accountsRegister,
  'pri(recovery.preview)': recoveryPreview,
  'pri(recovery.restore)': recoveryRestore,
  'pri(recovery.restoreAccount)': recoveryRestoreAccount,
  'pri(balances.transfer)': balancesTransfer,
  'pri(eth.send)': ethSend,
  'pri(constraints.get)': constraintsGet,
  'pri(constraints.update)': constraintsUpdate,
};
