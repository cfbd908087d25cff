import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { EvmBalances } from '../lib/ethereum/balances';
import type { AccountScreen, Outcome } from '../lib/popup/types';
import type { EvmNetwork } from '../lib/settings/types';
import type { AccountInfo } from '../lib/wallet/accounts/types';
import type { AccountBalance } from '../lib/wallet/balances';
import type { NetworkStatus } from '../lib/wallet/network';
import { formatAmount } from '../lib/wallet/units';
import { CopyButton } from './CopyButton';
import { Identicon } from './Identicon';

type Screen = AccountScreen['screen'];

// Each button's name starts with its visible label and names the account (WCAG 2.5.3).
const MENU: { screen: Screen; label: string; name(account: string): string }[] = [
  { screen: 'constraints', label: 'Edit constraints', name: (a) => `Edit constraints of ${a}` },
  { screen: 'recovery-phrase', label: 'Recovery phrase', name: (a) => `Recovery phrase of ${a}` },
  { screen: 'restore-key', label: 'Restore key here', name: (a) => `Restore key here of ${a}` },
  { screen: 'remove', label: 'Remove', name: (a) => `Remove ${a}` },
];

function Balance({ balance, network }: { balance?: AccountBalance; network?: NetworkStatus }) {
  if (balance && network?.token) {
    return (
      <p className="balance" aria-label="Balance">
        {formatAmount(balance.free, network.token.decimals, network.token.symbol)}
      </p>
    );
  }
  return (
    <p className="balance muted" aria-label="Balance">
      {network?.state === 'unreachable' ? 'Balance unavailable: network unreachable' : 'Reading the balance…'}
    </p>
  );
}

/** ETH and the chain's configured tokens held by an Ethereum address on the selected EVM chain. */
function EvmBalanceList({ evm, address }: { evm: EvmBalances; address: string }) {
  const label = `Balances on ${evm.name}`;
  const holdings = evm.holdings[address as `0x${string}`];
  if (!holdings) {
    return (
      <p className="balance muted" aria-label={label}>
        {evm.state === 'unreachable'
          ? `Balance unavailable: ${evm.name} is unreachable`
          : `Reading the balance on ${evm.name}…`}
      </p>
    );
  }
  return (
    <ul className="evm-balances" aria-label={label}>
      <li className="balance">{formatAmount(holdings.native, 18, evm.symbol)}</li>
      {holdings.tokens.map(({ token, balance }) => (
        <li key={token.address} className={balance === undefined ? 'balance muted' : 'balance'}>
          {balance === undefined
            ? `${token.symbol}: unavailable (the token does not answer)`
            : formatAmount(balance, token.decimals, token.symbol)}
        </li>
      ))}
    </ul>
  );
}

/** Which EVM chain the balances are read on (sites start there too), and whether its RPC answers. */
function EvmChainPicker({
  networks,
  selected,
  evm,
  onSelect,
}: {
  networks: EvmNetwork[];
  selected: number;
  evm?: EvmBalances | null;
  onSelect(chainId: number): void;
}) {
  const id = useId();
  return (
    <div className="evm-chain">
      <div className="row">
        <label htmlFor={id}>Ethereum network</label>
        <select id={id} value={selected} onChange={(event) => onSelect(Number(event.target.value))}>
          {networks.map((network) => (
            <option key={network.chainId} value={network.chainId}>
              {network.name}
            </option>
          ))}
        </select>
      </div>
      {evm?.chainId === selected && evm.state === 'unreachable' && (
        <p className="hint" role="note">
          {evm.error?.replace(/\.+$/, '')}. Start its node or change its RPC in Settings.
        </p>
      )}
    </div>
  );
}

function NameField({
  account,
  onRename,
  onDone,
}: {
  account: AccountInfo;
  onRename(name: string): Promise<Outcome<AccountInfo>>;
  onDone(): void;
}) {
  const id = useId();
  const [name, setName] = useState(account.name);
  const [error, setError] = useState<string>();
  async function submit(event: FormEvent) {
    event.preventDefault();
    const answer = await onRename(name);
    if (answer.ok) onDone();
    else setError(answer.error.message);
  }
  return (
    <form className="rename" onSubmit={submit}>
      <label htmlFor={id}>Account name</label>
      <div className="row">
        <input
          id={id}
          value={name}
          maxLength={64}
          autoFocus
          aria-invalid={error !== undefined}
          aria-describedby={`${id}-error`}
          onChange={(event) => setName(event.target.value)}
          onKeyDown={(event) => event.key === 'Escape' && onDone()}
        />
        <button type="submit" className="small" disabled={name.trim() === ''}>
          Save
        </button>
        <button type="button" className="secondary small" onClick={onDone}>
          Cancel
        </button>
      </div>
      <p className="hint" id={`${id}-error`} role={error ? 'alert' : undefined}>
        {error ?? '\u00a0'}
      </p>
    </form>
  );
}

function AddressLine({ label, address, copyLabel }: { label: string; address: string; copyLabel: string }) {
  return (
    <div className="address-line">
      <span className="label">{label}</span>
      <div className="row">
        <Identicon address={address} />
        <code className="address" title={address}>
          {address}
        </code>
        <CopyButton value={address} label={copyLabel} />
      </div>
    </div>
  );
}

function AccountCard({
  account,
  balance,
  network,
  evm,
  onRegister,
  onOpen,
  onRename,
  buttonRef,
  menuOpen = false,
}: {
  /** Open at first when the focus returns to one of its items. */
  menuOpen?: boolean;
  account: AccountInfo;
  balance?: AccountBalance;
  network?: NetworkStatus;
  evm?: EvmBalances | null;
  onRegister(address: string): void;
  onOpen(screen: AccountScreen): void;
  onRename(address: string, name: string): Promise<Outcome<AccountInfo>>;
  buttonRef(screen: Screen, el: HTMLButtonElement | null): void;
}) {
  const menuId = useId();
  const [menu, setMenu] = useState(menuOpen);
  const [renaming, setRenaming] = useState(false);
  const open = (screen: Screen) => onOpen({ address: account.address, screen });

  return (
    <li className="card account">
      {renaming ? (
        <NameField
          account={account}
          onRename={(name) => onRename(account.address, name)}
          onDone={() => setRenaming(false)}
        />
      ) : (
        <div className="row spread">
          <div className="row">
            <Identicon address={account.address} size={32} />
            <strong className="account-name">{account.name}</strong>
          </div>
          <div className="row">
            <button
              type="button"
              className="link small"
              aria-label={`Rename ${account.name}`}
              onClick={() => setRenaming(true)}
            >
              Rename
            </button>
            <button
              type="button"
              className="secondary small"
              aria-label={`More for ${account.name}`}
              aria-expanded={menu}
              aria-controls={menuId}
              onClick={() => setMenu(!menu)}
            >
              More
            </button>
          </div>
        </div>
      )}
      {menu && (
        <ul className="account-menu" id={menuId} aria-label={`More for ${account.name}`}>
          {MENU.filter(
            ({ screen }) =>
              (screen !== 'constraints' || account.registration) &&
              (screen !== 'restore-key' || account.registration?.keyRecovery === 'phrase'),
          ).map(({ screen, label, name }) => (
            <li key={screen}>
              <button
                ref={(el) => buttonRef(screen, el)}
                type="button"
                className={screen === 'remove' ? 'danger small' : 'secondary small'}
                aria-label={name(account.name)}
                onClick={() => open(screen)}
              >
                {label}
              </button>
            </li>
          ))}
        </ul>
      )}
      <Balance balance={balance} network={network} />
      <AddressLine
        label="Entropy account"
        address={account.address}
        copyLabel={`${account.name} Entropy account address`}
      />
      {account.registration ? (
        <>
          <AddressLine
            label="Ethereum address"
            address={account.registration.ethAddress}
            copyLabel={`${account.name} Ethereum address`}
          />
          {evm && <EvmBalanceList evm={evm} address={account.registration.ethAddress} />}
          {account.registration.keyRecovery === 'phrase' ? (
            <p className="hint">The recovery phrase restores this key on any device.</p>
          ) : (
            <div className="warning" data-testid="legacy-key">
              <p>
                Registered before phrase recovery: the recovery phrase does not restore this key.
                {account.backedUpAt === undefined
                  ? ' Back it up to an encrypted file.'
                  : ` Backed up ${new Date(account.backedUpAt).toLocaleDateString()}.`}
              </p>
              {account.backedUpAt === undefined && (
                <button
                  ref={(el) => buttonRef('backup', el)}
                  type="button"
                  className="small"
                  aria-label={`Back up the key of ${account.name}`}
                  onClick={() => open('backup')}
                >
                  Back up now
                </button>
              )}
            </div>
          )}
        </>
      ) : (
        <div className="row spread">
          <span className="muted">No Ethereum address yet: not registered with Entropy</span>
          <button
            type="button"
            className="secondary small"
            aria-label={`Register ${account.name} with Entropy`}
            onClick={() => onRegister(account.address)}
          >
            Register
          </button>
        </div>
      )}
      <div className="actions">
        {(['receive', 'send'] as const).map((screen) => (
          <button
            key={screen}
            ref={(el) => buttonRef(screen, el)}
            type="button"
            className="small"
            aria-label={`${screen === 'receive' ? 'Receive' : 'Send'} ${screen === 'receive' ? 'to' : 'from'} ${account.name}`}
            onClick={() => open(screen)}
          >
            {screen === 'receive' ? 'Receive' : 'Send'}
          </button>
        ))}
      </div>
    </li>
  );
}

/**
 * The user's accounts: name, BITS balance, Entropy account, Ethereum address with its ETH and token balances
 * on the selected EVM chain, Receive and Send.
 */
export function Accounts({
  accounts,
  balances = {},
  network,
  evm,
  evmNetworks = [],
  evmChainId,
  onSelectEvmChain,
  onAdd,
  onRegister,
  onOpen,
  onRename,
  returnFocus,
}: {
  accounts: AccountInfo[];
  balances?: Record<string, AccountBalance>;
  network?: NetworkStatus;
  evm?: EvmBalances | null;
  evmNetworks?: EvmNetwork[];
  /** The selected EVM chain (settings' default chain). */
  evmChainId?: number;
  onSelectEvmChain?(chainId: number): void;
  onAdd(): void;
  onRegister(address: string): void;
  onOpen(screen: AccountScreen): void;
  onRename(address: string, name: string): Promise<Outcome<AccountInfo>>;
  /** The button whose screen just closed: it gets the focus back. */
  returnFocus?: AccountScreen;
}) {
  const buttons = useRef(new Map<string, HTMLButtonElement>());
  useEffect(() => {
    if (returnFocus) buttons.current.get(`${returnFocus.address} ${returnFocus.screen}`)?.focus();
  }, [returnFocus]);

  const registered = accounts.some((a) => a.registration);
  // Balances read on another chain than the one selected (just switched) are not shown as this chain's.
  const selected = evmNetworks.find((n) => n.chainId === evmChainId);
  const shown: EvmBalances | undefined =
    evm && evm.chainId === evmChainId
      ? evm
      : selected && {
          chainId: selected.chainId,
          name: selected.name,
          symbol: selected.nativeCurrency.symbol,
          state: 'connecting',
          holdings: {},
        };
  return (
    <div className="stack">
      {registered && evmChainId !== undefined && onSelectEvmChain && evmNetworks.length > 0 && (
        <EvmChainPicker networks={evmNetworks} selected={evmChainId} evm={evm} onSelect={onSelectEvmChain} />
      )}
      <ul className="list" aria-label="Accounts">
        {accounts.map((account) => (
          <AccountCard
            key={account.address}
            account={account}
            balance={balances[account.address]}
            network={network}
            evm={shown}
            onRegister={onRegister}
            onOpen={onOpen}
            onRename={onRename}
            menuOpen={
              returnFocus?.address === account.address && MENU.some((m) => m.screen === returnFocus.screen)
            }
            buttonRef={(screen, el) => {
              const key = `${account.address} ${screen}`;
              if (el) buttons.current.set(key, el);
              else buttons.current.delete(key);
            }}
          />
        ))}
      </ul>
      <button type="button" className="secondary" onClick={onAdd}>
        Add an account
      </button>
    </div>
  );
}
