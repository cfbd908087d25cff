// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ALICE } from '../../lib/popup/testing/fixtures';
import { Accounts } from '../Accounts';
import { KeyBackup } from './KeyBackup';
import { RestoreKey } from './RestoreKey';

afterEach(cleanup);

const PHRASE_ALICE = { ...ALICE, registration: { ...ALICE.registration!, keyRecovery: 'phrase' as const } };

function renderAccounts(accounts: (typeof ALICE)[]) {
  const onOpen = vi.fn();
  render(
    <Accounts accounts={accounts} onAdd={vi.fn()} onRegister={vi.fn()} onOpen={onOpen} onRename={vi.fn()} />,
  );
  return onOpen;
}

describe('keys the phrase does not restore', () => {
  it('marks a key registered before phrase recovery and asks for a backup until one is made', () => {
    const onOpen = renderAccounts([ALICE]);
    expect(screen.getByTestId('legacy-key').textContent).toContain(
      'the recovery phrase does not restore this key',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Back up the key of Alice' }));
    expect(onOpen).toHaveBeenCalledWith({ address: ALICE.address, screen: 'backup' });
    expect(screen.queryByRole('button', { name: 'Restore key here of Alice' })).toBeNull();

    cleanup();
    renderAccounts([{ ...ALICE, backedUpAt: Date.UTC(2026, 0, 2) }]);
    expect(screen.getByTestId('legacy-key').textContent).toContain('Backed up');
    expect(screen.queryByRole('button', { name: 'Back up the key of Alice' })).toBeNull();
  });

  it('says a phrase-derived key is restorable and offers to restore it here', () => {
    const onOpen = renderAccounts([PHRASE_ALICE]);
    expect(screen.queryByTestId('legacy-key')).toBeNull();
    expect(screen.getByText('The recovery phrase restores this key on any device.')).toBeTruthy();
    // Behind the account's menu, with the other account screens.
    fireEvent.click(screen.getByRole('button', { name: 'More for Alice' }));
    fireEvent.click(screen.getByRole('button', { name: 'Restore key here of Alice' }));
    expect(onOpen).toHaveBeenCalledWith({ address: ALICE.address, screen: 'restore-key' });
  });

  it('the backup screen explains why and exports with both passwords', async () => {
    const onExport = vi.fn(() => Promise.resolve({ file: '{}', fileName: 'backup.json' }));
    URL.createObjectURL = vi.fn(() => 'blob:backup');
    render(<KeyBackup account={ALICE} onExport={onExport} onClose={vi.fn()} />);
    expect(screen.getByText(/the phrase brings back the account but not its Ethereum key/)).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Wallet password'), { target: { value: 'pw' } });
    fireEvent.change(screen.getByLabelText('Password for the backup file'), { target: { value: 'bpw' } });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Export' })));
    expect(onExport).toHaveBeenCalledWith('pw', 'bpw');
    expect(screen.getByText('Download backup.json')).toBeTruthy();
  });
});

describe('RestoreKey', () => {
  it('restores on request, following each signing group, and cannot be closed mid-way', async () => {
    const onRestore = vi.fn(() => new Promise(() => undefined));
    const props = { account: PHRASE_ALICE, onRestore, onClose: vi.fn() };
    const { rerender } = render(<RestoreKey {...props} />);
    expect(screen.getByText(/another device that holds the account has to restore it again/)).toBeTruthy();
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Restore the key here' })));
    expect(onRestore).toHaveBeenCalled();
    rerender(
      <RestoreKey
        {...props}
        restore={{
          step: 'link',
          groups: [{ group: 0, state: 'running', endpoint: 'http://127.0.0.1:3001' }],
        }}
      />,
    );
    expect(screen.getByRole('list', { name: 'Signing groups' }).textContent).toContain(
      'Signing group 0: setting up the link',
    );
    expect((screen.getByRole('button', { name: 'Close' }) as HTMLButtonElement).disabled).toBe(true);
    rerender(<RestoreKey {...props} restore={{ step: 'done' }} />);
    expect(screen.getByRole('status').textContent).toContain('this device now holds the account’s key share');
    fireEvent.click(screen.getByRole('button', { name: 'Done' }));
    expect(props.onClose).toHaveBeenCalled();
  });
});
