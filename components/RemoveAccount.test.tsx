// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ALICE, BOB } from '../lib/popup/testing/fixtures';
import type { Outcome } from '../lib/popup/types';
import type { AccountInfo } from '../lib/wallet/accounts/types';
import { RemoveAccount } from './RemoveAccount';

afterEach(cleanup);

function renderRemove(account: AccountInfo, onRemove: (password: string) => Promise<Outcome<null>>) {
  const props = { account, onRemove: vi.fn(onRemove), onClose: vi.fn() };
  render(<RemoveAccount {...props} />);
  return props;
}

describe('RemoveAccount', () => {
  it('names the account, warns that it cannot be recovered without its phrase or a backup, and can be left', () => {
    const props = renderRemove(BOB, () => Promise.resolve({ ok: true, value: null }));
    expect(screen.getByRole('heading', { name: 'Remove Bob?' })).toBeTruthy();
    expect(screen.getByText(BOB.address)).toBeTruthy();
    expect(
      screen.getByText(/Without its recovery phrase or a backup file, it cannot be recovered/),
    ).toBeTruthy();
    expect(screen.queryByText(/key share/)).toBeNull();
    expect(document.activeElement).toBe(screen.getByLabelText('Wallet password'));
    expect((screen.getByRole('button', { name: 'Remove Bob' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(props.onClose).toHaveBeenCalled();
    expect(props.onRemove).not.toHaveBeenCalled();
  });

  it('says a legacy key share comes back only from a backup file, a phrase-derived one from the phrase', () => {
    renderRemove(ALICE, () => Promise.resolve({ ok: true, value: null }));
    expect(screen.getByText(ALICE.registration!.ethAddress)).toBeTruthy();
    expect(screen.getByText(/key share.*only a backup file/)).toBeTruthy();
    cleanup();
    renderRemove({ ...ALICE, registration: { ...ALICE.registration!, keyRecovery: 'phrase' } }, () =>
      Promise.resolve({ ok: true, value: null }),
    );
    expect(
      screen.getByText(/derived from the recovery phrase: importing the phrase restores it/),
    ).toBeTruthy();
    expect(screen.queryByText(/only a backup file/)).toBeNull();
  });

  it('removes with the wallet password, showing that it is working', async () => {
    let answer: (outcome: Outcome<null>) => void = () => undefined;
    const props = renderRemove(BOB, () => new Promise((resolve) => (answer = resolve)));
    fireEvent.change(screen.getByLabelText('Wallet password'), { target: { value: 'pw' } });
    fireEvent.click(screen.getByRole('button', { name: 'Remove Bob' }));
    expect(props.onRemove).toHaveBeenCalledWith('pw');
    const busy = screen.getByRole('button', { name: 'Removing…' }) as HTMLButtonElement;
    expect(busy.disabled).toBe(true);
    await act(async () => answer({ ok: true, value: null }));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('keeps the account after a wrong password, says why and counts down the back-off', async () => {
    const props = renderRemove(BOB, () =>
      Promise.resolve({
        ok: false,
        error: { message: 'Wrong password', code: 'WRONG_PASSWORD', details: { retryAfterMs: 2000 } },
      }),
    );
    const field = screen.getByLabelText('Wallet password') as HTMLInputElement;
    fireEvent.change(field, { target: { value: 'not it' } });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Remove Bob' })));
    expect(screen.getByRole('alert').textContent).toContain('Wrong password');
    expect(screen.getByText(/Too many wrong passwords: try again in [12] s\./)).toBeTruthy();
    expect(field.value).toBe('');
    expect(document.activeElement).toBe(field);
    fireEvent.change(field, { target: { value: 'pw' } });
    expect((screen.getByRole('button', { name: 'Remove Bob' }) as HTMLButtonElement).disabled).toBe(true);
    expect(props.onRemove).toHaveBeenCalledTimes(1);
  });

  it('shows the background’s refusal in words', async () => {
    renderRemove(BOB, () =>
      Promise.resolve({
        ok: false,
        error: { message: 'No account 5FHne… in this wallet', code: 'ACCOUNT_NOT_FOUND' },
      }),
    );
    fireEvent.change(screen.getByLabelText('Wallet password'), { target: { value: 'pw' } });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Remove Bob' })));
    expect(screen.getByRole('alert').textContent).toContain('No account 5FHne… in this wallet');
    expect(screen.getByText('ACCOUNT_NOT_FOUND').closest('details')).toBeTruthy();
  });
});
