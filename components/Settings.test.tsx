// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { History } from './History';
import { Settings } from './Settings';
import { builtinEvmNetworks } from '../lib/settings/evm-networks';

afterEach(cleanup);

function renderSettings(overrides: Partial<Parameters<typeof Settings>[0]> = {}) {
  const props = {
    settings: {
      endpoint: 'ws://127.0.0.1:9944',
      ethSignEnabled: false,
      evmNetworks: builtinEvmNetworks(),
      defaultEvmChainId: 31337,
    },
    autoLockMinutes: 15,
    permissions: [
      { origin: 'http://127.0.0.1:5173', allowed: true, chainId: 1, decidedAt: 0 },
      { origin: 'https://evil.example', allowed: false, chainId: 1, decidedAt: 0 },
    ],
    onSaveEndpoint: vi.fn(() => Promise.resolve(true)),
    onSetAutoLock: vi.fn(() => Promise.resolve(true)),
    onSetEthSign: vi.fn(() => Promise.resolve(true)),
    onSaveEvmNetworks: vi.fn(() => Promise.resolve(true)),
    onRevoke: vi.fn(() => Promise.resolve(true)),
    onExportBackup: vi.fn(() => Promise.resolve({ file: '{}', fileName: 'entropy-wallet-backup.json' })),
    onChangePassword: vi.fn(() => Promise.resolve({ ok: true as const, value: null })),
    ...overrides,
  };
  render(<Settings {...props} />);
  return props;
}

describe('Settings', () => {
  it('changes the auto-lock time and the eth_sign toggle', () => {
    const props = renderSettings();
    const select = screen.getByLabelText('Lock automatically after') as HTMLSelectElement;
    expect(select.value).toBe('15');
    fireEvent.change(select, { target: { value: '5' } });
    expect(props.onSetAutoLock).toHaveBeenCalledWith(5);
    const ethSign = screen.getByLabelText('Allow sites to use eth_sign') as HTMLInputElement;
    expect(ethSign.checked).toBe(false);
    expect(ethSign.getAttribute('aria-describedby')).toBeTruthy();
    fireEvent.click(ethSign);
    expect(props.onSetEthSign).toHaveBeenCalledWith(true);
  });

  it('keeps an unusual auto-lock time the background reports selectable', () => {
    renderSettings({ autoLockMinutes: 7 });
    expect((screen.getByLabelText('Lock automatically after') as HTMLSelectElement).value).toBe('7');
  });

  it('lists authorised and refused sites, each revocable', () => {
    const props = renderSettings();
    expect(screen.getByText('https://evil.example')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Revoke https://evil.example' }));
    expect(props.onRevoke).toHaveBeenCalledWith('https://evil.example');
  });

  it('exports a backup after asking the wallet password again, then offers the file', async () => {
    URL.createObjectURL = vi.fn(() => 'blob:backup');
    const props = renderSettings();
    const exportButton = screen.getByRole('button', { name: 'Export' }) as HTMLButtonElement;
    expect(exportButton.disabled).toBe(true);
    fireEvent.change(screen.getByLabelText('Wallet password'), { target: { value: 'pw' } });
    fireEvent.change(screen.getByLabelText('Password for the backup file'), { target: { value: 'file-pw' } });
    await act(async () => fireEvent.click(exportButton));
    expect(props.onExportBackup).toHaveBeenCalledWith('pw', 'file-pw');
    const link = screen.getByRole('link', { name: 'Download entropy-wallet-backup.json' });
    expect(link.getAttribute('href')).toBe('blob:backup');
    expect((screen.getByLabelText('Wallet password') as HTMLInputElement).value).toBe('');
  });

  it('changes the wallet password from its own form', async () => {
    const props = renderSettings();
    const form = screen.getByRole('form', { name: 'Change the password' });
    expect(form).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Current password'), { target: { value: 'old password' } });
    fireEvent.change(screen.getByLabelText('New password'), {
      target: { value: 'quiet-harbour-lantern-97' },
    });
    fireEvent.change(screen.getByLabelText('Repeat the new password'), {
      target: { value: 'quiet-harbour-lantern-97' },
    });
    await screen.findByText(/Strength: (Strong|Very strong)/);
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Change the password' })));
    expect(props.onChangePassword).toHaveBeenCalledWith('old password', 'quiet-harbour-lantern-97');
    expect(screen.getByText('Password changed')).toBeTruthy();
  });
});

describe('History', () => {
  it('says when there is nothing yet', () => {
    render(<History entries={[]} />);
    expect(screen.getByText('No requests yet.')).toBeTruthy();
  });

  it('lists outcomes with the signature or the reason', () => {
    render(
      <History
        entries={[
          {
            id: '1',
            origin: 'http://127.0.0.1:5173',
            kind: 'evm-transaction',
            summary: 'Send 0.1 ETH to 0x7099…',
            outcome: 'signed',
            signature: '0xabcd',
            at: 1_700_000_000_000,
          },
          {
            id: '2',
            origin: 'http://127.0.0.1:5173',
            kind: 'personal-message',
            summary: 'Sign message “hi”',
            outcome: 'failed',
            error: {
              name: 'ConstraintsFailed',
              code: 'CONSTRAINTS_FAILED',
              message: 'The committee refused it',
            },
            at: 1_700_000_100_000,
          },
        ]}
      />,
    );
    expect(screen.getByText('Signed')).toBeTruthy();
    expect(screen.getByText('0xabcd')).toBeTruthy();
    expect(screen.getByText('Failed')).toBeTruthy();
    expect(screen.getByText('The committee refused it').closest('details')).toBeTruthy();
  });
});
