import { useEffect, useRef } from 'react';
import { useStore } from 'zustand';
import type { WalletState, WalletStore } from '../lib/popup/store';
import { engineLabel } from '../lib/popup/format';
import { Accounts } from './Accounts';
import { Approvals } from './Approvals';
import { ConstraintsEditor } from './ConstraintsEditor';
import { ErrorNotice } from './ErrorNotice';
import { History } from './History';
import { NetworkIndicator } from './NetworkIndicator';
import { Receive } from './Receive';
import { Send } from './Send';
import { Home } from './Home';
import { Onboarding } from './Onboarding';
import { Register } from './onboarding/Register';
import { RecoveryPhrase } from './RecoveryPhrase';
import { KeyBackup } from './recovery/KeyBackup';
import { RestoreKey } from './recovery/RestoreKey';
import { RemoveAccount } from './RemoveAccount';
import { Settings } from './Settings';
import { SigningProgress } from './SigningProgress';
import { Unlock } from './Unlock';
import { useNow } from './useNow';

/** Names the screen on show, so a banner raised on one screen does not follow the user to the next. */
function screenKey(state: WalletState, watching: string | undefined): string {
  if (!state.vault) return 'loading';
  if (!state.vault.unlocked) return 'unlock';
  if (state.registering) return 'register';
  if (state.accountScreen) return `account:${state.accountScreen.screen}:${state.accountScreen.address}`;
  if (watching) return `watching:${watching}`;
  if (state.requests.length > 0) return 'approvals';
  return `home:${state.homeTab}`;
}

/** Which screen, by state: locked → Unlock; empty → Onboarding; watching a signature → progress; requests → Approvals. */
export function App({ store }: { store: WalletStore }) {
  const state = useStore(store);
  const { vault, status, settings, error } = state;
  // A popup reopened while a request is being signed follows it too, not only the one that approved it.
  const watching =
    state.watching ??
    state.requests.find((r) => r.status === 'approving' && state.sessions.some((s) => s.requestId === r.id))
      ?.id;
  const session = watching ? state.sessions.find((s) => s.requestId === watching) : undefined;
  const touch = state.touch;
  useEffect(() => {
    window.addEventListener('pointerdown', touch);
    window.addEventListener('keydown', touch);
    return () => {
      window.removeEventListener('pointerdown', touch);
      window.removeEventListener('keydown', touch);
    };
  }, [touch]);
  const screen = screenKey(state, watching);
  // A banner belongs to the screen it was raised on: moving to another screen dismisses it.
  const raisedOn = useRef<{ error: WalletState['error']; screen: string } | undefined>(undefined);
  const dismissError = state.dismissError;
  useEffect(() => {
    if (!error) raisedOn.current = undefined;
    else if (raisedOn.current?.error !== error) raisedOn.current = { error, screen };
    else if (raisedOn.current.screen !== screen) dismissError();
  }, [error, screen, dismissError]);
  // A new screen starts at its top, not where the previous one was scrolled to.
  const body = useRef<HTMLElement>(null);
  useEffect(() => {
    if (body.current) body.current.scrollTop = 0;
  }, [screen]);
  const onboarding =
    vault !== undefined &&
    (!vault.initialised || (state.onboarding && (vault.unlocked || state.creatingVault)));
  const now = useNow(session !== undefined && session.status !== 'done' && session.status !== 'failed');

  function content() {
    if (!vault) return state.loading ? <p role="status">Connecting to the wallet…</p> : null;
    if (onboarding) {
      return (
        <Onboarding
          hasVault={vault.initialised}
          endpoint={settings?.endpoint ?? status?.endpoint ?? ''}
          accounts={state.accounts}
          saveEndpoint={(endpoint) => state.updateSettings({ endpoint })}
          createVault={state.createVault}
          generateMnemonic={state.generateMnemonic}
          createAccount={state.createAccount}
          importBackup={state.importBackup}
          previewRecovery={state.previewRecovery}
          restoreFromPhrase={state.restoreFromPhrase}
          restore={state.restore}
          registration={state.registration}
          register={(input) => void state.register(input)}
          onFinish={state.finishOnboarding}
        />
      );
    }
    if (!vault.unlocked) {
      return (
        <Unlock
          onUnlock={state.unlock}
          retryAt={state.unlockAllowedAt}
          waiting={state.requests.map((r) => r.origin)}
        />
      );
    }
    const registering = state.accounts.find((a) => a.address === state.registering);
    if (registering) {
      return (
        <Register
          account={registering}
          progress={state.registration}
          onRegister={(input) => void state.register(input)}
          onFinish={() => state.showRegistration(undefined)}
          onCancel={() => state.showRegistration(undefined)}
        />
      );
    }
    const managed = state.accounts.find((a) => a.address === state.accountScreen?.address);
    if (managed && state.accountScreen) {
      const close = () => state.showAccountScreen(undefined);
      const { registration } = managed;
      switch (state.accountScreen.screen) {
        case 'constraints':
          if (registration) {
            return (
              <ConstraintsEditor
                account={{ ...managed, registration }}
                editable={state.accounts.some((a) => a.address === registration.constraintAccount)}
                onRead={state.readConstraints}
                onSave={state.updateConstraints}
                onClose={close}
              />
            );
          }
          break;
        case 'recovery-phrase':
          return (
            <RecoveryPhrase
              account={managed}
              onExport={(password) => state.exportMnemonic(managed.address, password)}
              onClose={close}
            />
          );
        case 'restore-key':
          return (
            <RestoreKey
              account={managed}
              restore={state.restore}
              onRestore={() => state.restoreAccountKey(managed.address)}
              onClose={close}
            />
          );
        case 'backup':
          return <KeyBackup account={managed} onExport={state.exportBackup} onClose={close} />;
        case 'remove':
          return (
            <RemoveAccount
              account={managed}
              onRemove={(password) => state.removeAccount(managed.address, password)}
              onClose={close}
            />
          );
        case 'receive':
          return <Receive account={managed} onClose={close} />;
        case 'send':
          return (
            <Send
              account={managed}
              balance={state.balances[managed.address]}
              network={state.network}
              evm={state.evm?.chainId === settings?.defaultEvmChainId ? state.evm : null}
              onSend={(to, amount) => state.transfer(managed.address, to, amount)}
              onSendEvm={(to, amount, token) => state.sendEvm(managed.address, to, amount, token)}
              onClose={close}
            />
          );
      }
    }
    if (watching) {
      if (session) return <SigningProgress session={session} now={now} onClose={state.stopWatching} />;
      const outcome = state.outcomes[watching];
      if (outcome && outcome.status !== 'approved') {
        return (
          <section className="screen">
            <h2>Not signed</h2>
            <ErrorNotice error={outcome.error} />
            <button type="button" onClick={state.stopWatching}>
              Close
            </button>
          </section>
        );
      }
      return <p role="status">Starting to sign…</p>;
    }
    if (state.requests.length > 0) {
      return (
        <Approvals
          requests={state.requests}
          accounts={state.accounts}
          onApprove={(id, accounts) => void state.approve(id, accounts)}
          onReject={(id) => void state.reject(id)}
        />
      );
    }
    return (
      <Home
        tab={state.homeTab}
        onTab={state.showTab}
        panels={{
          accounts: (
            <Accounts
              accounts={state.accounts}
              balances={state.balances}
              network={state.network}
              evm={state.evm}
              evmNetworks={settings?.evmNetworks}
              evmChainId={settings?.defaultEvmChainId}
              onSelectEvmChain={(chainId) => void state.selectEvmChain(chainId)}
              onRename={state.renameAccount}
              onAdd={state.startOnboarding}
              onRegister={state.showRegistration}
              onOpen={state.showAccountScreen}
              returnFocus={state.returnFocus}
            />
          ),
          history: <History entries={state.history} />,
          settings: settings && (
            <Settings
              settings={settings}
              autoLockMinutes={vault.autoLockMinutes}
              permissions={state.permissions}
              onSaveEndpoint={(endpoint) => state.updateSettings({ endpoint })}
              onSetAutoLock={state.setAutoLock}
              onSetEthSign={(ethSignEnabled) => state.updateSettings({ ethSignEnabled })}
              onSaveEvmNetworks={(evmNetworks) => state.updateSettings({ evmNetworks })}
              onRevoke={state.revoke}
              onExportBackup={state.exportBackup}
              onChangePassword={state.changePassword}
            />
          ),
        }}
      />
    );
  }

  return (
    <div className="popup">
      <header className="popup-header">
        <h1>Entropy Wallet</h1>
        {status && (
          <span className="version" title={engineLabel(status.engine)}>
            v{status.version}
          </span>
        )}
        {vault?.unlocked && !onboarding && (
          <button type="button" className="secondary small lock" onClick={() => void state.lock()}>
            Lock
          </button>
        )}
      </header>
      <NetworkIndicator network={state.network} reconnecting={state.connection === 'reconnecting'} />
      {/* Focusable so keyboard users can scroll a long screen that has no control in it (a running session). */}
      <main ref={body} className="popup-body" tabIndex={0} aria-label="Entropy Wallet">
        {error && <ErrorNotice error={error} onDismiss={state.dismissError} />}
        {content()}
      </main>
    </div>
  );
}
